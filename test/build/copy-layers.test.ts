/**
 * COPY steps whose layers dfbuild builds itself (copy.ts `copyLayer`) against the classic
 * builder's commits on the real engine: every COPY step's layer holds the same entries — names,
 * types, modes, owners, sizes, contents, link targets, and the times of files and symlinks (a
 * directory a copy makes gets the time of the build) — and the final images are the same (config,
 * filesystem, history). The COPYs the builder cannot make that way take a container, as before,
 * and the trace of engine calls shows which did.
 */
import { spawn } from "node:child_process";
import { posix } from "node:path";
import { Readable } from "node:stream";
import * as tar from "tar-stream";
import { describe, expect, test } from "vitest";
import { runCli } from "../cli.js";
import { BUSYBOX, classic, configOf, dockerEnv, type FileRecord, filesystemOf, historyOf, leftoverContainers, makeContext, tarEntryRecord, testScope, uniqueTag } from "./helpers.js";

const { contexts, images } = testScope();

interface LayerEntry extends FileRecord {
  /** Seconds; directories' left out. */
  mtime?: number;
}

/** Every layer of an image (`docker save`), bottom first, as its entries by path. */
async function layersOf(image: string): Promise<Map<string, LayerEntry>[]> {
  const child = spawn("docker", ["save", image], { env: dockerEnv, stdio: ["ignore", "pipe", "inherit"] });
  const extract = tar.extract();
  child.stdout.pipe(extract);
  const files = new Map<string, Buffer>();
  // A layer the image holds twice (the same files copied again within the same second) is saved
  // once, the later one as a symlink to it (moby image/tarexport/save.go).
  const links = new Map<string, string>();
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    if (entry.header.type === "symlink") links.set(entry.header.name, posix.join(posix.dirname(entry.header.name), entry.header.linkname));
    else files.set(entry.header.name, Buffer.concat(chunks));
  }
  const [manifest] = JSON.parse(files.get("manifest.json")?.toString("utf8") ?? "[]") as { Layers: string[] }[];
  const layers: Map<string, LayerEntry>[] = [];
  for (const name of manifest?.Layers ?? []) {
    const layer = new Map<string, LayerEntry>();
    const data = files.get(links.get(name) ?? name);
    if (data === undefined) throw new Error(`docker save of ${image}: no data for layer ${name}`);
    const inner = tar.extract();
    Readable.from([data]).pipe(inner);
    for await (const entry of inner) {
      const [path, record] = await tarEntryRecord(entry);
      const { header } = entry;
      layer.set(path, { ...record, ...(header.type === "directory" ? {} : { mtime: Math.floor(header.mtime.getTime() / 1000) }) });
    }
    layers.push(layer);
  }
  return layers;
}

/**
 * Builds a context with the classic builder and with dfbuild (`--no-cache`, engine calls traced):
 * the final images are the same (config, filesystem, history) and so are the entries of their last
 * `copies` layers, one by one. Resolves to dfbuild's trace lines.
 */
async function sameAsClassic(files: Parameters<typeof makeContext>[0], copies: number): Promise<string[]> {
  const context = await makeContext(files);
  contexts.push(context);
  const reference = classic(context, []);
  images.push(reference.tag);
  expect(reference.code, `classic build failed:\n${reference.stdout}\n${reference.stderr}`).toBe(0);
  const tag = uniqueTag("dfbuild");
  images.push(tag);
  const ours = await runCli(["build", "--progress", "plain", "--no-cache", "-t", tag, context], "", process.cwd(), { DFBUILD_TRACE_API: "1" });
  expect(ours.code, `dfbuild failed:\n${ours.stdout}\n${ours.stderr}`).toBe(0);

  expect(configOf(tag)).toEqual(configOf(reference.tag));
  expect(Object.fromEntries(await filesystemOf(tag))).toEqual(Object.fromEntries(await filesystemOf(reference.tag)));
  expect(historyOf(tag)).toEqual(historyOf(reference.tag));
  const [ourLayers, classicLayers] = [await layersOf(tag), await layersOf(reference.tag)];
  expect(ourLayers).toHaveLength(classicLayers.length);
  // The COPY layers on top of busybox's.
  expect(ourLayers.length).toBeGreaterThanOrEqual(copies + 1);
  for (let index = ourLayers.length - copies; index < ourLayers.length; index++) {
    expect(Object.fromEntries(ourLayers[index] ?? []), `layer ${String(index)}`).toEqual(Object.fromEntries(classicLayers[index] ?? []));
  }
  expect(leftoverContainers([process.pid])).toEqual([]);
  return ours.stderr.split("\n");
}

const commits = (trace: readonly string[]): string[] => trace.filter((line) => / POST \/v[\d.]+\/commit\?/.test(line));
const uploads = (trace: readonly string[]): string[] => trace.filter((line) => / PUT \/v[\d.]+\/containers\/[0-9a-f]+\/archive\?/.test(line));

describe("COPY layers built by dfbuild", () => {
  test("hold what the classic builder's commits hold; the COPYs that cannot be built that way take a container", async () => {
    const trace = await sameAsClassic(
      {
        "a.txt": { content: "a\n", mtime: 1_600_000_000 },
        "dir/x.txt": { content: "x\n", mode: 0o600, mtime: 1_600_000_100 },
        "dir/run.sh": { content: "#!/bin/sh\n", mode: 0o755, mtime: 1_600_000_200 },
        "dir/sub/y.txt": { content: "y\n", mtime: 1_600_000_300 },
        "dir/link": { symlink: "x.txt" },
        Dockerfile: [
          `FROM ${BUSYBOX} AS src`,
          "RUN mkdir -p /out/sub && echo one > /out/one && echo two > /out/sub/two && ln -s one /out/link && chmod 4755 /out/one && chown 12:34 /out/sub/two && touch -h -d @1500000000 /out/one /out/sub/two /out/link",
          `FROM ${BUSYBOX}`,
          // Built here: a file at the top, a new directory, another stage's files (owners, setuid kept).
          "COPY a.txt /a.txt",
          "COPY dir /dir",
          "COPY --from=src /out /copied",
          "COPY --from=src /out/one /one",
          // With a container: into a directory of the image, and below a directory an earlier layer
          // built here wrote.
          "COPY a.txt /etc/",
          "COPY dir /dir",
          "",
        ].join("\n"),
      },
      6,
    );
    // Commits: stage src's RUN and the two COPYs with a container, which alone upload archives.
    expect(commits(trace), trace.join("\n")).toHaveLength(3);
    expect(uploads(trace), trace.join("\n")).toHaveLength(2);
  });

  test("a copy or a WORKDIR into directories it makes below the top holds them as the classic builder's commit does, with no container", async () => {
    const trace = await sameAsClassic(
      {
        "a.txt": { content: "a\n", mtime: 1_600_000_000 },
        "b.txt": { content: "b\n", mode: 0o600, mtime: 1_600_000_100 },
        Dockerfile: [
          `FROM ${BUSYBOX} AS src`,
          "RUN mkdir -p /out && echo one > /out/one && chown 12:34 /out/one && touch -d @1500000000 /out/one",
          `FROM ${BUSYBOX}`,
          "COPY a.txt /dst/",
          "COPY *.txt /star/",
          "COPY --from=src /out/one /deep/er/one",
          "WORKDIR /work/dir",
          "",
        ].join("\n"),
      },
      4,
    );
    // The one commit is stage src's RUN; no COPY uploads.
    expect(commits(trace), trace.join("\n")).toHaveLength(1);
    expect(uploads(trace), trace.join("\n")).toHaveLength(0);
  });
});
