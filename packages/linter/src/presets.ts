import type { AnyRule, PresetName, RuleLevel } from "./types.js";

/**
 * The newest version of the presets this dfbuild knows. A release that adds rules to a preset
 * (or raises a rule's severity in it) bumps this; the rules it adds declare
 * `meta.presetVersion` = the new number.
 */
export const LATEST_PRESET_VERSION = 1;

export const PRESET_NAMES: readonly PresetName[] = ["recommended", "strict", "hadolint"];

/** A preset at a version: what `preset: recommended@1` in a configuration means. */
export interface PresetChoice {
  name: PresetName;
  /**
   * The rule set as of this version: rules added to the preset in later dfbuild releases stay
   * off, so upgrading dfbuild never adds findings. `latest` follows the running release.
   */
  version: number | "latest";
}

/**
 * What runs when nothing is configured: `recommended` at version 1. The default never moves, so
 * a CI without a configuration cannot turn red on an upgrade; `dfbuild rules` lists the rules a
 * newer version would add.
 */
export const DEFAULT_PRESET: PresetChoice = { name: "recommended", version: 1 };

export class PresetSyntaxError extends Error {
  override readonly name = "PresetSyntaxError";
  readonly code = "DFB_PRESET_INVALID";
}

/** Parses `recommended`, `strict@2`, `hadolint@latest`. A bare name means version 1, as the default does. */
export function parsePreset(text: string): PresetChoice {
  const at = text.indexOf("@");
  const name = (at === -1 ? text : text.slice(0, at)).trim();
  const version = at === -1 ? "1" : text.slice(at + 1).trim();
  if (!(PRESET_NAMES as readonly string[]).includes(name)) {
    throw new PresetSyntaxError(`unknown preset "${name}" (expected ${PRESET_NAMES.join(", ")}, optionally with @VERSION, e.g. recommended@${LATEST_PRESET_VERSION})`);
  }
  if (version === "latest") return { name: name as PresetName, version: "latest" };
  const number = /^[1-9]\d*$/.test(version) ? Number(version) : NaN;
  if (!Number.isSafeInteger(number) || number > LATEST_PRESET_VERSION) {
    throw new PresetSyntaxError(
      `unknown version "${version}" of preset ${name} (this dfbuild knows versions 1 to ${LATEST_PRESET_VERSION}, or "latest"; a newer version needs a newer dfbuild)`,
    );
  }
  return { name: name as PresetName, version: number };
}

export function formatPreset(choice: PresetChoice): string {
  return `${choice.name}@${choice.version}`;
}

function resolvedVersion(choice: PresetChoice): number {
  return choice.version === "latest" ? LATEST_PRESET_VERSION : choice.version;
}

/** The preset version that added a rule (1 unless the rule says otherwise). */
export function presetVersionOf(rule: AnyRule): number {
  return rule.meta.presetVersion ?? 1;
}

/**
 * A rule's level in a preset:
 *  - `recommended`: rules not marked `recommended: false`, at `meta.severity` (dfbuild's
 *    severity, which follows BuildKit where hadolint and BuildKit disagree);
 *  - `strict`: every rule, at `meta.severity`;
 *  - `hadolint`: the rules hadolint has (those with `meta.hadolint`), at hadolint's default
 *    severity, so a team migrating gets hadolint's findings and exit codes.
 * Rules a newer preset version added are off.
 */
export function presetLevel(rule: AnyRule, choice: PresetChoice): RuleLevel {
  if (presetVersionOf(rule) > resolvedVersion(choice)) return "off";
  const { meta } = rule;
  switch (choice.name) {
    case "recommended":
      return meta.recommended === false ? "off" : meta.severity;
    case "strict":
      return meta.severity;
    case "hadolint":
      return meta.hadolint ?? "off";
  }
}

/** Rules the chosen version leaves off that a newer version of the same preset would run. */
export function newerRules(rules: readonly AnyRule[], choice: PresetChoice): AnyRule[] {
  if (choice.version === "latest") return [];
  const latest: PresetChoice = { name: choice.name, version: "latest" };
  return rules.filter((rule) => presetLevel(rule, choice) === "off" && presetLevel(rule, latest) !== "off");
}
