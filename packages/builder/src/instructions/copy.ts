/**
 * COPY and ADD: one archive of the sources written into a container of the current image, then
 * committed (moby `dispatchCopy`/`dispatchAdd`, `performCopy` in `internals.go`). The history
 * names the sources by their content digests, which are also the cache key.
 */
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { EngineError } from "@dfbuild/engine";
import { type AddInstruction, type CopyInstruction, IgnoreMatcher, type Instruction, expand } from "@dfbuild/parser";
import { minimatch } from "minimatch";
import { shellOf } from "../config.js";
import { BuildContext } from "../context.js";
import {
  CopyError,
  type CopySource,
  type Ownership,
  type PathKind,
  combinedHash,
  contextSources,
  copyIntoContainer,
  copyLayer,
  firstEntry,
  heredocSource,
  isArchive,
  urlSource,
} from "../copy.js";
import type { SourceEntry } from "../source-entry.js";
import { ChecksumError } from "../errors.js";
import { containsWildcards, goBase, goClean, goDir } from "../paths.js";
import { expansionEnv } from "../stage-state.js";
import { commitStep } from "../step.js";
import { layerPathKinds, preparePathProbe, statKind } from "../layer-paths.js";
import { readEntries } from "../tar.js";
import { chompTabs } from "./run.js";
import type { BuildServices, DispatchRequest, Handler } from "./request.js";

export const dispatchCopy: Handler<CopyInstruction> = (request) => copyOrAdd(request);
export const dispatchAdd: Handler<AddInstruction> = (request) => copyOrAdd(request);


/**
 * The context paths a COPY or ADD names, when they are known before the steps ahead of it have
 * run: every source a literal word (no variable, quote or escape character, so no expansion can
 * change it) read from the context (no --from, --parents, --exclude, heredoc, URL or Git
 * repository). Undefined for any other instruction.
 */
export function literalContextSources(instruction: Instruction, escape: string): string[] | undefined {
  if (instruction.type !== "Copy" && instruction.type !== "Add") return undefined;
  if (instruction.heredocs.length > 0 || instruction.flags.some((flag) => flag.name === "from" || flag.name === "parents" || flag.name === "exclude")) return undefined;
  const paths = instruction.sources.map((source) => source.value);
  const literal = (path: string): boolean => !/["'$]/.test(path) && !path.includes(escape) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(path) && !path.startsWith("git@");
  return paths.length > 0 && paths.every(literal) ? paths : undefined;
}

/**
 * Reads and hashes context sources ahead of their step (build.ts does it while a RUN runs): the
 * context keeps each file's digest (`BuildContext.hash`), and the step finds them ready. The same
 * reads the step would make, in the same context: neither the digests nor the images change. A
 * failure is left for the step itself to meet and report.
 */
export async function prepareContextSources(context: BuildContext, paths: readonly string[]): Promise<void> {
  await contextSources(context, paths, false).catch(() => undefined);
}

/** The flags of COPY and ADD, as BuildKit's `instructions/parse.go` reads them. */
interface CopyFlags {
  chown: string;
  chmodText: string;
  chmod: number | undefined;
  from: string | undefined;
  link: boolean;
  parents: boolean;
  exclude: string[];
  checksum: string | undefined;
  keepGitDir: boolean;
  /** ADD: extract archives; undefined is the default (local archives yes, downloads no). */
  unpack: boolean | undefined;
}

function readFlags({ instruction, word, fail }: DispatchRequest<CopyInstruction | AddInstruction>): CopyFlags {
  const name = instruction.keyword.name;
  const value = (flagName: string): string | undefined => {
    const found = instruction.flags.findLast((candidate) => candidate.name === flagName);
    return found === undefined ? undefined : (found.value ?? "");
  };
  // BFlags booleans: `--link` alone is true, `--link=false` false (the parser checked the value).
  const bool = (flagName: string): boolean | undefined => {
    const text = value(flagName);
    return text === undefined ? undefined : text === "" || text.toLowerCase() === "true";
  };
  const chmodText = value("chmod") === undefined ? "" : word(value("chmod") ?? "");
  let chmod: number | undefined;
  if (chmodText !== "") {
    if (!/^[0-7]{1,4}$/.test(chmodText)) fail(`invalid --chmod value ${chmodText}: only octal modes are supported`);
    chmod = Number.parseInt(chmodText, 8);
  }
  const checksum = value("checksum") === undefined ? undefined : word(value("checksum") ?? "");
  if (checksum !== undefined && name === "COPY") fail("checksum can't be specified for COPY");
  return {
    chown: value("chown") === undefined ? "" : word(value("chown") ?? ""),
    chmodText,
    chmod,
    // The classic builder does not expand --from (`CopyCommand.Expand` skips it).
    from: value("from"),
    // BuildKit: --link together with --chmod is a plain copy (`convert_copy.go`, `cfg.chmod == ""`).
    link: bool("link") === true && chmod === undefined,
    parents: bool("parents") === true,
    exclude: instruction.flags.filter((flag) => flag.name === "exclude").map((flag) => word(flag.value ?? "")),
    checksum,
    keepGitDir: bool("keep-git-dir") === true,
    unpack: bool("unpack"),
  };
}

/** A source with where it goes: the instruction's destination, or below it with --parents. */
interface PlacedSource {
  source: CopySource;
  destination: string;
}

async function copyOrAdd(request: DispatchRequest<CopyInstruction | AddInstruction>): Promise<boolean> {
  const { state, instruction, services, word, fail } = request;
  const name = instruction.keyword.name;
  const flags = readFlags(request);
  const { chown, chmod, chmodText, from } = flags;
  const destination = word(instruction.destination?.value ?? "");
  const sourceWords = instruction.sources.map((source) => source.value);
  const { engine, context, signal } = services;
  const excludes = flags.exclude.length === 0 ? undefined : new IgnoreMatcher(flags.exclude);
  const cleanups: (() => Promise<void>)[] = [];

  const placed: PlacedSource[] = [];
  const place = async (source: CopySource, parentPath?: string): Promise<void> => {
    const filtered = excludes === undefined ? source : await excludeFrom(source, excludes);
    if (filtered === undefined) return;
    placed.push({ source: filtered, destination: parentPath === undefined ? destination : parentsDestination(destination, filtered, parentPath) });
  };
  let fromImage = false;
  try {
    const remote = sourceWords.map((source) => name === "ADD" && !/^<<-?/.test(source) && (isUrl(word(source)) || isGitUrl(word(source))));
    if (flags.checksum !== undefined) {
      if (sourceWords.length > 1) fail("checksum can't be specified for multiple sources");
      if (remote[0] !== true) fail("checksum requires HTTP(S) or Git sources");
    }
    if (flags.keepGitDir && !sourceWords.every((source) => isGitUrl(word(source)))) {
      fail(`--keep-git-dir only applies to Git sources: ${sourceWords.map(word).filter((source) => !isGitUrl(source)).join(", ")} is not a Git repository URL`);
    }
    // The layer is built here when it can be (copy.ts `copyLayer`): not with --chown (names are
    // the image's), --link, or under a final image's VOLUMEs (see `commitStep`).
    const layered = services.imageConfigs !== undefined && chown === "" && !flags.link && !(state.finalImage === true && state.volumes.length > 0);
    if (from !== undefined && from !== "") {
      // A step sure to miss readies what it asks its questions of while it waits for its sources
      // (a stage still building, an image to pull).
      if (layered && (services.noCache || state.cacheBusted)) void preparePathProbe(services, state);
      fromImage = true;
      const paths = sourceWords.map(word);
      const names = await services.accountNames();
      const found = await services.copyFromSources(from, state.name, paths, names);
      for (const source of found) await place(source, flags.parents ? source.name : undefined);
    } else {
      for (const source of sourceWords) {
        const heredoc = instruction.heredocs.find((candidate) => /^<<-?/.test(source) && source.replace(/^<<-?["']?/, "").replace(/["']$/, "") === candidate.name);
        if (heredoc !== undefined) {
          let content = heredoc.chomp ? chompTabs(heredoc.content) : heredoc.content;
          if (heredoc.expand) {
            const result = expand(content, expansionEnv(state), { escape: services.escape, skipProcessQuotes: true });
            if (result.ok) content = result.value;
          }
          await place(heredocSource(heredoc.name, content));
          continue;
        }
        const path = word(source);
        if (name === "ADD" && isGitUrl(path)) {
          const git = await gitSource(path, { keepGitDir: flags.keepGitDir, checksum: flags.checksum, signal });
          cleanups.push(git.cleanup);
          await place(git.source);
        } else if (name === "ADD" && isUrl(path)) {
          const download = await urlSource(path, destination, signal);
          if (flags.checksum !== undefined) await verifyChecksum(download, path, flags.checksum);
          if (flags.unpack === true) {
            const archive = await downloadedArchive(download);
            if (archive !== undefined) {
              cleanups.push(archive.cleanup);
              await place(archive.source);
              continue;
            }
          }
          await place(download);
        } else if (flags.parents) {
          for (const found of await parentsSources(context, path)) await place(found.source, found.relative);
        } else {
          for (const found of await contextSources(context, [path], name === "ADD" && flags.unpack !== false)) await place(found);
        }
      }
    }
    const sources = placed.map((item) => item.source);
    if (sources.length === 0) fail(`${name} failed: no source files were specified`);
    if (sources.length > 1 && !destination.endsWith("/")) {
      fail(`When using ${name} with more than one source file, the destination must be a directory and end with a /`);
    }
    // Docker 20.10 writes no space after the --chown value (a bug fixed later, kept for identical history).
    const chownComment = chown === "" ? "" : `--chown=${chown}`;
    const chmodComment = chmod === undefined ? "" : `--chmod=${chmodText} `;
    const comment = `${name} ${chownComment}${chmodComment}${combinedHash(sources)} in ${destination} `;
    // What the history text does not show but changes the result (absent, the key stays as it was).
    const options = { link: flags.link, parents: flags.parents, exclude: flags.exclude, keepGitDir: flags.keepGitDir, unpack: flags.unpack ?? null };
    const changed = flags.link || flags.parents || flags.exclude.length > 0 || flags.keepGitDir || flags.unpack !== undefined;
    return await commitStep(services, state, {
      command: [...shellOf(state.config), `#(nop) ${comment}`],
      silentContainer: true,
      sources,
      ...(changed ? { extra: options } : {}),
      ...(layered
        ? {
            layer: async () => {
              // One archive: one destination (--parents may give each source its own).
              const [target, ...others] = new Set(placed.map((item) => item.destination));
              if (target === undefined || others.length > 0) return undefined;
              const ownership: Ownership = fromImage ? "preserve" : { uid: 0, gid: 0 };
              return copyLayer(sources, { destination: target, workdir: state.config.WorkingDir, ownership, chmod, link: false }, layerPathKinds(services, state));
            },
          }
        : {}),
      act: async (container) => {
        const pathKind = (path: string): Promise<PathKind> => statKind(services, container, path);
        let ownership: Ownership = fromImage ? "preserve" : { uid: 0, gid: 0 };
        if (chown !== "") ownership = await resolveChown(services, container, chown);
        // One archive per destination (--parents gives each source its own), in the order written.
        const groups = new Map<string, CopySource[]>();
        for (const item of placed) groups.set(item.destination, [...(groups.get(item.destination) ?? []), item.source]);
        for (const [target, group] of groups) {
          await copyIntoContainer(engine, container, group, { destination: target, workdir: state.config.WorkingDir, ownership, chmod, link: flags.link }, pathKind, signal);
        }
      },
    });
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

/** BuildKit's HTTP sources for ADD: `http://` and `https://` URLs that are not Git repositories. */
function isUrl(source: string): boolean {
  return /^https?:\/\//.test(source) && !isGitUrl(source);
}

/**
 * Whether ADD reads a source as a Git repository, as BuildKit's `gitutil.ParseGitRef` does:
 * `git://`, `git@host:`, `ssh://`, or an HTTP(S) URL whose path ends in `.git`.
 */
export function isGitUrl(source: string): boolean {
  if (/^(git:\/\/|ssh:\/\/|git@[^:]+:)/.test(source)) return true;
  if (!/^https?:\/\//.test(source)) return false;
  const path = source.replace(/#.*$/, "").replace(/\?.*$/, "");
  return /\.git\/?$/.test(path);
}

/**
 * `--exclude`: patterns as `.dockerignore`'s (moby/patternmatcher, `**` and all), matched
 * against paths inside each source — a directory's entries, or a file's own name — as BuildKit's
 * copy does (`ExcludePatterns` of `llb.Copy`). A directory's digest is taken again over what is left.
 */
async function excludeFrom(source: CopySource, excludes: IgnoreMatcher): Promise<CopySource | undefined> {
  if (source.kind !== "directory") {
    const base = goBase(source.name);
    return excludes.matchesOrParentMatches(base) || excludes.matchesOrParentMatches(source.name) ? undefined : source;
  }
  const kept = (entry: SourceEntry): boolean => !excludes.matchesOrParentMatches(entry.path);
  // One pass over the entries, as a stream, for the digest of what is left.
  const digest = createHash("sha256");
  let all = 0;
  let left = 0;
  for await (const entry of source.entries()) {
    all++;
    if (!kept(entry)) continue;
    digest.update(`${left === 0 ? "" : "\n"}${entry.path}\0${String(entry.size)}\0${String(entry.mode)}`);
    left++;
  }
  if (left === all) return source;
  return {
    ...source,
    entries: async function* () {
      for await (const entry of source.entries()) if (kept(entry)) yield entry;
    },
    hash: `${source.hash}:exclude:${digest.digest("hex")}`,
  };
}

/**
 * `COPY --parents`: a source keeps its path under the destination — from the context's root, or
 * from the first `/./` in the source (BuildKit `convert_copy.go`, `dockerfile_parents_test.go`).
 */
function parentsDestination(destination: string, source: CopySource, relative: string): string {
  const base = destination.endsWith("/") ? destination : `${destination}/`;
  const path = goClean(relative);
  if (source.kind === "directory") return `${base}${path}`;
  const directory = goDir(path);
  return directory === "." ? base : `${base}${directory}/`;
}

/**
 * The context sources of a `--parents` word, each with its path to keep: wildcards (with `**`,
 * any depth, as BuildKit allows here) are matched against every path the context sends.
 */
async function parentsSources(context: BuildContext, word: string): Promise<{ source: CopySource; relative: string }[]> {
  const normalized = word.replace(/^\/+/, "").replace(/^(\.\/)+/, "");
  const pivot = normalized.indexOf("/./");
  const dropped = pivot === -1 ? "" : goClean(normalized.slice(0, pivot));
  const pattern = goClean(normalized);
  const keep = (path: string): string => (dropped !== "" && (path === dropped || path.startsWith(`${dropped}/`)) ? path.slice(dropped.length + 1) || "." : path);
  if (!containsWildcards(pattern)) {
    return (await contextSources(context, [pattern], false)).map((source) => ({ source, relative: keep(pattern) }));
  }
  const found: { source: CopySource; relative: string }[] = [];
  for await (const entry of context.walk(".")) {
    if (!minimatch(entry.path, pattern, { dot: true, nobrace: true, noext: true, nonegate: true, nocomment: true })) continue;
    for (const source of await contextSources(context, [entry.path], false)) found.push({ source, relative: keep(entry.path) });
  }
  return found;
}

/** `ADD --checksum=<algorithm>:<hex>`: the download must have that digest (BuildKit's HTTP source). */
async function verifyChecksum(download: CopySource, url: string, checksum: string): Promise<void> {
  const match = /^(sha256|sha384|sha512):([0-9a-f]+)$/.exec(checksum);
  const lengths: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
  const algorithm = match?.[1] ?? "";
  if (match === null || match[2]?.length !== lengths[algorithm]) {
    throw new CopyError(`invalid checksum digest format "${checksum}": expected sha256:<64 hex digits> (or sha384, sha512)`);
  }
  const content = (await firstEntry(download))?.content?.();
  const actual = `${algorithm}:${createHash(algorithm).update(Buffer.isBuffer(content) ? content : Buffer.alloc(0)).digest("hex")}`;
  if (actual !== checksum) {
    throw new ChecksumError(`digest mismatch for ${url}: got ${actual}, --checksum expects ${checksum}`);
  }
}

/** `ADD --unpack=true` of a URL: a downloaded archive extracted at the destination, as a local one would be. */
async function downloadedArchive(download: CopySource): Promise<{ source: CopySource; cleanup: () => Promise<void> } | undefined> {
  const content = (await firstEntry(download))?.content?.();
  if (!Buffer.isBuffer(content)) return undefined;
  const directory = await mkdtemp(join(tmpdir(), "dfbuild-add-"));
  const cleanup = (): Promise<void> => rm(directory, { recursive: true, force: true });
  const file = join(directory, "download");
  await writeFile(file, content);
  if (!(await isArchive(file))) {
    await cleanup();
    return undefined;
  }
  return { source: { ...download, kind: "archive", archivePath: file }, cleanup };
}

/**
 * `ADD <git repository>[#ref[:subdir]]`: the repository checked out at the ref (default branch
 * without one) by the local `git`, `.git` left out unless `--keep-git-dir` (BuildKit's git source).
 * `--checksum` is the commit (or a prefix of it).
 */
async function gitSource(
  url: string,
  options: { keepGitDir: boolean; checksum: string | undefined; signal: AbortSignal | undefined },
): Promise<{ source: CopySource; cleanup: () => Promise<void> }> {
  const hash = url.indexOf("#");
  const remote = hash === -1 ? url : url.slice(0, hash);
  const [ref = "", subdir = ""] = (hash === -1 ? "" : url.slice(hash + 1)).split(":", 2);
  const directory = await mkdtemp(join(tmpdir(), "dfbuild-git-"));
  const cleanup = (): Promise<void> => rm(directory, { recursive: true, force: true });
  const checkout = join(directory, "checkout");
  // node:child_process is loaded here, by an `ADD <git URL>`, rather than at every start.
  const execFileAsync = promisify(process.getBuiltinModule("node:child_process").execFile);
  const git = async (args: string[], cwd?: string): Promise<string> => {
    try {
      const { stdout } = await execFileAsync("git", args, { cwd, signal: options.signal, env: { ...process.env, GIT_TERMINAL_PROMPT: "0" }, maxBuffer: 16 * 1024 * 1024 });
      return stdout.trim();
    } catch (error) {
      const detail = (error as { stderr?: string }).stderr?.trim() ?? (error as Error).message;
      throw new CopyError(`git ${args[0] ?? ""} of ${remote} failed: ${detail}`);
    }
  };
  try {
    await git(["clone", "--quiet", "--no-checkout", "--", remote, checkout]);
    await git(["-c", "advice.detachedHead=false", "checkout", "--quiet", ref === "" ? "HEAD" : ref], checkout);
    const commit = await git(["rev-parse", "HEAD"], checkout);
    if (options.checksum !== undefined && !commit.startsWith(options.checksum)) {
      throw new ChecksumError(`checksum mismatch "${options.checksum}" != "${commit}"`);
    }
    if (!options.keepGitDir) await rm(join(checkout, ".git"), { recursive: true, force: true });
    const tree = new BuildContext(checkout, new IgnoreMatcher([]));
    const [source] = await contextSources(tree, [subdir === "" ? "." : subdir], false);
    if (source === undefined) throw new CopyError(`${subdir} not found in ${remote} at ${ref === "" ? "HEAD" : ref}`);
    return { source, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/**
 * `--chown=user[:group]`: numbers as they are, names from the destination image's /etc/passwd and
 * /etc/group; a missing group is the user string again (`parseChownFlag` in `internals_linux.go`).
 */
async function resolveChown(services: BuildServices, container: string, chown: string): Promise<{ uid: number; gid: number }> {
  const [user = "", group = user] = chown.split(":", 2);
  const lookup = async (file: string, name: string, what: string): Promise<number> => {
    if (/^\d+$/.test(name)) return Number(name);
    const content = await readContainerFile(services, container, file);
    for (const line of content.split("\n")) {
      const fields = line.split(":");
      if (fields[0] === name && fields[2] !== undefined && /^\d+$/.test(fields[2])) return Number(fields[2]);
    }
    throw new CopyError(`unable to convert uid/gid chown string to host mapping: can't find ${what} for ${what === "uid" ? "user" : "group"} ${name}: no such ${what === "uid" ? "user" : "group"}: ${name}`);
  };
  return { uid: await lookup("/etc/passwd", user, "uid"), gid: await lookup("/etc/group", group, "gid") };
}

/** A file of the container as text; a missing one reads as empty. */
async function readContainerFile(services: BuildServices, container: string, path: string): Promise<string> {
  const { engine, signal } = services;
  try {
    const download = await engine.containers.getArchive(container, path, { signal });
    const entries = await readEntries(download.tar);
    const content = entries.find((entry) => entry.type === "file")?.content?.();
    return Buffer.isBuffer(content) ? content.toString("utf8") : "";
  } catch (error) {
    if (error instanceof EngineError && error.status === 404) return "";
    throw error;
  }
}
