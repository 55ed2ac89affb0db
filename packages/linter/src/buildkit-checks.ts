/**
 * BuildKit's build checks, by the names `# check=skip=…` and `docker build --check` use
 * (moby/buildkit `frontend/dockerfile/linter/ruleset.go`; docs: https://docs.docker.com/reference/build-checks/).
 * A configuration may name any of them, even one dfbuild has no rule for yet.
 */
export const BUILDKIT_CHECKS: ReadonlySet<string> = new Set([
  "StageNameCasing",
  "FromAsCasing",
  "NoEmptyContinuation",
  "ConsistentInstructionCasing",
  "DuplicateStageName",
  "ReservedStageName",
  "JSONArgsRecommended",
  "MaintainerDeprecated",
  "UndefinedArgInFrom",
  "WorkdirRelativePath",
  "UndefinedVar",
  "MultipleInstructionsDisallowed",
  "LegacyKeyValueFormat",
  "InvalidBaseImagePlatform",
  "RedundantTargetPlatform",
  "SecretsUsedInArgOrEnv",
  "InvalidDefaultArgInFrom",
  "FromPlatformFlagConstDisallowed",
  "CopyIgnoredFile",
  "InvalidDefinitionDescription",
  "ExposeProtoCasing",
  "ExposeInvalidFormat",
]);

/** Checks BuildKit runs only when `# check=experimental=…` names them (`Experimental: true` in ruleset.go). */
export const EXPERIMENTAL_BUILDKIT_CHECKS: ReadonlySet<string> = new Set(["InvalidDefinitionDescription"]);

const lowerCased = new Map([...BUILDKIT_CHECKS].map((name) => [name.toLowerCase(), name]));

/** BuildKit's spelling of a check name given in any case (configuration is case-insensitive), or null. */
export function buildkitCheckName(name: string): string | null {
  return lowerCased.get(name.toLowerCase()) ?? null;
}
