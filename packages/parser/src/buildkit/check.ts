/**
 * BuildKit's build-check configuration: the `# check=…` parser directive, the same text in a
 * comment directly above an instruction, and the `BUILDKIT_DOCKERFILE_CHECK` build argument.
 * Follows moby/buildkit `frontend/dockerfile/linter/linter.go` (`ParseLintOptions`,
 * `WithMergedConfigFromComments`) and `frontend/dockerfile/parser/directives.go`
 * (`DirectiveParser.ParseLine`, `ParseDirective`).
 */
import { goQuote, trimGoSpace } from "../text.js";
import { parseBool } from "./go.js";

export interface CheckOptions {
  /** `skip=all`: every build check is off. */
  skipAll: boolean;
  /** `skip=A,B`: these checks are off (BuildKit's names, case-sensitive). */
  skip: string[];
  /** `experimental=all`. */
  experimentalAll: boolean;
  /** `experimental=A,B`: these experimental checks are on. */
  experimental: string[];
  /** `error=true`: a check finding fails the build. */
  error: boolean;
}

export type CheckOptionsResult = { ok: true; options: CheckOptions } | { ok: false; message: string };

function names(value: string): string[] {
  return value.split(",").map((name) => trimGoSpace(name));
}

/**
 * Parses a check directive's value as BuildKit does. BuildKit first cuts the value at its first
 * space (`strings.Cut(d.Value, " ")` in both `ParseDirective` and `WithMergedConfigFromComments`),
 * so `skip=A error=true` means `skip=A`; then splits on `;` into at most three options (Go's
 * `SplitN`: a third option keeps any further `;`).
 */
export function parseCheckOptions(directiveValue: string): CheckOptionsResult {
  const space = directiveValue.indexOf(" ");
  const value = trimGoSpace(space === -1 ? directiveValue : directiveValue.slice(0, space));
  const options: CheckOptions = { skipAll: false, skip: [], experimentalAll: false, experimental: [], error: false };
  if (value === "") return { ok: true, options };
  const parts = value.split(";");
  const limited = parts.length > 3 ? [parts[0] ?? "", parts[1] ?? "", parts.slice(2).join(";")] : parts;
  for (const part of limited) {
    const eq = part.indexOf("=");
    if (eq < 0) return { ok: false, message: `invalid check option ${goQuote(part)}` };
    const key = trimGoSpace(part.slice(0, eq));
    const rest = trimGoSpace(part.slice(eq + 1));
    switch (key) {
      case "skip":
        if (rest === "all") options.skipAll = true;
        else options.skip = names(rest);
        break;
      case "experimental":
        if (rest === "all") options.experimentalAll = true;
        else options.experimental = names(rest);
        break;
      case "error": {
        const flag = parseBool(rest);
        if (flag === null) return { ok: false, message: `failed to parse check option ${goQuote(part)}: strconv.ParseBool: parsing ${goQuote(rest)}: invalid syntax` };
        options.error = flag;
        break;
      }
      default:
        return { ok: false, message: `invalid check option ${goQuote(key)}` };
    }
  }
  return { ok: true, options };
}

const DIRECTIVE = /^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
const DIRECTIVE_NAMES = new Set(["syntax", "escape", "check"]);

/**
 * The check options of an instruction's leading comments (BuildKit's `PrevComment`, text after
 * `#`), as `WithMergedConfigFromComments` reads them: the first comment that is a `check=`
 * directive decides; if its value does not parse, BuildKit keeps the file's options (null here).
 */
export function checkOptionsFromComments(comments: readonly string[]): { options: CheckOptions; comment: string } | { error: string; comment: string } | null {
  for (const comment of comments) {
    const match = DIRECTIVE.exec(comment.trimStart());
    const name = match?.[1]?.toLowerCase();
    if (!match || name === undefined || !DIRECTIVE_NAMES.has(name) || name !== "check") continue;
    const parsed = parseCheckOptions(match[2] ?? "");
    return parsed.ok ? { options: parsed.options, comment } : { error: parsed.message, comment };
  }
  return null;
}
