/**
 * `RUN --mount` values as the step will use them: each `--mount` flag expanded and checked as
 * BuildKit's builder does (`instructions/commands_runmount.go` `parseMount`, through the parser's
 * `resolveMount`), then given BuildKit's defaults for its type (`dockerfile2llb/convert_runmount.go`,
 * `convert_secrets.go`, `convert_ssh.go`): targets relative to WORKDIR, the cache id, the secret's
 * file, the SSH socket path. Pure: nothing here talks to the engine.
 */
import { type Flag, type RunInstruction, resolveMount } from "@dfbuild/parser";
import { type DockerfileLocation, MountError } from "../errors.js";
import { goBase, goClean, goJoin } from "../paths.js";

interface MountBase {
  /** The `--mount` flag, for errors. */
  at: DockerfileLocation;
  /** The flag's value as written. */
  text: string;
}

export interface BindMountSpec extends MountBase {
  type: "bind";
  target: string;
  /** The path inside the source root (the context, or `from`'s filesystem), cleaned and rooted. */
  source: string;
  /** A stage name or index, or an image; null for the build context. */
  from: string | null;
  readOnly: boolean;
}

export interface CacheMountSpec extends MountBase {
  type: "cache";
  target: string;
  id: string;
  /** A subdirectory of the seed (with `from`) or of the cache (without); "" for its root. */
  source: string;
  from: string | null;
  readOnly: boolean;
  sharing: "shared" | "private" | "locked";
  mode: number | null;
  uid: number | null;
  gid: number | null;
}

export interface TmpfsMountSpec extends MountBase {
  type: "tmpfs";
  target: string;
  size: number | null;
  readOnly: boolean;
}

export interface SecretMountSpec extends MountBase {
  type: "secret";
  id: string;
  /** Where the file goes; null when the secret is only an environment variable. */
  target: string | null;
  env: string | null;
  required: boolean;
  mode: number;
  uid: number;
  gid: number;
}

export interface SshMountSpec extends MountBase {
  type: "ssh";
  id: string;
  target: string;
  required: boolean;
  mode: number;
  uid: number;
  gid: number;
}

export type RunMountSpec = BindMountSpec | CacheMountSpec | TmpfsMountSpec | SecretMountSpec | SshMountSpec;

export interface MountContext {
  /** Variables the values are expanded with (the stage's env and build args). */
  env: ReadonlyMap<string, string>;
  escape: string;
  /** The stage's WORKDIR at this RUN. */
  workdir: string;
  /** The Dockerfile's name, for error locations. */
  file: string;
}

/** The default SSH agent id (`sshforward.DefaultID`). */
export const DEFAULT_SSH_ID = "default";

/** The `--mount` flags of a RUN, in order, resolved; throws a `BuildError` at the flag that is wrong. */
export function runMountSpecs(instruction: RunInstruction, context: MountContext): RunMountSpec[] {
  const specs: RunMountSpec[] = [];
  let sshIndex = 0;
  for (const flag of instruction.flags) {
    if (flag.name !== "mount") continue;
    const spec = resolveFlag(flag, context, sshIndex);
    if (spec.type === "ssh") sshIndex++;
    specs.push(spec);
  }
  return specs;
}

function resolveFlag(flag: Flag, context: MountContext, sshIndex: number): RunMountSpec {
  const at: DockerfileLocation = { file: context.file, line: flag.range.start.line, column: flag.range.start.column };
  const text = flag.value ?? "";
  const fail = (message: string): never => {
    throw new MountError(message, at);
  };
  const resolved = resolveMount(text, context.env, context.escape);
  if (!resolved.ok) return fail(resolved.message);
  const mount = resolved.mount;
  // BuildKit: bind and secret/ssh mounts are read-only unless `rw` is given; cache and tmpfs are writable.
  const readOnly = mount.readOnly ?? !(mount.type === "cache" || mount.type === "tmpfs");
  // A relative (or missing) target is inside the working directory (`convert_runmount.go`).
  const inWorkdir = (target: string): string => (target.startsWith("/") ? goClean(target) : goJoin("/", context.workdir === "" ? "/" : context.workdir, target));
  const target = (): string => {
    const resolvedTarget = inWorkdir(mount.target ?? "");
    if (resolvedTarget === "/") fail(`invalid mount target "/"`);
    return resolvedTarget;
  };
  // `source` is always taken from its root: `path.Join("/", source)` clamps `..` there.
  const source = goClean(`/${mount.source ?? ""}`);
  switch (mount.type) {
    case "bind":
      return { type: "bind", at, text, target: target(), source, from: mount.from, readOnly };
    case "cache": {
      // The id defaults to the target as written, cleaned, before WORKDIR applies.
      const id = mount.id ?? goClean(mount.target ?? "");
      if (id.split("/").includes("..")) {
        fail(`invalid cache id "${id}": an id names a cache, and may not contain ".." (set id= to a name)`);
      }
      return {
        type: "cache",
        at,
        text,
        target: target(),
        id,
        source: mount.source === null ? "" : source.slice(1),
        from: mount.from,
        readOnly,
        sharing: mount.sharing ?? "shared",
        mode: mount.mode,
        uid: mount.uid,
        gid: mount.gid,
      };
    }
    case "tmpfs":
      return { type: "tmpfs", at, text, target: target(), size: mount.size, readOnly };
    case "secret": {
      // `convert_secrets.go`: the id is `id`, else `source`, else the target's base name.
      let id = mount.id ?? mount.source ?? "";
      if (id === "") id = goBase(mount.target ?? "");
      const target = mount.target !== null && mount.target !== "" ? inWorkdir(mount.target) : mount.env === null ? `/run/secrets/${goBase(id)}` : null;
      return { type: "secret", at, text, id, target, env: mount.env, required: mount.required, mode: mount.mode ?? 0o400, uid: mount.uid ?? 0, gid: mount.gid ?? 0 };
    }
    case "ssh": {
      if (mount.source !== null) fail("ssh does not support source");
      const sshTarget = mount.target !== null && mount.target !== "" ? inWorkdir(mount.target) : `/run/buildkit/ssh_agent.${String(sshIndex)}`;
      return { type: "ssh", at, text, id: mount.id ?? DEFAULT_SSH_ID, target: sshTarget, required: mount.required, mode: mount.mode ?? 0o600, uid: mount.uid ?? 0, gid: mount.gid ?? 0 };
    }
  }
}

/** How a mount enters the RUN's cache key: its definition, never what a cache, tmpfs or secret holds. */
export function mountKey(spec: RunMountSpec): Record<string, unknown> {
  switch (spec.type) {
    case "bind":
      return { type: spec.type, target: spec.target, source: spec.source, readOnly: spec.readOnly };
    case "cache":
      return { type: spec.type, target: spec.target, id: spec.id, sharing: spec.sharing, readOnly: spec.readOnly, source: spec.source, mode: spec.mode, uid: spec.uid, gid: spec.gid };
    case "tmpfs":
      return { type: spec.type, target: spec.target, size: spec.size, readOnly: spec.readOnly };
    case "secret":
      return { type: spec.type, id: spec.id, target: spec.target, env: spec.env, required: spec.required, mode: spec.mode, uid: spec.uid, gid: spec.gid };
    case "ssh":
      return { type: spec.type, id: spec.id, target: spec.target, required: spec.required, mode: spec.mode, uid: spec.uid, gid: spec.gid };
  }
}
