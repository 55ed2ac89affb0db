import { checkMount } from "./buildkit/mount.js";
import { type Environment, expand } from "./shell/expand.js";

/**
 * Validates a `RUN --mount` value the way BuildKit's builder does once variables are known:
 * each field value expanded with `env`, then BuildKit's checks. Returns BuildKit's message, or
 * null when the mount is valid.
 */
export function validateMount(value: string, env: Environment, escape = "\\"): string | null {
  const result = checkMount(value, (field) => {
    const expanded = expand(field, env, { escape });
    return expanded.ok ? { value: expanded.value } : { error: expanded.message };
  });
  return result.ok === false ? result.message : null;
}
