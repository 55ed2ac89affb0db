import { buildkitCheckName } from "./buildkit-checks.js";
import { coreRules } from "./rule.js";
import type { AnyRule } from "./types.js";

const HADOLINT_CODE = /^(DL|SC)\d{4}$/;

/** A hadolint rule code (`DL3008`) or ShellCheck code (`SC2086`), any of which hadolint's configuration accepts. */
export function isHadolintCode(name: string): boolean {
  return HADOLINT_CODE.test(name.toUpperCase());
}

/** One of BuildKit's build check names (`StageNameCasing`), in any case. */
export function isBuildkitCheckName(name: string): boolean {
  return buildkitCheckName(name) !== null;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

/**
 * The rules a lint run knows, by id and by alias. An alias may stand for several rules (BuildKit's
 * `MultipleInstructionsDisallowed` covers CMD, ENTRYPOINT and HEALTHCHECK).
 */
export class RuleRegistry {
  private readonly byId = new Map<string, AnyRule>();
  private readonly byAlias = new Map<string, AnyRule[]>();

  constructor(rules: readonly AnyRule[]) {
    for (const rule of [...coreRules, ...rules]) {
      const { id } = rule.meta;
      if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) throw new Error(`rule id "${id}" is not kebab-case`);
      if (this.byId.has(id)) throw new Error(`two rules have the id "${id}"`);
      this.byId.set(id, rule);
    }
    for (const rule of this.byId.values()) {
      for (const alias of rule.meta.aliases ?? []) {
        if (this.byId.has(alias)) throw new Error(`alias "${alias}" of ${rule.meta.id} is also a rule id`);
        const key = alias.toLowerCase();
        this.byAlias.set(key, [...(this.byAlias.get(key) ?? []), rule]);
      }
    }
  }

  get rules(): AnyRule[] {
    return [...this.byId.values()];
  }

  get(id: string): AnyRule | undefined {
    return this.byId.get(id);
  }

  /** The rules an id or alias names (aliases match case-insensitively); empty when unknown. */
  resolve(name: string): AnyRule[] {
    const rule = this.byId.get(name);
    if (rule) return [rule];
    return this.byAlias.get(name.toLowerCase()) ?? [];
  }

  /** The closest known id, for "did you mean" hints. */
  suggest(name: string): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const id of this.byId.keys()) {
      const d = distance(name.toLowerCase(), id);
      if (d < bestDistance) {
        best = id;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(2, name.length / 3) ? best : undefined;
  }

  /** A " Did you mean …?" sentence, or "". */
  hint(name: string): string {
    const suggestion = this.suggest(name);
    return suggestion ? ` Did you mean "${suggestion}"?` : "";
  }
}
