import { describe, expect, test } from "vitest";
import { StageHarness } from "../build-harness.test-helper.js";

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
