/**
 * `dfbuild prune` against the engine: after it, nothing of this file's builds is cached, and no
 * dangling image they made remains; a tagged image stays, with what it is built on. The file has
 * a cache directory of its own (testScope), so prune sees only its builds.
 */
import { randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runCli } from "../cli.js";
import { BUSYBOX, dockerOk, makeContext, testScope, uniqueTag, writeContext } from "./helpers.js";
import { cachedSteps, cacheImages, imageExists } from "./registry-helpers.js";

const { contexts, images } = testScope();

function cacheDir(): string {
  const dir = process.env.DFBUILD_CACHE_DIR;
  if (dir === undefined) throw new Error("testScope sets DFBUILD_CACHE_DIR");
  return dir;
}

/** The image and every ancestor the engine records (`docker history` of a locally built image). */
function chainOf(image: string): Set<string> {
  const chain = new Set<string>();
  for (let current = image; current !== ""; current = dockerOk(["image", "inspect", "--format", "{{.Parent}}", current]).trim()) {
    chain.add(dockerOk(["image", "inspect", "--format", "{{.Id}}", current]).trim());
  }
  return chain;
}

describe("dfbuild prune", () => {
  test("removes every cache entry and the images only the cache keeps; a tagged image and its ancestors stay", async () => {
    const tag = uniqueTag("prune");
    images.push(tag);
    const context = await makeContext({
      Dockerfile: `FROM ${BUSYBOX} AS first\nRUN echo one > /one\nFROM ${BUSYBOX}\nCOPY --from=first /one /one\nCOPY file.txt /\nENV DONE=1\n`,
      "file.txt": "v1\n",
    });
    contexts.push(context);
    const build = (): ReturnType<typeof runCli> => runCli(["build", "--progress", "plain", "-t", tag, context]);
    const first = await build();
    expect(first.code, first.stderr).toBe(0);
    // A second build moves the tag: the first build's final image is now dangling, and dfbuild made it.
    await writeContext(context, { "file.txt": "v2\n" });
    const second = await build();
    expect(second.code, second.stderr).toBe(0);
    const made = await cacheImages(cacheDir());
    expect(made.length).toBeGreaterThanOrEqual(6);
    const [indexFile] = await readdir(cacheDir());
    expect((await readFile(join(cacheDir(), indexFile ?? ""), "utf8")).trim()).not.toBe("");

    // Answering anything but y keeps everything.
    const declined = await runCli(["prune"], "n\n");
    expect(declined.code).toBe(0);
    expect(declined.stdout).toBe(
      "WARNING! This will remove dfbuild's build cache and the dangling images dfbuild made.\nAre you sure you want to continue? [y/N] \n",
    );
    for (const image of made) expect(imageExists(image), image).toBe(true);

    // Everything was used a moment ago: an age filter or a size limit spares it all.
    const recent = await runCli(["prune", "-f", "--filter", "until=1h"]);
    expect(recent.code, recent.stderr).toBe(0);
    expect(recent.stdout).toBe("Deleted build cache entries: 0\n\nTotal reclaimed space: 0B\n");
    const roomy = await runCli(["prune", "-f", "--keep-storage", "10GB"]);
    expect(roomy.stdout).toBe("Deleted build cache entries: 0\n\nTotal reclaimed space: 0B\n");

    const pruned = await runCli(["prune", "--force"]);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toMatch(/^Deleted build cache entries: \d+\nDeleted Images:\n(deleted: sha256:[0-9a-f]{64}\n)+\nTotal reclaimed space: \d+(\.\d+)?[kMG]?B\n$/);

    const kept = chainOf(tag);
    for (const image of made) {
      if (kept.has(image)) continue;
      expect(imageExists(image), `${image} should have been pruned`).toBe(false);
    }
    const dangling = new Set(dockerOk(["images", "--filter", "dangling=true", "--no-trunc", "--quiet"]).trim().split("\n"));
    for (const image of made) expect(dangling.has(image), image).toBe(false);
    expect(await cacheImages(cacheDir())).toEqual([]);

    // Nothing is cached any more.
    const rebuilt = await build();
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(cachedSteps(rebuilt.stdout)).toEqual([]);
  });

  test("--all removes the cache-mount volumes too (here only this test's, picked by id), and counts what they held", async () => {
    const id = `dfbuild-e2e-prune-${randomUUID().slice(0, 8)}`;
    const context = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nRUN --mount=type=cache,id=${id},target=/cache echo data > /cache/f\n` });
    contexts.push(context);
    const built = await runCli(["build", "--progress", "plain", context]);
    expect(built.code, built.stderr).toBe(0);
    const ours = (): string[] => dockerOk(["volume", "ls", "--quiet", "--filter", `label=dfbuild.cache-mount=${id}`]).trim().split("\n").filter(Boolean);
    const [volume] = ours();
    expect(volume).toBeDefined();

    const withoutAll = await runCli(["prune", "-f", "--filter", `id=${id}`]);
    expect(withoutAll.code).toBe(2);
    expect(withoutAll.stderr).toMatch(/^dfbuild prune: the id and description filters pick cache mounts, which only --all removes\n/);
    expect(ours()).toEqual([volume]);

    const pruned = await runCli(["prune", "-f", "--all", "--filter", `id=${id}`]);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toBe(`Deleted build cache entries: 0\nDeleted Volumes:\n${volume ?? ""} (cache mount ${id})\n\nTotal reclaimed space: 5B\n`);
    expect(ours()).toEqual([]);
  });

  test("usage errors", async () => {
    const unknownFilter = await runCli(["prune", "-f", "--filter", "type=regular"]);
    expect(unknownFilter.code).toBe(2);
    expect(unknownFilter.stderr).toMatch(/^dfbuild prune: invalid filter 'type=regular': dfbuild prune filters by until=DURATION, id=CACHE-MOUNT-ID and description=TEXT \(its cache has no type\)/);
    const badUntil = await runCli(["prune", "-f", "--filter", "until=soon"]);
    expect(badUntil.stderr).toMatch(/^dfbuild prune: invalid filter 'until=soon'/);
    const badSize = await runCli(["prune", "-f", "--keep-storage", "lots"]);
    expect(badSize.code).toBe(2);
    expect(badSize.stderr).toMatch(/^dfbuild prune: invalid argument "lots" for "--keep-storage" flag/);
    const operand = await runCli(["prune", "-f", "extra"]);
    expect(operand.stderr).toMatch(/^dfbuild prune: "dfbuild prune" accepts no arguments/);
  });
});
