import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { IgnoreMatcher } from "@dfbuild/parser";
import { describe, expect, onTestFinished, test } from "vitest";
import { StageHarness } from "../build-harness.test-helper.js";
import { BuildContext } from "../context.js";
import { contextSources, wildcardWalkFilter } from "../copy.js";
import { matchesGoPattern } from "../paths.js";

describe("COPY and ADD", () => {
  test("a file into a directory: root-owned, mode kept; history names its content digest", async () => {
    const stage = await StageHarness.create({ files: { "app.txt": "hello\n" } });
    await stage.dispatch("COPY app.txt /srv/");
    expect(stage.image().fs.get("/srv/app.txt")).toMatchObject({ type: "file", uid: 0, gid: 0, content: Buffer.from("hello\n") });
    expect(stage.lastCreatedBy()).toMatch(/^\/bin\/sh -c #\(nop\) COPY file:[0-9a-f]{64} in \/srv\/ $/);
  });

  test("--chown names are looked up in the destination image's /etc/passwd and /etc/group", async () => {
    const stage = await StageHarness.create({ files: { "a.txt": "a" } });
    await stage.dispatch("COPY --chown=app a.txt /home/app/a.txt");
    expect(stage.image().fs.get("/home/app/a.txt")).toMatchObject({ uid: 1000, gid: 1000 });
    // Docker 20.10 writes no space after the --chown value.
    expect(stage.lastCreatedBy()).toMatch(/COPY --chown=appfile:[0-9a-f]{64} in \/home\/app\/a.txt $/);
  });

  test("an unknown --chown user is the classic builder's error at the instruction", async () => {
    const stage = await StageHarness.create({ files: { "a.txt": "a" } });
    const error = await stage.failure("COPY --chown=nobody a.txt /a.txt");
    expect(error.message).toBe("COPY failed: unable to convert uid/gid chown string to host mapping: can't find uid for user nobody: no such user: nobody");
    expect(error.location?.line).toBe(2);
    expect(stage.engine.liveContainers()).toEqual([]);
  });

  test("several sources need a destination ending in /", async () => {
    const stage = await StageHarness.create({ files: { "a.txt": "a", "b.txt": "b" } });
    expect((await stage.failure("COPY a.txt b.txt /dst")).message).toBe(
      "When using COPY with more than one source file, the destination must be a directory and end with a /",
    );
  });

  test("a missing source names the path", async () => {
    const stage = await StageHarness.create();
    expect((await stage.failure("COPY missing.txt /")).message).toBe(
      "COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist",
    );
  });

  test("the same content is a cache hit (mtime aside); changed content is a miss", async () => {
    const first = await StageHarness.create({ files: { "a.txt": "one" } });
    expect(await first.dispatch("COPY a.txt /a.txt")).toEqual([false]);
    const same = await StageHarness.create({ engine: first.engine, cacheDir: first.cacheDir, files: { "a.txt": "one" } });
    expect(await same.dispatch("COPY a.txt /a.txt")).toEqual([true]);
    expect(same.state.imageId).toBe(first.state.imageId);
    const changed = await StageHarness.create({ engine: first.engine, cacheDir: first.cacheDir, files: { "a.txt": "two" } });
    expect(await changed.dispatch("COPY a.txt /a.txt")).toEqual([false]);
  });

  test("COPY heredoc: a file named after the delimiter, expanded unless quoted", async () => {
    const stage = await StageHarness.create();
    await stage.dispatch("ENV WHO=world\nCOPY <<EOF /greeting\nhello $WHO\nEOF");
    expect(stage.image().fs.get("/greeting")?.content?.toString()).toBe("hello world\n");
  });
});

describe("a wildcard source's walk of the context", () => {
  test("enters only directories that can hold a match (Go's filepath.Match: no part crosses a /)", () => {
    const enter = wildcardWalkFilter("*.txt");
    expect(enter?.("data")).toBe(false);
    const nested = wildcardWalkFilter("src/*/conf?.json");
    expect(["src", "src/a", "src/a/deep", "data", "srcx"].map((path) => nested?.(path))).toEqual([true, true, false, false, false]);
    expect(wildcardWalkFilter("s*/*.go")?.("src")).toBe(true);
    // An escape or a class could stand for a /; empty, . and .. parts: every directory is entered.
    for (const pattern of ["a\\*/b", "[a/]*", "a//b*", "./a*", "a/../b*"]) expect(wildcardWalkFilter(pattern), pattern).toBeUndefined();
  });

  test("finds what a walk of every directory finds, in the same order", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dfbuild-unit-wildcard-"));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const files = ["a.txt", "b.md", "data/x.txt", "data/deep/y.txt", "src/one/conf1.json", "src/two/conf2.json", "src/two/deep/conf3.json", "src/conf0.json"];
    for (const file of files) {
      await mkdir(dirname(join(dir, file)), { recursive: true });
      await writeFile(join(dir, file), file);
    }
    const context = new BuildContext(dir, IgnoreMatcher.fromFile(""));
    for (const pattern of ["*.txt", "*", "src/*/conf?.json", "*/*.txt", "*/*/*"]) {
      const everything: string[] = [];
      for await (const entry of context.walk(".")) if (matchesGoPattern(pattern, entry.path)) everything.push(entry.path);
      const found = (await contextSources(context, [pattern], false)).map((source) => source.name);
      expect(found, pattern).toEqual(everything);
    }
  });
});
