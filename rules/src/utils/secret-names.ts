/**
 * BuildKit's `getSecretsRegex` (`dockerfile2llb/validations.go`): a secret word as the whole name
 * or as a `_`-delimited part of it, unless an allowed word is one too. SecretsUsedInArgOrEnv
 * reports ARG and ENV names that match; other rules use it so as not to report them twice.
 */
const BUILDKIT_SECRET = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const BUILDKIT_ALLOWED = /(?:_|^)(?:public|file|version)(?:_|$)/i;

export function isBuildkitSecretName(name: string): boolean {
  return BUILDKIT_SECRET.test(name) && !BUILDKIT_ALLOWED.test(name);
}
