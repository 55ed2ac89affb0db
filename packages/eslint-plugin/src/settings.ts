import { LABEL_TYPES, PRESET_NAMES, type LabelType, type PresetName, type RuleSettings } from "@dfbuild/linter";

/**
 * What `settings.dfbuild` in `eslint.config.js` may set: the settings `.dfbuild.yaml` gives the
 * rules (`trusted-registries`, `label-schema`, `strict-labels`), the preset whose behaviour the
 * rules follow (`hadolint` reproduces hadolint's verdicts), and whether our ignore comments count.
 */
export interface DfbuildEslintSettings {
  trustedRegistries?: readonly string[];
  labelSchema?: Readonly<Record<string, LabelType>>;
  strictLabels?: boolean;
  preset?: PresetName;
  /** Honour `# dfbuild-ignore`, `# hadolint ignore=` and `# check=skip=` comments (default true). */
  inlineIgnores?: boolean;
}

export interface ResolvedSettings {
  rules: RuleSettings;
  inlineIgnores: boolean;
}

/** A `settings.dfbuild` value ESLint's configuration gives that the plugin cannot use. */
export class DfbuildSettingsError extends Error {
  readonly code = "DFBUILD_ESLINT_SETTINGS";
  constructor(path: string, detail: string) {
    super(`eslint.config.js: settings.dfbuild${path}: ${detail}`);
    this.name = "DfbuildSettingsError";
  }
}

const KEYS = new Set(["trustedRegistries", "labelSchema", "strictLabels", "preset", "inlineIgnores"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads `settings.dfbuild`; unknown keys and wrong types are errors, never silently ignored. */
export function resolveSettings(settings: Record<string, unknown> | undefined): ResolvedSettings {
  const raw: unknown = settings?.dfbuild;
  if (raw !== undefined && !isRecord(raw)) throw new DfbuildSettingsError("", `expected an object, got ${JSON.stringify(raw)}`);
  const given = raw ?? {};
  for (const key of Object.keys(given)) {
    if (!KEYS.has(key)) throw new DfbuildSettingsError(`.${key}`, `unknown setting (known: ${[...KEYS].join(", ")})`);
  }
  const { trustedRegistries = [], labelSchema = {}, strictLabels = false, preset = "recommended", inlineIgnores = true } = given;
  if (!Array.isArray(trustedRegistries) || !trustedRegistries.every((each) => typeof each === "string")) {
    throw new DfbuildSettingsError(".trustedRegistries", "expected an array of registry host names");
  }
  if (!isRecord(labelSchema)) throw new DfbuildSettingsError(".labelSchema", `expected an object of label name to ${LABEL_TYPES.join(", ")}`);
  const schema = new Map<string, LabelType>();
  for (const [label, type] of Object.entries(labelSchema)) {
    if (!LABEL_TYPES.includes(type as LabelType)) {
      throw new DfbuildSettingsError(`.labelSchema.${label}`, `expected one of ${LABEL_TYPES.join(", ")}, got ${JSON.stringify(type)}`);
    }
    schema.set(label, type as LabelType);
  }
  if (typeof strictLabels !== "boolean") throw new DfbuildSettingsError(".strictLabels", "expected true or false");
  if (typeof inlineIgnores !== "boolean") throw new DfbuildSettingsError(".inlineIgnores", "expected true or false");
  if (!PRESET_NAMES.includes(preset as PresetName)) {
    throw new DfbuildSettingsError(".preset", `expected one of ${PRESET_NAMES.join(", ")}, got ${JSON.stringify(preset)}`);
  }
  return {
    rules: { trustedRegistries, labelSchema: schema, strictLabels, preset: preset as PresetName },
    inlineIgnores,
  };
}
