/** The build cache: what hits, what misses, and that it survives runs and deleted images. */
import { chmod, readFile, readdir, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { BUSYBOX, dfbuild, docker, makeContext, testScope } from "./helpers.js";

const { contexts, images } = testScope();

/** Per step of a plain log: whether it said `Using cache`. */
function cacheHits(stdout: string): boolean[] {
  const steps = stdout.split(/^Step \d+\/\d+ : /m).slice(1);
  return steps.map((step) => step.includes(" ---> Using cache"));
}

function imageIdOf(stdout: string): string {
  const match = /^Successfully built ([0-9a-f]{12})$/m.exec(stdout);
  if (match?.[1] === undefined) throw new Error(`no image ID in:\n${stdout}`);
  return match[1];
}

async function buildOk(context: string, args: string[] = []): Promise<{ stdout: string; id: string }> {
  const result = await dfbuild(context, args);
  images.push(result.tag);
  expect(result.code, result.stderr).toBe(0);
  return { stdout: result.stdout, id: imageIdOf(result.stdout) };
}

const DOCKERFILE = `FROM ${BUSYBOX}
ENV A=1
COPY a.txt /a.txt
RUN echo built > /built
COPY . /ctx/
LABEL done=yes
`;

describe("build cache", () => {
  test("an unchanged rebuild hits on every step and gives the same image", async () => {
    const context = await makeContext({ Dockerfile: DOCKERFILE, "a.txt": "a\n", "b.txt": "b\n" });
    contexts.push(context);
    const first = await buildOk(context);
    // FROM never says "Using cache"; every other step of the first build misses.
    expect(cacheHits(first.stdout)).toEqual([false, false, false, false, false, false]);
    const second = await buildOk(context);
    expect(cacheHits(second.stdout)).toEqual([false, true, true, true, true, true]);
    expect(second.id).toBe(first.id);
  });

  test("touching a copied file hits; changing its content or mode misses from that step on", async () => {
    const context = await makeContext({ Dockerfile: DOCKERFILE, "a.txt": "a\n", "b.txt": "b\n" });
    contexts.push(context);
    const first = await buildOk(context);

    const future = Date.now() / 1000 + 3600;
    await utimes(join(context, "a.txt"), future, future);
    const touched = await buildOk(context);
    expect(cacheHits(touched.stdout)).toEqual([false, true, true, true, true, true]);
    expect(touched.id).toBe(first.id);

    await writeFile(join(context, "b.txt"), "changed\n");
    const changed = await buildOk(context);
    // b.txt is only in `COPY . /ctx/` (step 5): steps before it hit, it and the rest miss.
    expect(cacheHits(changed.stdout)).toEqual([false, true, true, true, false, false]);

    await chmod(join(context, "a.txt"), 0o600);
    const mode = await buildOk(context);
    expect(cacheHits(mode.stdout)).toEqual([false, true, false, false, false, false]);
  });

  test("changing an ignored file hits", async () => {
    const context = await makeContext({ Dockerfile: DOCKERFILE, "a.txt": "a\n", "b.txt": "b\n", ".dockerignore": "ignored.log\n", "ignored.log": "1\n" });
    contexts.push(context);
    const first = await buildOk(context);
    await writeFile(join(context, "ignored.log"), "2\n");
    const second = await buildOk(context);
    expect(cacheHits(second.stdout)).toEqual([false, true, true, true, true, true]);
    expect(second.id).toBe(first.id);
  });

  test("build args in effect are part of a RUN's key; undeclared ones are not", async () => {
    const context = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nARG V=1\nRUN echo $V > /v\n`, });
    contexts.push(context);
    await buildOk(context, ["--build-arg", "V=1"]);
    const same = await buildOk(context, ["--build-arg", "V=1", "--build-arg", "UNDECLARED=x"]);
    expect(cacheHits(same.stdout)).toEqual([false, true, true]);
    expect(same.stdout).toContain("[Warning] One or more build-args [UNDECLARED] were not consumed\n");
    const other = await buildOk(context, ["--build-arg", "V=2"]);
    expect(cacheHits(other.stdout)).toEqual([false, true, false]);
  });

  test("a deleted image is a miss, not an error; --no-cache never hits", async () => {
    // Content no other test builds, so that no other tag holds these images.
    const context = await makeContext({ Dockerfile: DOCKERFILE, "a.txt": "only here\n", "b.txt": "b\n" });
    contexts.push(context);
    const first = await dfbuild(context, []);
    expect(first.code).toBe(0);
    // Delete every image the cache index points at (this test's and the others').
    const directory = process.env.DFBUILD_CACHE_DIR ?? "";
    const [index] = (await readdir(directory)).filter((name) => name.startsWith("index-"));
    const lines = (await readFile(join(directory, index ?? ""), "utf8")).trim().split("\n");
    const cached = lines.map((line) => (JSON.parse(line) as { image: string }).image);
    docker(["rmi", "-f", first.tag, ...new Set(cached)]);
    const rebuilt = await buildOk(context);
    expect(cacheHits(rebuilt.stdout)).toEqual([false, false, false, false, false, false]);

    const uncached = await buildOk(context, ["--no-cache"]);
    expect(cacheHits(uncached.stdout)).toEqual([false, false, false, false, false, false]);
    expect(uncached.id).not.toBe(rebuilt.id);
  });

  test("the index survives runs: a new process reads it from disk", async () => {
    const context = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nRUN echo persisted > /p\n` });
    contexts.push(context);
    await buildOk(context);
    const { spawnSync } = await import("node:child_process");
    const bin = join(import.meta.dirname, "../../packages/cli/bin/dfbuild.js");
    const result = spawnSync(process.execPath, [bin, "build", "--progress", "plain", context], { encoding: "utf8", env: process.env });
    expect(result.status, result.stderr).toBe(0);
    expect(cacheHits(result.stdout)).toEqual([false, true]);
  });
});
