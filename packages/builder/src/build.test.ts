import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { BASE, engineWithBase, fakeBuild } from "./build-harness.test-helper.js";
import { listCacheMounts } from "./mounts/cache-volumes.js";

describe("build", () => {
  test("# syntax= naming docker/dockerfile (any 1.x) is accepted and ignored", async () => {
    for (const syntax of ["docker/dockerfile:1", "docker/dockerfile:1.4", "docker.io/docker/dockerfile:1-labs", "docker/dockerfile", `docker/dockerfile:1.7@sha256:${"a".repeat(64)}`]) {
      const { error } = await fakeBuild(engineWithBase(), `# syntax=${syntax}\nFROM ${BASE}\nENV A=1\n`);
      expect(error, syntax).toBeUndefined();
    }
  });

  test("# syntax= naming another frontend is a clear error at the directive, before any step", async () => {
    const engine = engineWithBase();
    const { error, events } = await fakeBuild(engine, `# syntax = tonistiigi/dockerfile:runmount20181002\nFROM ${BASE}\n`);
    expect(error?.message).toBe(
      "the Dockerfile asks for frontend tonistiigi/dockerfile:runmount20181002: dfbuild builds Dockerfiles with its own frontend, the docker/dockerfile 1.x syntax, and cannot run another (remove the syntax line, or build with BuildKit)",
    );
    expect(error?.location).toEqual({ file: "Dockerfile", line: 1, column: 12 });
    expect(error).toMatchObject({ code: "DFB_FRONTEND_UNSUPPORTED" });
    expect(events).toEqual([]);
    const old = await fakeBuild(engine, `# syntax=docker/dockerfile:0.9\nFROM ${BASE}\n`);
    expect(old.error?.message).toContain("a version of docker/dockerfile dfbuild does not know");
  });

  test("a stage a RUN mounts from is built, even when nothing else needs it", async () => {
    const engine = engineWithBase();
    engine.onRun = (run) => {
      if (run.argv.includes("make")) run.writeFile("/out/app", "built");
      else run.writeFile("/copied", run.readFile("/mnt/app") ?? "missing");
      return 0;
    };
    const { image, error } = await fakeBuild(engine, `FROM ${BASE} AS build\nRUN make\nFROM ${BASE} AS unused\nRUN exit 1\nFROM ${BASE}\nRUN --mount=from=build,source=/out,target=/mnt cp /mnt/app /copied\n`);
    expect(error).toBeUndefined();
    expect(image?.fs.get("/copied")?.content?.toString()).toBe("built");
  });

  test("--no-cache-filter: the named stage's RUNs start their cache mounts empty, the others keep theirs", async () => {
    const engine = engineWithBase();
    engine.onRun = (run) => {
      run.writeFile("/c/log", `${run.readFile("/c/log") ?? ""}x`);
      run.writeFile("/out", run.readFile("/c/log") ?? "");
      return 0;
    };
    const dockerfile = `FROM ${BASE} AS a\nRUN --mount=type=cache,id=a,target=/c a\nFROM ${BASE} AS b\nRUN --mount=type=cache,id=b,target=/c b\n`;
    await fakeBuild(engine, dockerfile, { target: "a" });
    await fakeBuild(engine, dockerfile, { target: "b" });
    const third = await fakeBuild(engine, dockerfile.replace("/c a\n", "/c a again\n").replace("/c b\n", "/c b again\n"), { noCacheStages: ["b"] });
    expect(third.error).toBeUndefined();
    const caches = await listCacheMounts(engine);
    expect(caches.map((cache) => [cache.id, cache.generation])).toEqual([["a", 0], ["b", 1]]);
    const log = (id: string): string | undefined => engine.volumeStore.get(caches.find((cache) => cache.id === id)?.name ?? "")?.fs.get("/log")?.content?.toString();
    // b started empty and wrote once; a kept its cache (its stage was not needed this time).
    expect([log("a"), log("b")]).toEqual(["x", "x"]);
  });

  test("a --secret file that cannot be read fails before any step", async () => {
    const { error, events } = await fakeBuild(engineWithBase(), `FROM ${BASE}\n`, { secrets: [{ id: "x", file: "/nonexistent/secret" }] });
    expect(error?.message).toMatch(/^secret x: cannot read \/nonexistent\/secret: ENOENT/);
    expect(events).toEqual([]);
  });

  test("ADD <git repository>#ref: the checkout without .git, or with it (--keep-git-dir); --checksum is the commit", async () => {
    const root = await mkdtemp(join(tmpdir(), "dfbuild-git-test-"));
    const git = (...args: string[]): string => execFileSync("git", args, { cwd: join(root, "work"), env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" } }).toString().trim();
    // A repository served as plain files over HTTP (git's "dumb" protocol), as a remote would be.
    execFileSync("git", ["init", "--quiet", "-b", "main", join(root, "work")]);
    await writeFile(join(root, "work", "README"), "v1\n");
    git("add", "README");
    git("commit", "--quiet", "-m", "one");
    git("tag", "v1");
    const first = git("rev-parse", "HEAD");
    await writeFile(join(root, "work", "README"), "v2\n");
    git("commit", "--quiet", "-am", "two");
    execFileSync("git", ["clone", "--quiet", "--bare", join(root, "work"), join(root, "repo.git")]);
    execFileSync("git", ["update-server-info"], { cwd: join(root, "repo.git") });
    const server = createServer((request, response) => {
      readFile(join(root, decodeURIComponent((request.url ?? "/").split("?")[0] ?? "/"))).then(
        (content) => response.end(content),
        () => {
          response.statusCode = 404;
          response.end();
        },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${String(typeof address === "object" && address !== null ? address.port : 0)}/repo.git`;
    try {
      const engine = engineWithBase();
      const { image, error } = await fakeBuild(engine, `FROM ${BASE}\nADD ${url}#v1 /src\nADD --keep-git-dir ${url} /full\nADD --checksum=${first.slice(0, 12)} ${url}#v1 /checked\n`);
      expect(error).toBeUndefined();
      expect(image?.fs.get("/src/README")?.content?.toString()).toBe("v1\n");
      expect(image?.fs.has("/src/.git")).toBe(false);
      expect(image?.fs.get("/full/README")?.content?.toString()).toBe("v2\n");
      expect(image?.fs.get("/full/.git")?.type).toBe("directory");
      const mismatch = await fakeBuild(engine, `FROM ${BASE}\nADD --checksum=0123abcd ${url}#v1 /src\n`);
      expect(mismatch.error?.message).toBe(`checksum mismatch "0123abcd" != "${first}"`);
    } finally {
      server.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
