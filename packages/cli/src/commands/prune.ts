/**
 * `dfbuild prune`: `docker builder prune` for dfbuild's cache (docker/cli
 * `cli/command/builder/prune.go`): the same flags and filter syntax, the same confirmation prompt
 * (asked unless `-f`; anything but `y` keeps everything), and "Total reclaimed space" in docker's
 * units.
 */
import { BuildError, type CacheMountVolume, defaultCacheDir, humanSize, listCacheMounts, localVolumeSize, PruneError, pruneBuildCache, removeCacheMounts } from "@dfbuild/builder";
import { Engine, EngineClientError } from "@dfbuild/engine";
import { parseDuration } from "@dfbuild/parser";
import { parseRamBytes } from "../docker-opts.js";
import { FlagError, type FlagTable, parseFlags } from "../flag-parser.js";
import { type CliIo, UsageError } from "../io.js";

export const pruneUsage = `Usage: dfbuild prune [options]

Removes dfbuild's build cache from the engine: the cache index entries, the images only the cache
keeps (a tagged image stays, and so do the images it is built on), and the dangling images dfbuild
made; with --all also the RUN --mount=type=cache volumes. Asks for confirmation unless -f.
  -a, --all                  also remove the cache-mount volumes (those no build is using)
      --filter until=DUR     only entries not used for DUR (24h, 90m) or since a time (RFC 3339, unix)
      --filter id=ID, --filter description=TEXT
                             with --all: only the cache mounts with that id (or volume name), or
                             whose description (cached mount TARGET from RUN …) contains TEXT
      --keep-storage SIZE    remove least recently used entries only until the cache takes SIZE (10GB, 512m)
  -f, --force                do not ask for confirmation
  -H, --host HOST            the engine (default: $DOCKER_HOST, else unix:///var/run/docker.sock)
The cache index is in $DFBUILD_CACHE_DIR (default ~/.cache/dfbuild).
Exit status: 0 when done (or when the answer was no), 1 when the engine refused, 2 for usage errors.`;

const PRUNE_FLAGS = {
  all: { kind: "bool", short: "a" },
  filter: { kind: "array" },
  force: { kind: "bool", short: "f" },
  "keep-storage": { kind: "string" },
  // BuildKit's newer name for the same limit (buildx `prune --max-used-space`).
  "max-used-space": { kind: "string" },
  "reserved-space": { kind: "string", rejected: "dfbuild keeps no space in reserve; --keep-storage caps what the cache may take" },
  "min-free-space": { kind: "string", rejected: "dfbuild does not watch the disk's free space; --keep-storage caps what the cache may take" },
  host: { kind: "array", short: "H" },
} as const satisfies FlagTable;

function usageError(message: string): UsageError {
  return new UsageError(`dfbuild prune: ${message}\n\n${pruneUsage}`);
}

/** `until=` as the engine reads prune filters (moby `api/types/time` GetTimestamp): a duration back from now, or a time. */
export function parseUntil(value: string, now: number): number {
  const duration = parseDuration(value);
  if (duration.ok) return Math.max(0, Math.round(duration.value / 1e6));
  if (/^\d+(\.\d+)?$/.test(value)) return Math.max(0, now - Number(value) * 1000);
  const time = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw usageError(`invalid filter 'until=${value}': a duration (24h, 90m) or a time (2006-01-02T15:04:05Z, unix seconds)`);
  return Math.max(0, now - time);
}

export async function pruneCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseFlags(argv, PRUNE_FLAGS);
  } catch (error) {
    if (error instanceof FlagError) throw usageError(error.message);
    throw error;
  }
  if (parsed.help) {
    io.stdout(`${pruneUsage}\n`);
    return 0;
  }
  if (parsed.operands.length > 0) throw usageError(`"dfbuild prune" accepts no arguments, got ${parsed.operands.join(" ")}`);
  const values = (name: keyof typeof PRUNE_FLAGS): string[] => parsed.flags.filter((flag) => flag.name === name).map((flag) => flag.value);
  const force = values("force").at(-1) === "true";
  const all = values("all").at(-1) === "true";
  const hosts = values("host");
  if (hosts.length > 1) throw usageError("specify only one -H");

  let olderThanMs: number | undefined;
  // BuildKit's `id` and `description` filters pick cache records; here they pick cache mounts (by
  // their mount id or volume name, and by a part of their description), and no image entry has them.
  const ids: string[] = [];
  const descriptions: string[] = [];
  for (const filter of values("filter")) {
    const equals = filter.indexOf("=");
    const key = equals === -1 ? filter : filter.slice(0, equals).toLowerCase();
    const value = equals === -1 ? "" : filter.slice(equals + 1);
    // docker's `unused-for` is the older name of `until` (docker/cli builder prune).
    if (key === "until" || key === "unused-for") olderThanMs = parseUntil(value, Date.now());
    else if (key === "id") ids.push(value);
    else if (key === "description") descriptions.push(value);
    else throw usageError(`invalid filter '${filter}': dfbuild prune filters by until=DURATION, id=CACHE-MOUNT-ID and description=TEXT (its cache has no ${key})`);
  }
  const mountFiltersOnly = ids.length > 0 || descriptions.length > 0;
  if (mountFiltersOnly && !all) throw usageError("the id and description filters pick cache mounts, which only --all removes");
  const limit = values("keep-storage").at(-1) ?? values("max-used-space").at(-1);
  let keepStorage: number | undefined;
  if (limit !== undefined) {
    try {
      keepStorage = parseRamBytes(limit);
    } catch (error) {
      throw usageError(`invalid argument "${limit}" for "--keep-storage" flag: ${(error as Error).message}`);
    }
  }

  if (!force) {
    const what = mountFiltersOnly
      ? "the RUN --mount=type=cache volumes the filters pick"
      : `dfbuild's build cache${olderThanMs === undefined ? "" : " not used recently"}${keepStorage === undefined ? "" : ` beyond ${humanSize(keepStorage)}`} and the dangling images dfbuild made${all ? ", and the RUN --mount=type=cache volumes" : ""}`;
    io.stdout(`WARNING! This will remove ${what}.\nAre you sure you want to continue? [y/N] `);
    const answer = io.readLine === undefined ? ((await io.readStdin()).split("\n")[0] ?? "") : ((await io.readLine()) ?? "");
    // docker/cli PromptForConfirmation: only y or Y goes on.
    if (answer.trim().toLowerCase() !== "y") {
      io.stdout("\n");
      return 0;
    }
  }

  let engine: Engine;
  try {
    engine = new Engine({ host: hosts[0], env: io.env });
  } catch (error) {
    if (error instanceof EngineClientError) {
      io.stderr(`dfbuild prune: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  try {
    const deleted: string[] = [];
    const noImages = { entries: 0, images: [], reclaimedBytes: 0 };
    const result = mountFiltersOnly
      ? noImages
      : await pruneBuildCache({
          engine,
          cacheDir: defaultCacheDir(io.env),
          olderThanMs,
          keepStorage,
          onImageRemoved: ({ image }) => deleted.push(image),
        });
    // --all: the cache mounts too, as `docker builder prune -a` removes BuildKit's; with until,
    // only volumes made before the cut-off (a volume records when it was made, not when it was used).
    const cutoff = olderThanMs === undefined ? undefined : Date.now() - olderThanMs;
    const select = (volume: CacheMountVolume): boolean =>
      (cutoff === undefined || (volume.createdAt !== undefined && Date.parse(volume.createdAt) < cutoff)) &&
      (ids.length === 0 || ids.some((id) => volume.id === id || volume.name === id)) &&
      descriptions.every((text) => volume.description.includes(text));
    const sizes = new Map<string, number | undefined>();
    if (all) for (const volume of (await listCacheMounts(engine)).filter(select)) sizes.set(volume.name, await localVolumeSize(engine, volume.name));
    const mounts = all ? await removeCacheMounts(engine, { select }) : { removed: [], inUse: [] };
    let volumeBytes = 0;
    let uncounted = 0;
    for (const volume of mounts.removed) {
      const size = sizes.get(volume.name);
      if (size === undefined) uncounted++;
      else volumeBytes += size;
    }
    io.stdout(`Deleted build cache entries: ${String(result.entries)}\n`);
    if (deleted.length > 0) io.stdout(`Deleted Images:\n${deleted.map((image) => `deleted: ${image}\n`).join("")}`);
    if (mounts.removed.length > 0) io.stdout(`Deleted Volumes:\n${mounts.removed.map((volume) => `${volume.name} (cache mount ${volume.id})\n`).join("")}`);
    for (const volume of mounts.inUse) io.stderr(`dfbuild prune: kept the cache-mount volume ${volume.name} (${volume.id}): a build is using it\n`);
    // A remote engine's volumes cannot be measured from here (the engine would walk every volume for GET /system/df).
    const note = uncounted > 0 ? ` (not counting ${String(uncounted)} volume${uncounted === 1 ? "" : "s"} whose size could not be read here)` : "";
    io.stdout(`\nTotal reclaimed space: ${humanSize(result.reclaimedBytes + volumeBytes)}${note}\n`);
    return 0;
  } catch (error) {
    if (error instanceof PruneError || error instanceof EngineClientError || error instanceof BuildError) {
      io.stderr(`dfbuild prune: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await engine.close();
  }
}
