/**
 * The build context argument as the docker CLI reads it (docker/cli
 * `cli/command/image/build/context_detect.go`, `context.go`, `internal/git/gitutils.go`): `-` is
 * stdin, an existing path is a directory, a git URL is cloned with the system `git`, an http(s) URL
 * is downloaded. Stdin and a download are an archive (plain or gzip/bzip2/xz/zstd tar) that becomes
 * the context, or else a Dockerfile that is the whole context. dfbuild builds from a directory, so
 * archives are unpacked into a temporary one (and clones made in one), removed after the build.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { lstat, mkdir, mkdtemp, open, readFile, realpath, rm, stat, symlink, link, utimes, writeFile, chmod, lutimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import * as tar from "tar-stream";
import { IgnoreMatcher } from "@dfbuild/builder";
import type { CliIo } from "../io.js";

/** A context that cannot be used: `code` is stable, the message docker's words with what to do. */
export class BuildContextError extends Error {
  override readonly name = "BuildContextError";
  readonly code = "DFB_CLI_CONTEXT";
}

export interface PreparedContext {
  /** The directory to build from. */
  dir: string;
  /** The Dockerfile: its name as messages show it, and its text. */
  dockerfile: { name: string; text: string };
  /** The context's `.dockerignore` ("" when there is none). */
  dockerignore: string;
  /** Removes what preparing made (a clone, an unpacked archive); nothing for a local directory. */
  cleanup: () => Promise<void>;
  /** `dir` was made for this build (a clone, an unpacked archive) and goes with `cleanup`. */
  temporary: boolean;
}

/** docker/cli `urlutil.IsGitURL`: `http(s)://….git[#…]`, or `git://`, `git@`, `github.com/`. */
export function isGitUrl(text: string): boolean {
  if (/^https?:\/\//.test(text) && /\.git(?:#.+)?$/.test(text)) return true;
  return ["git://", "github.com/", "git@"].some((prefix) => text.startsWith(prefix));
}

export async function prepareContext(argument: string, file: string | undefined, io: CliIo): Promise<PreparedContext> {
  if (argument === "-") {
    if (file === "-") throw new BuildContextError("invalid argument: can't use stdin for both build context and dockerfile");
    return fromStream(stdinBytes(io), file, "<stdin>");
  }
  const local = resolve(io.cwd, argument);
  const found = await stat(local).catch(() => undefined);
  if (found !== undefined) {
    if (!found.isDirectory()) throw new BuildContextError(`unable to prepare context: context must be a directory: ${local}`);
    return fromDirectory(local, argument, file, io);
  }
  if (isGitUrl(argument)) return fromGit(argument, file, io);
  if (/^https?:\/\//.test(argument)) return fromUrl(argument, file, io);
  throw new BuildContextError(`unable to prepare context: path "${argument}" not found`);
}

/** A local directory: `-f` is relative to the current directory (docker/cli build.go). */
async function fromDirectory(dir: string, argument: string, file: string | undefined, io: CliIo): Promise<PreparedContext> {
  const dockerfile = file === "-" ? { name: "<stdin>", text: await io.readStdin() } : await readDockerfile(io.cwd, file, argument, io.cwd);
  return { dir, dockerfile, dockerignore: await readIgnore(dir, argument), cleanup: () => Promise.resolve(), temporary: false };
}

async function readIgnore(dir: string, shown: string): Promise<string> {
  return readFile(join(dir, ".dockerignore"), "utf8").catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw new BuildContextError(`cannot read ${join(shown, ".dockerignore")}: ${(error as Error).message}`);
  });
}

/**
 * The Dockerfile: `file` resolved against `base` (the CWD for a local context, the context root
 * otherwise), or `Dockerfile` in the context, falling back to `dockerfile`.
 */
async function readDockerfile(base: string, file: string | undefined, contextShown: string, cwd: string): Promise<{ name: string; text: string }> {
  const candidates = file === undefined ? [join(contextShown, "Dockerfile"), join(contextShown, "dockerfile")] : [file];
  for (const candidate of candidates) {
    const path = isAbsolute(candidate) ? candidate : resolve(file === undefined ? cwd : base, candidate);
    try {
      return { name: displayName(candidate, path, cwd), text: await readFile(path, "utf8") };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw new BuildContextError(`cannot read ${candidate}: ${(error as Error).message}`);
    }
  }
  throw new BuildContextError(`cannot find ${candidates[0] ?? "Dockerfile"}: no such file`);
}

function displayName(written: string, path: string, cwd: string): string {
  const fromCwd = relative(cwd, path);
  return fromCwd.startsWith("..") ? written : fromCwd;
}

async function* stdinBytes(io: CliIo): AsyncIterable<Uint8Array> {
  if (io.stdinStream !== undefined) {
    for await (const chunk of io.stdinStream()) yield chunk;
    return;
  }
  yield Buffer.from(await io.readStdin(), "utf8");
}

type Compression = "gzip" | "bzip2" | "xz" | "zstd";

/** docker's `archive.DetectCompression` magic numbers. */
function compressionOf(head: Buffer): Compression | undefined {
  const starts = (...bytes: number[]): boolean => bytes.every((byte, index) => head[index] === byte);
  if (starts(0x1f, 0x8b, 0x08)) return "gzip";
  if (starts(0x42, 0x5a, 0x68)) return "bzip2";
  if (starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) return "xz";
  if (starts(0x28, 0xb5, 0x2f, 0xfd)) return "zstd";
  return undefined;
}

/** Whether 512 bytes are a tar header: its checksum adds up (as Go's archive/tar checks it). */
function isTarHeader(head: Buffer): boolean {
  if (head.length < 512) return false;
  const stored = Number.parseInt(head.subarray(148, 156).toString("latin1").replace(/\0.*$/, "").trim(), 8);
  if (Number.isNaN(stored)) return false;
  let sum = 0;
  for (let index = 0; index < 512; index++) sum += index >= 148 && index < 156 ? 0x20 : (head[index] ?? 0);
  return sum === stored;
}

/**
 * Stdin or a download: saved to a temporary file first (any size, no memory held), then unpacked
 * when it is an archive, or taken as the Dockerfile otherwise (docker/cli `build.DetectArchiveReader`,
 * `WriteTempDockerfile`).
 */
async function fromStream(source: AsyncIterable<Uint8Array>, file: string | undefined, shown: string): Promise<PreparedContext> {
  const work = await mkdtemp(join(tmpdir(), "dfbuild-context-"));
  const cleanup = (): Promise<void> => rm(work, { recursive: true, force: true });
  try {
    const saved = join(work, "input");
    await pipeline(Readable.from(source), createWriteStream(saved));
    const handle = await open(saved, "r");
    const head = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    await handle.close();
    const peek = head.subarray(0, bytesRead);
    const compression = compressionOf(peek);
    const dir = join(work, "context");
    await mkdir(dir);
    if (compression === undefined && !isTarHeader(peek)) {
      // A plain Dockerfile: the whole context is that one file.
      if (file !== undefined) throw new BuildContextError("ambiguous Dockerfile source: both stdin and flag correspond to Dockerfiles");
      const text = await readFile(saved, "utf8");
      await writeFile(join(dir, "Dockerfile"), text);
      await rm(saved);
      return { dir, dockerfile: { name: shown, text }, dockerignore: "", cleanup, temporary: true };
    }
    await extractArchive(saved, compression, dir);
    await rm(saved);
    // -f names a member of the archive.
    const dockerfile = await readArchiveDockerfile(dir, file, shown);
    // The classic builder does not filter an archive context by its .dockerignore (only the CLI
    // does, for a directory it packs); it only drops the Dockerfile and the .dockerignore itself
    // when the .dockerignore names them (moby builder/remotecontext/detect.go removeDockerfile).
    const ignore = IgnoreMatcher.fromFile(await readIgnore(dir, shown));
    for (const name of [".dockerignore", file ?? "Dockerfile"]) {
      if (ignore.matchesOrParentMatches(posix.normalize(name.replace(/^\/+/, "")))) await rm(join(dir, name), { force: true });
    }
    return { dir, dockerfile, dockerignore: "", cleanup, temporary: true };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function readArchiveDockerfile(dir: string, file: string | undefined, shown: string): Promise<{ name: string; text: string }> {
  const names = file === undefined ? ["Dockerfile", "dockerfile"] : [file];
  for (const name of names) {
    const path = resolve(dir, name.replace(/^\/+/, ""));
    if (path !== dir && !path.startsWith(`${dir}${sep}`)) break;
    try {
      // The Dockerfile must be inside the context, symlinks included (docker: FollowSymlinkInScope).
      const real = await realpath(path);
      if (real !== dir && !real.startsWith(`${await realpath(dir)}${sep}`)) break;
      return { name: posix.normalize(name), text: await readFile(real, "utf8") };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw new BuildContextError(`cannot read ${name} in ${shown}: ${(error as Error).message}`);
    }
  }
  throw new BuildContextError(`Cannot locate specified Dockerfile: ${file ?? "Dockerfile"} (in the context from ${shown})`);
}

/** The command that decompresses a format Node has no decoder for (as docker's daemon runs them). */
const DECOMPRESSORS: Readonly<Record<Exclude<Compression, "gzip">, [string, string[]]>> = {
  bzip2: ["bzip2", ["-dc"]],
  xz: ["xz", ["-dc", "-q"]],
  zstd: ["zstd", ["-dcq"]],
};

/** The archive's tar stream, and a promise that fails if the decompressor does. */
function decompressed(path: string, compression: Compression | undefined): { stream: Readable; finished: Promise<void> } {
  if (compression === undefined) return { stream: createReadStream(path), finished: Promise.resolve() };
  // node:zlib and node:child_process are loaded for an archive or a git context, not at every start.
  if (compression === "gzip") return { stream: createReadStream(path).pipe(process.getBuiltinModule("node:zlib").createGunzip()), finished: Promise.resolve() };
  const [command, args] = DECOMPRESSORS[compression];
  const child = process.getBuiltinModule("node:child_process").spawn(command, [...args, path], { stdio: ["ignore", "pipe", "pipe"] });
  let errors = "";
  child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const finished = new Promise<void>((resolvePromise, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        new BuildContextError(
          error.code === "ENOENT" ? `the context is a ${compression} archive and ${command} is not installed (apt-get install ${command})` : `${command}: ${error.message}`,
        ),
      );
    });
    child.once("close", (code) => {
      if (code === 0) resolvePromise();
      else reject(new BuildContextError(`the context is not a valid ${compression} archive: ${errors.trim() || `${command} exited ${String(code)}`}`));
    });
  });
  // Awaited after the tar stream ends; a failure before then surfaces through the stream too.
  finished.catch(() => undefined);
  return { stream: child.stdout, finished };
}

/**
 * Unpacks a context archive into `dir`, refusing entries that would land outside it (`../x`,
 * absolute paths, writes through a symlink the archive made). Files keep their mode and mtime;
 * symlinks and hard links are made last, so no entry can be written through one.
 */
async function extractArchive(path: string, compression: Compression | undefined, dir: string): Promise<void> {
  const { stream: input, finished } = decompressed(path, compression);
  const extract = tar.extract();
  const links: { type: "symlink" | "link"; path: string; target: string; mode: number; mtime: Date }[] = [];
  const directories: { path: string; mode: number; mtime: Date }[] = [];
  // moby pkg/archive Untar: the entry joined onto the destination (an absolute name lands inside
  // it), refused when the cleaned path leaves it ("breakout"); hard link targets alike.
  const inside = (name: string): string => {
    const target = resolve(dir, `./${name.replace(/^\/+/, "")}`);
    if (target !== dir && !target.startsWith(`${dir}${sep}`)) throw new BuildContextError(`the context archive has an entry outside the context: ${name}`);
    return target;
  };
  const done = pipeline(input, extract).catch((error: unknown) => {
    throw error instanceof BuildContextError ? error : new BuildContextError(`the context is not a valid tar archive: ${(error as Error).message}`);
  });
  // Observed now: after an entry fails, destroying the streams rejects it too.
  done.catch(() => undefined);
  try {
    for await (const entry of extract) {
      const header = entry.header;
      const target = inside(header.name);
      const mode = header.mode & 0o7777;
      const mtime = header.mtime;
      if (header.type === "directory") {
        await mkdir(target, { recursive: true });
        directories.push({ path: target, mode, mtime });
        entry.resume();
      } else if (header.type === "file" || header.type === "contiguous-file") {
        await mkdir(dirname(target), { recursive: true });
        await rm(target, { force: true, recursive: true });
        await pipeline(entry, createWriteStream(target, { mode }));
        await chmod(target, mode);
        await utimes(target, mtime, mtime);
      } else if (header.type === "symlink" || header.type === "link") {
        links.push({ type: header.type, path: target, target: header.linkname, mode, mtime });
        entry.resume();
      } else {
        // Devices, FIFOs and the like cannot be sent to a build; docker's daemon skips them too.
        entry.resume();
      }
    }
    await finished;
    await done;
  } catch (error) {
    extract.destroy();
    input.destroy();
    throw error instanceof BuildContextError ? error : new BuildContextError(`the context is not a valid tar archive: ${(error as Error).message}`);
  }
  for (const entry of links) {
    await mkdir(dirname(entry.path), { recursive: true });
    const existing = await lstat(entry.path).catch(() => undefined);
    if (existing !== undefined) await rm(entry.path, { recursive: true, force: true });
    if (entry.type === "symlink") {
      await symlink(entry.target, entry.path);
      await lutimes(entry.path, entry.mtime, entry.mtime);
    } else {
      await link(inside(entry.target), entry.path);
    }
  }
  // Directory times last: writing into a directory changes its mtime.
  for (const directory of directories.reverse()) {
    await chmod(directory.path, directory.mode | 0o700);
    await utimes(directory.path, directory.mtime, directory.mtime);
  }
}

/** docker/cli `gitutils.Clone`: the ref and subdirectory of a `#ref:subdir` fragment. */
export function parseGitUrl(text: string): { remote: string; ref: string; subdir: string } {
  let remote = text;
  if (remote.startsWith("github.com/")) remote = `https://${remote}`;
  const hash = remote.indexOf("#");
  const fragment = hash === -1 ? "" : remote.slice(hash + 1);
  if (hash !== -1) remote = remote.slice(0, hash);
  const colon = fragment.indexOf(":");
  const ref = colon === -1 ? fragment : fragment.slice(0, colon);
  const subdir = colon === -1 ? "" : fragment.slice(colon + 1);
  // The classic docker CLI fetches master when no ref is named, not the remote's default branch.
  return { remote, ref: ref === "" ? "master" : ref, subdir };
}

async function git(args: string[], cwd: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    // As docker's gitutils: no prompts, no file:// or ext transports reached from the URL.
    const child = process.getBuiltinModule("node:child_process").spawn("git", ["-c", "protocol.file.allow=never", ...args], {
      cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_PROTOCOL_FROM_USER: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", (error: NodeJS.ErrnoException) => {
      reject(new BuildContextError(error.code === "ENOENT" ? "a git context needs git, which is not installed (apt-get install git)" : `git: ${error.message}`));
    });
    child.once("close", (code) => {
      if (code === 0) resolvePromise(output);
      else reject(new BuildContextError(`error fetching: ${output.trim()}: exit status ${String(code)}`));
    });
  });
}

/** Whether a remote can be fetched shallowly: git and ssh always, HTTP only when "smart". */
async function supportsShallow(remote: string): Promise<boolean> {
  if (!/^https?:\/\//.test(remote)) return true;
  try {
    const response = await fetch(`${remote.replace(/\/$/, "")}/info/refs?service=git-upload-pack`, { signal: AbortSignal.timeout(30_000) });
    await response.body?.cancel();
    return response.headers.get("content-type") === "application/x-git-upload-pack-advertisement";
  } catch {
    return false;
  }
}

/**
 * A git context, cloned as docker's CLI clones it: `git init`, `fetch [--depth 1] origin -- REF`,
 * `checkout FETCH_HEAD`, submodules; the whole checkout (with `.git`) is the context, or its
 * `:subdir`; `-f` is relative to the context.
 */
async function fromGit(argument: string, file: string | undefined, io: CliIo): Promise<PreparedContext> {
  const { remote, ref, subdir } = parseGitUrl(argument);
  const root = await mkdtemp(join(tmpdir(), "dfbuild-git-"));
  const cleanup = (): Promise<void> => rm(root, { recursive: true, force: true });
  try {
    await git(["init", "--quiet"], root);
    await git(["remote", "add", "origin", remote], root);
    const depth = (await supportsShallow(remote)) ? ["--depth", "1"] : [];
    try {
      await git(["fetch", ...depth, "origin", "--", ref], root);
    } catch (error) {
      const hint = ref === "master" && !argument.includes("#") ? " (with no #REF the docker CLI fetches master; name the branch: URL#main)" : "";
      throw new BuildContextError(`unable to prepare context: unable to 'git clone' to temporary context directory: ${(error as Error).message}${hint}`);
    }
    await git(["checkout", "--quiet", "FETCH_HEAD"], root);
    await git(["submodule", "update", "--init", "--recursive", "--depth=1"], root);
    let dir = root;
    if (subdir !== "") {
      dir = resolve(root, subdir);
      const real = await realpath(dir).catch(() => undefined);
      if (real === undefined || !(await stat(real)).isDirectory()) {
        throw new BuildContextError(`unable to prepare context: stat ${subdir}: no such file or directory (in ${argument})`);
      }
      if (real !== root && !real.startsWith(`${await realpath(root)}${sep}`)) throw new BuildContextError(`unable to prepare context: ${subdir} is outside the repository`);
      dir = real;
    }
    const shown = argument;
    const dockerfile = file === "-" ? { name: "<stdin>", text: await io.readStdin() } : await readArchiveDockerfile(dir, file, shown);
    return { dir, dockerfile, dockerignore: await readIgnore(dir, shown), cleanup, temporary: true };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** An http(s) URL: downloaded with a plain GET, then an archive or a Dockerfile like stdin. */
async function fromUrl(url: string, file: string | undefined, io: CliIo): Promise<PreparedContext> {
  io.stderr(`Downloading build context from remote url: ${url}\n`);
  let response: Response;
  try {
    response = await fetch(url, { redirect: "follow" });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new BuildContextError(`unable to download remote context ${url}: ${cause}`);
  }
  if (response.status >= 400) {
    const body = (await response.text().catch(() => "")).trim();
    throw new BuildContextError(`unable to download remote context ${url}: failed to GET ${url} with status ${String(response.status)} ${response.statusText}: ${body}`);
  }
  return fromStream(response.body ?? Readable.from([]), file, url);
}
