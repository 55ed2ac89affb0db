/**
 * Building the same Dockerfile with dfbuild and with the classic builder (`DOCKER_BUILDKIT=0
 * docker build`) and comparing what they made: config, filesystem (`docker export`) and history.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { chmod, mkdir, readFile, readdir, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import * as tar from "tar-stream";
import { Engine } from "@dfbuild/engine";
import { afterAll, beforeAll, expect } from "vitest";
import { containerBuildState } from "@dfbuild/builder";
import { runCli, type CliResult } from "../cli.js";
import { tempDir } from "../temp-dir.js";

export const BUSYBOX = "dfbuild-test/busybox:latest";

/** The docker CLI, talking to the engine scripts/engine.sh starts, at that engine's API version. */
export const dockerEnv: NodeJS.ProcessEnv = {
  ...process.env,
  DOCKER_API_VERSION: "1.41",
  DOCKER_HOST: "unix:///var/run/docker.sock",
  DOCKER_BUILDKIT: "0",
};

export function docker(args: readonly string[], input?: string): { code: number; stdout: string; stderr: string } {
  const result = spawnSync("docker", args, { env: dockerEnv, input, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function dockerOk(args: readonly string[], input?: string): string {
  const result = docker(args, input);
  if (result.code !== 0) throw new Error(`docker ${args.join(" ")} failed (${String(result.code)}): ${result.stderr}`);
  return result.stdout;
}

/** A context directory's files: text, or a spec with mode, mtime, or a symlink target. */
export type ContextFile = string | { content?: string; mode?: number; mtime?: number; symlink?: string; directory?: boolean };

/** A context directory with these files, removed after the test file (test/temp-dir.ts). */
export async function makeContext(files: Record<string, ContextFile>): Promise<string> {
  const dir = tempDir("dfbuild-ctx-");
  await writeContext(dir, files);
  return dir;
}

export async function writeContext(dir: string, files: Record<string, ContextFile>): Promise<void> {
  for (const [name, spec] of Object.entries(files)) {
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    const file = typeof spec === "string" ? { content: spec } : spec;
    if (file.symlink !== undefined) {
      await rm(path, { force: true });
      await symlink(file.symlink, path);
      continue;
    }
    if (file.directory === true) await mkdir(path, { recursive: true });
    else await writeFile(path, file.content ?? "");
    if (file.mode !== undefined) await chmod(path, file.mode);
    if (file.mtime !== undefined) await utimes(path, file.mtime, file.mtime);
  }
}

export function uniqueTag(prefix: string): string {
  return `dfbuild-e2e/${prefix}:${randomUUID().slice(0, 8)}`;
}

export interface BuildRun {
  tag: string;
  code: number;
  stdout: string;
  stderr: string;
}

/** `dfbuild build` in-process, plain output. */
export async function dfbuild(context: string, args: readonly string[], stdin = ""): Promise<BuildRun & CliResult> {
  const tag = uniqueTag("dfbuild");
  const result = await runCli(["build", "--progress", "plain", "-t", tag, ...args, context], stdin);
  return { tag, ...result };
}

/**
 * The images a classic build made, from its output: the ` ---> ID` that ends each step, but the
 * base image a FROM step starts with (its own ONBUILD triggers' images count). The final image is
 * the last; the other stages' images are parents of none of it, so removing its tag leaves them.
 */
export function classicStepImages(output: string): string[] {
  const made: string[] = [];
  let baseToSkip = false;
  for (const line of output.split("\n")) {
    const step = /^Step \d+\/\d+ : (\S+)/.exec(line);
    if (step) {
      baseToSkip = step[1]?.toUpperCase() === "FROM";
      continue;
    }
    const id = /^ ---> ([0-9a-f]{12})$/.exec(line)?.[1];
    if (id === undefined) continue;
    if (baseToSkip) baseToSkip = false;
    else made.push(id);
  }
  return made;
}

/** Every image the classic builds of this test file made, removed by `testScope`. */
const classicImages: string[] = [];

/** `DOCKER_BUILDKIT=0 docker build`. */
export function classic(context: string, args: readonly string[]): BuildRun {
  const tag = uniqueTag("classic");
  // --no-cache: the classic cache accepts images dfbuild made (they are built locally too).
  const result = docker(["build", "--no-cache", "-t", tag, ...args, context]);
  classicImages.push(...classicStepImages(result.stdout));
  return { tag, ...result };
}

/**
 * The config fields the comparisons check. An empty map or list reads as null: Docker treats
 * them alike (the engine's commit writes `Labels: {}` where the classic builder keeps null, and
 * dfbuild does not re-import an image only for that).
 */
export function configOf(image: string): Record<string, unknown> {
  const [inspected] = JSON.parse(dockerOk(["image", "inspect", image])) as ({ Config: Record<string, unknown> | null; Author?: string })[];
  // The image's Author (MAINTAINER's value) sits beside its Config; compared with the rest, an
  // empty one as none (BuildKit may leave the field out).
  const author = inspected?.Author === "" ? undefined : inspected?.Author;
  const config: Record<string, unknown> = { ...inspected?.Config, Author: author };
  const fields = ["Author", "Env", "Cmd", "Entrypoint", "WorkingDir", "User", "ExposedPorts", "Volumes", "Labels", "Healthcheck", "StopSignal", "Shell", "OnBuild"];
  const isEmpty = (value: unknown): boolean =>
    value === null || value === undefined || (Array.isArray(value) ? value.length === 0 : typeof value === "object" && Object.keys(value).length === 0);
  return Object.fromEntries(fields.map((field) => [field, isEmpty(config[field]) ? null : config[field]]));
}

export function historyOf(image: string): { createdBy: string; size: string }[] {
  return dockerOk(["history", "--no-trunc", "--format", "{{.CreatedBy}}\t{{.Size}}", image])
    .trim()
    .split("\n")
    .map((line) => {
      const [createdBy = "", size = ""] = line.split("\t");
      return { createdBy, size };
    });
}

export interface FileRecord {
  type: string;
  mode: string;
  uid: number;
  gid: number;
  size: number;
  sha256?: string;
  link?: string;
}

/**
 * A tar member as the tests compare it: its path without a trailing slash, and its record (its
 * content read to the end and hashed, so the archive's next member can be read).
 */
export async function tarEntryRecord(entry: AsyncIterable<unknown> & { header: tar.Header }): Promise<[string, FileRecord]> {
  const hash = createHash("sha256");
  for await (const chunk of entry) hash.update(chunk as Buffer);
  const { header } = entry;
  return [
    header.name.replace(/\/$/, ""),
    {
      type: header.type,
      mode: (header.mode & 0o7777).toString(8),
      uid: header.uid,
      gid: header.gid,
      size: header.size,
      ...(header.type === "file" ? { sha256: hash.digest("hex") } : {}),
      ...(header.linkname ? { link: header.linkname } : {}),
    },
  ];
}

/** `docker export` of a container made from the image: every entry but mtimes. */
export async function filesystemOf(image: string): Promise<Map<string, FileRecord>> {
  const container = dockerOk(["create", "--entrypoint", "/dfbuild-never-started", image]).trim();
  try {
    const child = spawn("docker", ["export", container], { env: dockerEnv, stdio: ["ignore", "pipe", "inherit"] });
    const extract = tar.extract();
    child.stdout.pipe(extract);
    const files = new Map<string, FileRecord>();
    for await (const entry of extract) {
      const [path, record] = await tarEntryRecord(entry);
      // The engine adds these to every container's filesystem; they say nothing of the image.
      if (/^(\.dockerenv|dev\/|proc\/|sys\/|etc\/(hosts|hostname|resolv\.conf|mtab))/.test(entry.header.name)) continue;
      files.set(path, record);
    }
    return files;
  } finally {
    docker(["rm", "-f", "-v", container]);
  }
}

/** The images and containers a test made, removed at the end. */
export function removeImages(...tags: string[]): void {
  // One call: the engine removes them in the order given, and a missing one is only reported.
  if (tags.length > 0) docker(["rmi", "-f", ...tags]);
}

/**
 * Build containers left behind. With `pids`, those of these processes only. Without, those of this
 * process (its in-process builds must have removed theirs) and those of builds whose process has
 * ended; containers of builds still running in other processes (other test runs sharing the engine)
 * are not counted. Must be none after any build.
 */
export function leftoverContainers(pids?: readonly number[]): string[] {
  return dockerOk(["ps", "-a", "--filter", "name=dfbuild-", "--format", "{{.Names}}"])
    .trim()
    .split("\n")
    .filter((name) => {
      const build = containerBuildState(name);
      if (build === undefined) return false;
      return pids === undefined ? build.pid === process.pid || build.state === "ended" : pids.includes(build.pid);
    });
}

export function volumes(): string[] {
  return dockerOk(["volume", "ls", "-q"]).trim().split("\n").filter(Boolean);
}

export async function cleanup(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * Which of these images (tags, or IDs whole or short, with or without `sha256:`) the engine still
 * has. One `docker image inspect` of them all, not one per image: a test file's clean-up asks about
 * hundreds of images, and each `docker` process costs ~0.1 s. It prints a line for each image it
 * finds (and an error for each it does not), so the lines say which IDs and tags exist.
 */
export function existingImages(images: readonly string[]): string[] {
  if (images.length === 0) return [];
  const ids: string[] = [];
  const tags = new Set<string>();
  const { stdout } = docker(["image", "inspect", "--format", "{{.Id}} {{range .RepoTags}}{{.}} {{end}}", ...images]);
  for (const line of stdout.split("\n")) {
    const [id = "", ...repoTags] = line.trim().split(" ");
    if (id !== "") ids.push(id.replace(/^sha256:/, ""));
    for (const tag of repoTags) tags.add(tag);
  }
  return images.filter((image) => {
    const hex = image.replace(/^sha256:/, "");
    if (/^[0-9a-f]{12,64}$/.test(hex)) return ids.some((id) => id.startsWith(hex));
    // A name without a tag is `:latest`, as the engine records it.
    return tags.has(/:[^/]*$/.test(image) ? image : `${image}:latest`);
  });
}

/** The short IDs of every image the engine has now. */
function imageIds(): Set<string> {
  return new Set(dockerOk(["images", "--all", "--quiet"]).trim().split("\n").filter(Boolean));
}

/**
 * A test file's own build cache (DFBUILD_CACHE_DIR) and the contexts and images it makes, all
 * removed after its tests — and checked gone: the file's tags, the step images its dfbuild
 * builds recorded and those its classic builds printed (so another lane's builds on the same
 * engine never count).
 */
export function testScope(): { contexts: string[]; images: string[] } {
  const scope = { contexts: [] as string[], images: [] as string[] };
  let before = new Set<string>();
  beforeAll(() => {
    before = imageIds();
    process.env.DFBUILD_CACHE_DIR = tempDir("dfbuild-cache-");
  });
  afterAll(async () => {
    // Never an image that was there before this file's builds: a base image, or a step image another
    // file made that a build here found in the cache (its output names it too).
    const preexisting = (image: string): boolean => before.has(image.replace(/^sha256:/, "").slice(0, 12));
    scope.images.splice(0, scope.images.length, ...scope.images.filter((image) => !preexisting(image)));
    removeImages(...scope.images);
    for (const dir of scope.contexts) await cleanup(dir);
    const cacheDir = process.env.DFBUILD_CACHE_DIR;
    if (cacheDir !== undefined) {
      // The step images the cache index lists were made by this file's builds alone (it has a
      // cache of its own); newest first, so that no image is removed before its children.
      const made: string[] = [];
      for (const name of await readdir(cacheDir)) {
        const text = await readFile(join(cacheDir, name), "utf8");
        for (const line of text.split("\n")) {
          // Step records name an image; content records (mount sources) do not.
          const image = line === "" ? undefined : (JSON.parse(line) as { image?: unknown }).image;
          if (typeof image === "string") made.push(image);
        }
      }
      const ours = [...new Set(made)].filter((image) => !preexisting(image));
      removeImages(...ours.reverse());
      await cleanup(cacheDir);
      scope.images.push(...ours);
    }
    // Never an image that was there before this file's builds (a base image the output named).
    const classicMade = [...new Set(classicImages)].filter((id) => !preexisting(id));
    removeImages(...classicMade.reverse());
    // An image another removal left (a child removed after its parent's turn) goes on a second pass.
    const mine = [...new Set([...scope.images, ...classicMade])];
    removeImages(...existingImages(mine).reverse());
    expect(existingImages(mine), "images this test file made and left behind").toEqual([]);
  });
  return scope;
}

/**
 * Volumes a dfbuild build of these processes made (a RUN's anonymous VOLUMEs, bind sources,
 * secrets): must be none after any build.
 */
export function leftoverBuildVolumes(pids?: readonly number[]): string[] {
  return dockerOk(["volume", "ls", "--filter", "label=dfbuild.build", "--format", '{{.Name}} {{.Label "dfbuild.build"}}'])
    .trim()
    .split("\n")
    .filter((line) => {
      const match = /^(\S+) [0-9a-f]{8}-\d+-(\d+)-\d+-[0-9a-f]{6}$/.exec(line);
      return match !== null && (pids === undefined || pids.includes(Number(match[2])));
    })
    .map((line) => line.split(" ")[0] ?? "");
}

/**
 * The engine's own BuildKit (`POST /build?version=2`, the context as a tar body, no session: so no
 * secrets or SSH), as the reference for BuildKit-only syntax. `networkmode=none`: the engine here
 * has no bridge network. Resolves to the built image's tag.
 */
export async function buildkit(context: string, options: { buildArgs?: Record<string, string>; noCache?: boolean } = {}): Promise<BuildRun> {
  const tag = uniqueTag("buildkit");
  const engine = new Engine({ host: dockerEnv.DOCKER_HOST, apiVersion: "1.41" });
  const archive = spawn("tar", ["-C", context, "-cf", "-", "."], { stdio: ["ignore", "pipe", "inherit"] });
  const output: string[] = [];
  let code = 0;
  try {
    for await (const event of engine.builds.build(archive.stdout, { version: "2", tag, networkMode: "none", buildArgs: options.buildArgs, noCache: options.noCache })) {
      if (typeof event.stream === "string") output.push(event.stream);
    }
  } catch (error) {
    code = 1;
    output.push(error instanceof Error ? error.message : String(error));
  } finally {
    await engine.close();
  }
  return { tag, code, stdout: output.join(""), stderr: "" };
}
