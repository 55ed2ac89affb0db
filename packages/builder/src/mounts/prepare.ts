/**
 * Turning a RUN's `--mount`s into what the engine can do (API 1.41: volumes, binds, tmpfs), so that
 * they work on a local engine and on a remote one alike:
 * - bind sources (the context's files, or a stage's) are copied into a volume the step mounts and
 *   then removes, so `rw` writes are thrown away and `.dockerignore` holds, as in BuildKit;
 * - caches are volumes that outlive builds (`cache-volumes.ts`);
 * - tmpfs mounts are the engine's tmpfs with `exec` (BuildKit's tmpfs allows it; the engine's
 *   default is `noexec`);
 * - secrets go through a volume filled by the archive API of a container that never starts, never
 *   through an upload into a tmpfs (that lands underneath it, in the layer);
 * - SSH agents are forwarded sockets (local engines only).
 * A file mount (a file source, a secret, a socket) needs a file at its target, which the engine
 * would leave in the layer as an empty stub: when the target's directory is missing, a tmpfs at
 * that directory holds the stub; when the directory exists, the file is mounted under the
 * container's /dev (a tmpfs) and a symlink at the target, made and removed around the command,
 * points at it. What stays in the layer is what BuildKit 0.8 (Docker 20.10) leaves: the empty
 * directories the engine made for mount targets that did not exist.
 */
import type { ContainerCreateBody, Mount } from "@dfbuild/engine";
import { EngineError } from "@dfbuild/engine";
import { CopyError, type CopySource, contextSources } from "../copy.js";
import { type DockerfileLocation, MountError } from "../errors.js";
import { type BindMountSpec, type CacheMountSpec, type RunMountSpec, mountKey } from "../instructions/run-mounts.js";
import type { BuildServices } from "../instructions/request.js";
import { goBase, goClean, goDir } from "../paths.js";
import type { StageState } from "../stage-state.js";
import { packEntries, type TarEntry } from "../tar.js";
import { forwardAgent } from "./ssh-agent.js";
import { retarUnder, treeDigest } from "./tree-transfer.js";

/** Where the helper container sees the volumes it fills. */
const FILL_ROOT = ".dfbuild-fill";
/** File mounts whose target's directory exists are mounted here (the container's /dev is a tmpfs). */
const DEV_MOUNTS = "/dev/.dfbuild-mounts";

/** Where a bind or cache seed comes from, found before the cache probe. */
type MountSource =
  | { kind: "context"; copy: CopySource; rootMode: number }
  | { kind: "image"; image: string; path: string; directory: boolean; digest: string }
  | { kind: "empty" };

export interface PreparedMounts {
  /** What the mounts add to the step's cache key. */
  key: unknown[];
  /** On a cache miss: makes the mounts; the container fields and the wrapper's operations. */
  realize: () => Promise<RealizedMounts>;
}

export interface RealizedMounts {
  container: Pick<NonNullable<ContainerCreateBody["HostConfig"]>, "Mounts" | "Tmpfs">;
  /**
   * What the command's wrapper does around it: `e:NAME=VALUE` exports, `f:NAME=PATH` exports a
   * file's content, `l:TARGET=PATH` makes a symlink for the command's duration.
   */
  operations: string[];
  /** Removes what was made for the step; call it once the step's container is gone. */
  release: () => Promise<void>;
}

function mountError(message: string, at: DockerfileLocation, code: MountError["code"] = "DFB_MOUNT_INVALID"): MountError {
  return new MountError(message, at, code);
}

/** Whether the step's user is root (who can make and remove the symlinks of file mounts anywhere). */
function runsAsRoot(user: string): boolean {
  const name = user.split(":", 1)[0] ?? "";
  return name === "" || name === "root" || name === "0";
}

export async function prepareMounts(services: BuildServices, state: StageState, specs: readonly RunMountSpec[]): Promise<PreparedMounts> {
  const sources = new Map<number, MountSource>();
  const key: unknown[] = [];
  for (const [index, spec] of specs.entries()) {
    if (spec.type === "bind") {
      const source = await bindSource(services, state, spec);
      sources.set(index, source);
      const content = source.kind === "context" ? source.copy.hash : source.kind === "image" ? source.digest : "empty";
      key.push({ ...mountKey(spec), content });
    } else if (spec.type === "cache") {
      const seed = spec.from === null ? null : await fromImage(services, state, spec.from, spec);
      if (seed !== null) sources.set(index, { kind: "image", image: seed, path: goClean(`/${spec.source}`), directory: true, digest: "" });
      key.push({ ...mountKey(spec), seed });
    } else if (spec.type === "tmpfs") {
      key.push(mountKey(spec));
    } else if (spec.type === "secret") {
      if (spec.required && !services.secrets.has(spec.id)) {
        throw mountError(`secret ${spec.id}: not found (give it with --secret id=${spec.id},src=FILE or id=${spec.id},env=VAR)`, spec.at, "DFB_MOUNT_SECRET_NOT_FOUND");
      }
      key.push(mountKey(spec));
    } else {
      if (!services.engine.host.startsWith("unix://")) {
        throw mountError(
          `RUN --mount=type=ssh needs the engine on this machine: the engine at ${services.engine.host} cannot reach this machine's SSH agent (use a local engine, or fetch what needs SSH before the build)`,
          spec.at,
          "DFB_MOUNT_SSH_UNAVAILABLE",
        );
      }
      if (spec.required && !services.ssh.has(spec.id)) {
        throw mountError(`no SSH key "${spec.id}" forwarded from the client (give it with --ssh ${spec.id === "default" ? "default" : `${spec.id}=SOCKET`})`, spec.at, "DFB_MOUNT_SSH_UNAVAILABLE");
      }
      key.push(mountKey(spec));
    }
  }
  return { key, realize: () => realize(services, state, specs, sources) };
}

/** The image a `from` names: an earlier stage, else an image (pulled if missing); null for scratch. */
async function fromImage(services: BuildServices, state: StageState, from: string, spec: BindMountSpec | CacheMountSpec): Promise<string | null> {
  const stage = await services.stageImage(from, state.name);
  if (stage !== undefined) return stage;
  if (services.isStageName(from)) {
    throw mountError(`cannot mount from stage "${from}" to "${spec.target}", stage needs to be defined before current command`, spec.at);
  }
  if (from.toLowerCase() === "scratch") return null;
  return services.ensureImage(from);
}

async function bindSource(services: BuildServices, state: StageState, spec: BindMountSpec): Promise<MountSource> {
  if (spec.from === null) {
    const relative = spec.source === "/" ? "." : spec.source.slice(1);
    let copy: CopySource | undefined;
    try {
      copy = (await contextSources(services.context, [relative], false))[0];
    } catch (error) {
      if (!(error instanceof CopyError)) throw error;
    }
    if (copy === undefined) throw mountError(`bind source "${spec.source}" not found in the build context (or excluded by .dockerignore)`, spec.at);
    const resolved = relative === "." ? "" : await services.context.resolve(relative);
    const root = await services.context.entry(resolved);
    return { kind: "context", copy, rootMode: root?.mode ?? 0o755 };
  }
  const image = await fromImage(services, state, spec.from, spec);
  if (image === null) {
    if (spec.source !== "/") throw mountError(`bind source "${spec.source}" not found in scratch`, spec.at);
    return { kind: "empty" };
  }
  const recorded = await services.cache.content(image, spec.source);
  if (recorded !== undefined) return { kind: "image", image, path: recorded.resolved, directory: recorded.directory, digest: recorded.digest };
  // Symlinks in the path resolve inside the image's root, as BuildKit resolves them in its snapshot.
  const found = await services.containers.with({ Image: image, Entrypoint: ["/dfbuild-mount-source"], Cmd: null }, async (container) => {
    let resolved = spec.source;
    let stat;
    try {
      stat = await services.engine.containers.statPath(container, resolved, { signal: services.signal });
      if (stat.type === "symlink" && stat.linkTarget !== "") {
        resolved = stat.linkTarget;
        stat = await services.engine.containers.statPath(container, resolved, { signal: services.signal });
      }
    } catch (error) {
      if (error instanceof EngineError && error.status === 404) return undefined;
      throw error;
    }
    const download = await services.engine.containers.getArchive(container, resolved, { signal: services.signal });
    return { resolved, directory: stat.type === "directory", digest: await treeDigest(download.tar) };
  });
  if (found === undefined) throw mountError(`bind source "${spec.source}" not found in ${spec.from}`, spec.at);
  await services.cache.storeContent(image, spec.source, { digest: found.digest, resolved: found.resolved, directory: found.directory });
  return { kind: "image", image, path: found.resolved, directory: found.directory, digest: found.digest };
}

/** A volume being filled through the helper container, at `/.dfbuild-fill/<slot>`. */
interface Fill {
  volume: string;
  slot: number;
  /** Writes the volume's content; `prefix` is its path in the helper (without the leading /). */
  write?: (helper: string, prefix: string) => Promise<void>;
}

/** A mount whose target must be a file. */
interface FileMount {
  target: string;
  /** Where the file is on the engine's host (a volume's file) or on this machine (a local engine). */
  hostPath: () => Promise<string>;
  readOnly: boolean;
}

async function realize(services: BuildServices, state: StageState, specs: readonly RunMountSpec[], sources: ReadonlyMap<number, MountSource>): Promise<RealizedMounts> {
  const { engine, signal } = services;
  const mounts: Mount[] = [];
  const tmpfs: Record<string, string> = {};
  const operations: string[] = [];
  const releases: (() => Promise<void>)[] = [];
  const fills: Fill[] = [];
  const files: FileMount[] = [];
  const checks: { path: string; at: DockerfileLocation; message: string }[] = [];
  const mountpoints = new Map<string, Promise<string>>();
  const mountpointOf = (volume: string): Promise<string> => {
    let found = mountpoints.get(volume);
    if (found === undefined) {
      found = engine.volumes.inspect(volume, { signal }).then((info) => info.Mountpoint);
      mountpoints.set(volume, found);
    }
    return found;
  };
  const release = async (): Promise<void> => {
    for (const step of releases.reverse()) await step().catch(() => undefined);
  };
  const temporaryVolume = async (purpose: string): Promise<string> => {
    const volume = await services.volumes.create(purpose);
    releases.push(() => services.volumes.remove(volume));
    return volume;
  };
  const fillSlot = (volume: string, write?: Fill["write"]): Fill => {
    const fill: Fill = { volume, slot: fills.length, write };
    fills.push(fill);
    return fill;
  };

  try {
    let secretVolume: Fill | undefined;
    const secretFiles: TarEntry[] = [];
    for (const [index, spec] of specs.entries()) {
      switch (spec.type) {
        case "bind": {
          const source = sources.get(index);
          if (source === undefined) throw new Error("bind mount without a source");
          const volume = await temporaryVolume("bind mount");
          const isFile = (source.kind === "context" && source.copy.kind !== "directory") || (source.kind === "image" && !source.directory);
          fillSlot(volume, (helper, prefix) => fillBind(services, helper, prefix, source, isFile));
          if (isFile) {
            const name = source.kind === "context" ? goBase(source.copy.name) : goBase(source.path);
            files.push({ target: spec.target, readOnly: spec.readOnly, hostPath: async () => `${await mountpointOf(volume)}/${name}` });
          } else {
            mounts.push({ Type: "volume", Source: volume, Target: spec.target, ReadOnly: spec.readOnly, VolumeOptions: { NoCopy: true } });
          }
          break;
        }
        case "cache": {
          const seed = sources.get(index);
          const cache = await services.cacheVolumes.acquire(
            { id: spec.id, seed: seed?.kind === "image" ? { image: seed.image, source: seed.path } : null, mode: spec.mode, uid: spec.uid, gid: spec.gid },
            {
              sharing: spec.sharing,
              fresh: state.ignoreCache,
              description: `cached mount ${spec.target}`,
              lockImage: state.imageId,
              signal,
              onWait: () => {
                services.emit({ type: "message", step: services.step(), text: `waiting for cache mount ${spec.id}: another build holds it (sharing=locked)` });
              },
            },
          );
          releases.push(cache.release);
          if (cache.created) fillSlot(cache.volume, (helper, prefix) => seedCache(services, helper, prefix, spec, seed));
          if (spec.source !== "" && spec.from === null) {
            // A subdirectory of the cache: it must exist (BuildKit fails the same way on a new cache).
            const fill = fillSlot(cache.volume);
            checks.push({ path: `/${FILL_ROOT}/${String(fill.slot)}/${spec.source}`, at: spec.at, message: `cache mount source "${spec.source}" does not exist in cache ${spec.id}` });
            mounts.push({ Type: "bind", Source: `${await mountpointOf(cache.volume)}/${spec.source}`, Target: spec.target, ReadOnly: spec.readOnly });
          } else {
            mounts.push({ Type: "volume", Source: cache.volume, Target: spec.target, ReadOnly: spec.readOnly, VolumeOptions: { NoCopy: true } });
          }
          break;
        }
        case "tmpfs": {
          // BuildKit's tmpfs is `rw,nosuid` with exec and devices; the engine's default adds noexec,nodev.
          const options = ["exec", "dev", ...(spec.size === null ? [] : [`size=${String(spec.size)}`]), ...(spec.readOnly ? ["ro"] : [])];
          tmpfs[spec.target] = options.join(",");
          break;
        }
        case "secret": {
          const value = await services.secrets.value(spec.id);
          if (value === undefined) {
            if (spec.required) throw mountError(`secret ${spec.id}: not found`, spec.at, "DFB_MOUNT_SECRET_NOT_FOUND");
            // BuildKit: a missing optional secret mounts nothing; as a variable it is set but empty.
            if (spec.env !== null) operations.push(`e:${spec.env}=`);
            break;
          }
          if (secretVolume === undefined) {
            const volume = await temporaryVolume("secrets");
            secretVolume = fillSlot(volume, async (helper, prefix) => {
              await engine.containers.putArchive(helper, "/", packEntries(secretFiles.map((file) => ({ ...file, name: `${prefix}/${file.name}` }))), { signal });
            });
          }
          const volume = secretVolume.volume;
          const addFile = (mode: number, uid: number, gid: number): string => {
            const name = `s${String(secretFiles.length)}`;
            secretFiles.push({ name, entry: { path: name, type: "file", mode, uid, gid, size: value.length, mtime: new Date(0), content: () => value } });
            return name;
          };
          if (spec.target !== null) {
            const name = addFile(spec.mode, spec.uid, spec.gid);
            files.push({ target: spec.target, readOnly: true, hostPath: async () => `${await mountpointOf(volume)}/${name}` });
          }
          if (spec.env !== null) {
            // Read by the wrapper, which runs as the step's user: the file is only ever under /dev.
            const name = addFile(0o444, 0, 0);
            const inside = `${DEV_MOUNTS}/${name}`;
            mounts.push({ Type: "bind", Source: `${await mountpointOf(volume)}/${name}`, Target: inside, ReadOnly: true });
            operations.push(`f:${spec.env}=${inside}`);
          }
          break;
        }
        case "ssh": {
          const source = services.ssh.get(spec.id);
          if (source === undefined) {
            if (spec.required) throw mountError(`no SSH key "${spec.id}" forwarded from the client`, spec.at, "DFB_MOUNT_SSH_UNAVAILABLE");
          } else {
            const agent = await forwardAgent(source.socket, { mode: spec.mode, uid: spec.uid, gid: spec.gid });
            releases.push(agent.close);
            files.push({ target: spec.target, readOnly: false, hostPath: () => Promise.resolve(agent.path) });
          }
          break;
        }
      }
    }
    // BuildKit points SSH_AUTH_SOCK at the first SSH mount unless the stage sets it.
    const firstSsh = specs.find((spec) => spec.type === "ssh");
    if (firstSsh !== undefined && !state.config.Env.some((entry) => entry.startsWith("SSH_AUTH_SOCK="))) operations.push(`e:SSH_AUTH_SOCK=${firstSsh.target}`);

    // One helper container (never started) fills the volumes, checks cache sources and looks at
    // the image's paths for the file mounts.
    const needsHelper = fills.length > 0 || files.length > 0;
    if (needsHelper) {
      const helperMounts: Mount[] = fills.map((fill) => ({ Type: "volume", Source: fill.volume, Target: `/${FILL_ROOT}/${String(fill.slot)}`, VolumeOptions: { NoCopy: true } }));
      await services.containers.with({ Image: state.imageId, Entrypoint: ["/dfbuild-mount-helper"], Cmd: null, HostConfig: { Mounts: helperMounts } }, async (helper) => {
        for (const fill of fills) await fill.write?.(helper, `${FILL_ROOT}/${String(fill.slot)}`);
        for (const check of checks) {
          if ((await pathType(services, helper, check.path)) !== "directory") throw mountError(check.message, check.at);
        }
        const covering = [...mounts.map((mount) => mount.Target), ...Object.keys(tmpfs)];
        const covered = (path: string): boolean => covering.some((target) => path === target || path.startsWith(`${target}/`));
        const root = runsAsRoot(state.config.User);
        for (const [index, file] of files.entries()) {
          const hostPath = await file.hostPath();
          const target = file.target;
          const parent = goDir(target);
          if (covered(target) || covered(parent) || (await pathType(services, helper, target)) !== "missing") {
            mounts.push({ Type: "bind", Source: hostPath, Target: target, ReadOnly: file.readOnly });
          } else if ((await pathType(services, helper, parent)) === "missing") {
            // The engine makes the file's stub inside this tmpfs; only the directories stay, as in BuildKit 0.8.
            tmpfs[parent] ??= "exec,dev";
            mounts.push({ Type: "bind", Source: hostPath, Target: target, ReadOnly: file.readOnly });
          } else if (root) {
            const inside = `${DEV_MOUNTS}/f${String(index)}`;
            mounts.push({ Type: "bind", Source: hostPath, Target: inside, ReadOnly: file.readOnly });
            operations.push(`l:${target}=${inside}`);
          } else {
            // A user other than root may not be able to make or remove the symlink: the engine's
            // empty stub stays in the layer (README, "RUN --mount").
            mounts.push({ Type: "bind", Source: hostPath, Target: target, ReadOnly: file.readOnly });
          }
        }
      });
    }
  } catch (error) {
    await release();
    throw error;
  }
  return { container: { Mounts: mounts, Tmpfs: tmpfs }, operations, release };
}

async function pathType(services: BuildServices, container: string, path: string): Promise<"directory" | "other" | "missing"> {
  try {
    const stat = await services.engine.containers.statPath(container, path, { signal: services.signal });
    return stat.type === "directory" ? "directory" : "other";
  } catch (error) {
    if (error instanceof EngineError && error.status === 404) return "missing";
    throw error;
  }
}

/** Copies a bind's source into its volume: the context's files (0:0, as the CLI sends them) or an image's tree. */
async function fillBind(services: BuildServices, helper: string, prefix: string, source: MountSource, isFile: boolean): Promise<void> {
  const { engine, signal } = services;
  if (source.kind === "empty") return;
  if (source.kind === "context") {
    const copy = source.copy;
    const rootMode = source.rootMode;
    // Streamed from the context as the upload reads it (see copy.ts).
    const entries = async function* (): AsyncGenerator<TarEntry> {
      if (!isFile) yield { name: prefix, entry: { path: "", type: "directory", mode: rootMode, uid: 0, gid: 0, size: 0, mtime: new Date() } };
      for await (const entry of copy.entries()) yield { name: isFile ? `${prefix}/${goBase(copy.name)}` : `${prefix}/${entry.path}`, entry };
    };
    await engine.containers.putArchive(helper, "/", packEntries(entries()), { signal });
    return;
  }
  await copyImageTree(services, source.image, source.path, helper, isFile ? `${prefix}/${goBase(source.path)}` : prefix);
}

/** Streams a path of an image into the helper at `prefix` (the path's root becomes `prefix`). */
async function copyImageTree(services: BuildServices, image: string, path: string, helper: string, prefix: string): Promise<void> {
  const { engine, signal } = services;
  await services.containers.with({ Image: image, Entrypoint: ["/dfbuild-mount-source"], Cmd: null }, async (container) => {
    const download = await engine.containers.getArchive(container, path, { signal });
    const dropInitLayer = path === "/" || path === "/etc";
    await engine.containers.putArchive(helper, "/", retarUnder(download.tar, prefix, { dropInitLayer }), { signal });
  });
}

/**
 * A new cache: seeded from `from` (its `source`), or given the `uid`/`gid`/`mode` asked for — which,
 * as in BuildKit (`setCacheUIDGID`), makes an empty directory even when `from` is given.
 */
async function seedCache(services: BuildServices, helper: string, prefix: string, spec: CacheMountSpec, seed: MountSource | undefined): Promise<void> {
  if (spec.uid !== null || spec.gid !== null || spec.mode !== null) {
    const root: TarEntry = { name: prefix, entry: { path: "", type: "directory", mode: spec.mode ?? 0o755, uid: spec.uid ?? 0, gid: spec.gid ?? 0, size: 0, mtime: new Date() } };
    await services.engine.containers.putArchive(helper, "/", packEntries([root]), { signal: services.signal });
    return;
  }
  if (seed?.kind !== "image") return;
  try {
    await copyImageTree(services, seed.image, seed.path, helper, prefix);
  } catch (error) {
    if (error instanceof EngineError && error.status === 404) throw mountError(`cache mount source "${seed.path}" not found in ${spec.from ?? ""}`, spec.at);
    throw error;
  }
}
