/**
 * Dangling images and `docker image prune`, dfbuild against the classic builder on the same
 * Dockerfile: stages whose final config the engine's commit cannot make (no CMD, VOLUMEs), a stage
 * used by COPY --from only and one a later stage is built on. Each builder builds it, builds it
 * again after a context change (its first image loses the tag), then its dangling images are
 * pruned and it builds again: dfbuild must leave no more dangling images than classic, and keep at
 * least as many cache hits.
 *
 * The prune is `docker image prune`'s own rule applied to this test's images only, so that the test
 * can share the engine with other builds (a real prune would take their step images mid-build):
 * every untagged image without children is removed with its untagged parents, as
 * `ImageDelete(…, prune)` does for each of `imageStore.Heads()` (moby `daemon/images/image_prune.go`).
 */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { BUSYBOX, docker, dockerEnv, dockerOk, filesystemOf, makeContext, testScope, uniqueTag } from "./helpers.js";

const { contexts, images } = testScope();
const bin = join(import.meta.dirname, "../../packages/cli/bin/dfbuild.js");

interface Builder {
  name: string;
  build: (context: string, tag: string) => string;
  /** IDs (full or the 12-digit short form) of every image its builds made or used. */
  made: (outputs: readonly string[]) => Promise<string[]>;
}

/** The image IDs a build's log names (` ---> <id>` after each step, as both builders print). */
function loggedImages(output: string): string[] {
  return [...output.matchAll(/ ---> ([0-9a-f]{12})\b/g)].map((match) => match[1] ?? "");
}

const classicBuilder: Builder = {
  name: "classic",
  build: (context, tag) => {
    const result = spawnSync("docker", ["build", "-t", tag, context], { env: { ...dockerEnv, DOCKER_BUILDKIT: "0" }, encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    return result.stdout;
  },
  made: (outputs) => Promise.resolve(outputs.flatMap(loggedImages)),
};

const dfbuildBuilder: Builder = {
  name: "dfbuild",
  build: (context, tag) => {
    const result = spawnSync(process.execPath, [bin, "build", "--progress", "plain", "-t", tag, context], { env: process.env, encoding: "utf8" });
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    return result.stdout + result.stderr;
  },
  // Every image the build cache of this file lists (step, final and working images), and the log's.
  made: async (outputs) => {
    const directory = process.env.DFBUILD_CACHE_DIR ?? "";
    const found = outputs.flatMap(loggedImages);
    for (const name of await readdir(directory)) {
      for (const line of (await readFile(join(directory, name), "utf8")).split("\n")) {
        const image = line === "" ? undefined : (JSON.parse(line) as { image?: unknown }).image;
        if (typeof image === "string") found.push(image);
      }
    }
    return found;
  },
};

/** Of these images, those `docker image prune` removes: untagged, without children. */
function dangling(ours: readonly string[]): string[] {
  const heads = dockerOk(["images", "--filter", "dangling=true", "--no-trunc", "-q"]).trim().split("\n").filter(Boolean);
  return [...new Set(heads.filter((id) => ours.some((mine) => id === mine || id.replace(/^sha256:/, "").startsWith(mine))))];
}

async function run(builder: Builder, marker: string): Promise<{ dangling: number; hitsAfterPrune: number; hitsBefore: number }> {
  const context = await makeContext({
    "f.txt": "one\n",
    Dockerfile: `FROM ${BUSYBOX} AS tools
RUN echo "${marker} ${builder.name} tool" > /tool
VOLUME /cache

FROM ${BUSYBOX} AS base
ARG V=1
RUN echo "${marker} ${builder.name} $V" > /v
VOLUME /data
COPY f.txt /data/

FROM base
COPY --from=tools /tool /tool
RUN echo last > /last
`,
  });
  contexts.push(context);
  const tag = uniqueTag(builder.name);
  images.push(tag);
  const outputs = [builder.build(context, tag)];
  await writeFile(join(context, "f.txt"), "two\n");
  outputs.push(builder.build(context, tag));
  const hitsBefore = (builder.build(context, tag).match(/ ---> Using cache/g) ?? []).length;
  const ours = await builder.made(outputs);
  const found = dangling(ours);
  for (const image of found) docker(["rmi", image]);
  const last = builder.build(context, tag);
  outputs.push(last);
  images.push(...(await builder.made(outputs)).reverse());
  return { dangling: found.length, hitsAfterPrune: (last.match(/ ---> Using cache/g) ?? []).length, hitsBefore };
}

describe("dangling images and the cache after docker image prune", () => {
  test("no more dangling images than the classic builder, and at least its cache hits after the prune", async () => {
    const marker = randomUUID().slice(0, 8);
    // Classic first: its cache could take dfbuild's images for its own (they are local builds).
    const classic = await run(classicBuilder, marker);
    const ours = await run(dfbuildBuilder, marker);
    const counts = JSON.stringify({ classic, dfbuild: ours });
    expect(classic.hitsBefore, counts).toBeGreaterThan(0);
    expect(ours.hitsBefore, counts).toBeGreaterThan(0);
    expect(ours.dangling, counts).toBeLessThanOrEqual(classic.dangling);
    expect(ours.hitsAfterPrune, counts).toBeGreaterThanOrEqual(classic.hitsAfterPrune);
    expect(classic.hitsAfterPrune, counts).toBeGreaterThan(0);
  }, 300_000);

  test("a build that goes past a stage's last step, now a final image with VOLUMEs, still COPYs into them", async () => {
    const marker = randomUUID().slice(0, 8);
    const dockerfile = `FROM ${BUSYBOX}\nVOLUME /data\nRUN echo ${marker} > /r\n`;
    const context = await makeContext({ "g.txt": "g\n", Dockerfile: dockerfile });
    contexts.push(context);
    const [first, second] = [uniqueTag("dfbuild"), uniqueTag("dfbuild")];
    images.push(first, second);
    dfbuildBuilder.build(context, first);
    await writeFile(join(context, "Dockerfile"), `${dockerfile}COPY g.txt /data/\n`);
    const output = dfbuildBuilder.build(context, second);
    // VOLUME and RUN hit: the RUN's step image is gone, its final image stands in for it.
    expect((output.match(/ ---> Using cache/g) ?? []).length, output).toBe(2);
    expect((await filesystemOf(second)).get("data/g.txt")).toMatchObject({ type: "file", size: 2 });
  }, 120_000);
});
