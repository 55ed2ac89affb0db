import { type ResolvedMount, checkMount } from "./buildkit/mount.js";
import { type Environment, expand } from "./shell/expand.js";

export type { ResolvedMount } from "./buildkit/mount.js";

/**
 * Validates a `RUN --mount` value the way BuildKit's builder does once variables are known:
 * each field value expanded with `env`, then BuildKit's checks. Returns BuildKit's message, or
 * null when the mount is valid.
 */
export function validateMount(value: string, env: Environment, escape = "\\"): string | null {
  const result = resolveMount(value, env, escape);
  return result.ok ? null : result.message;
}

/**
 * A `RUN --mount` value as BuildKit's builder reads it (`setMountState` → `parseMount`): the CSV
 * fields, each value expanded with `env` (BuildKit expands every key's value since Dockerfile 1.3),
 * checked, and typed. Defaults that depend on the stage (target, id) are left to the builder.
 */
export function resolveMount(value: string, env: Environment, escape = "\\"): { ok: true; mount: ResolvedMount } | { ok: false; message: string } {
  const result = checkMount(value, (field) => {
    const expanded = expand(field, env, { escape });
    return expanded.ok ? { value: expanded.value } : { error: expanded.message };
  });
  if (result.ok === false) return result;
  // An expander that knows every variable never leaves the result unknown.
  if (result.ok === "unknown") return { ok: false, message: `cannot resolve mount ${value}` };
  return { ok: true, mount: result.resolved };
}
