import { createServer } from "node:http";
import { describe, expect, test } from "vitest";
import * as tar from "tar-stream";
import { StageHarness, engineWithBase } from "../build-harness.test-helper.js";
import { isGitUrl } from "./copy.js";

describe("COPY and ADD flags of BuildKit's syntax", () => {
  test("--link: the same files, and every directory on the way made anew (0755, the --chown owner)", async () => {
    const engine = engineWithBase({}, { "/srv/": { type: "directory", mode: 0o1777, uid: 0, gid: 0 } });
    const stage = await StageHarness.create({ engine, files: { "a.txt": "a" } });
    await stage.dispatch("COPY --link --chown=1000:1000 a.txt /srv/data/a.txt");
    const fs = stage.image().fs;
    expect(fs.get("/srv/data/a.txt")).toMatchObject({ uid: 1000, gid: 1000, content: Buffer.from("a") });
    expect(fs.get("/srv")).toMatchObject({ mode: 0o755, uid: 1000, gid: 1000 });
    expect(fs.get("/srv/data")).toMatchObject({ mode: 0o755, uid: 1000, gid: 1000 });
  });

  test("--link with --chmod is a plain copy (BuildKit skips the merge)", async () => {
    const engine = engineWithBase({}, { "/srv/": { type: "directory", mode: 0o1777, uid: 0, gid: 0 } });
    const stage = await StageHarness.create({ engine, files: { "a.txt": "a" } });
    await stage.dispatch("COPY --link --chmod=600 a.txt /srv/a.txt");
    expect(stage.image().fs.get("/srv")).toMatchObject({ mode: 0o1777 });
  });

  test("--parents keeps each source's path; /./ keeps only what follows it; ** matches any depth", async () => {
    const stage = await StageHarness.create({ files: { "x/a.txt": "xa", "y/a.txt": "ya", "src/app/main.go": "m", "src/app/sub/util.go": "u", "docs/./skip": "" } });
    await stage.dispatch("COPY --parents x/a.txt y/a.txt /p/\nCOPY --parents src/./app/main.go /q/\nCOPY --parents src/**/*.go /r/");
    const paths = [...stage.image().fs.keys()];
    expect(paths.filter((path) => /^\/(p|q|r)\//.test(path)).sort()).toEqual(
      ["/p/x", "/p/x/a.txt", "/p/y", "/p/y/a.txt", "/q/app", "/q/app/main.go", "/r/src", "/r/src/app", "/r/src/app/main.go", "/r/src/app/sub", "/r/src/app/sub/util.go"].sort(),
    );
  });

  test("--exclude: patterns as .dockerignore's, inside each source", async () => {
    const stage = await StageHarness.create({ files: { "dir1/keep.txt": "k", "dir1/x.png": "p", "dir1/deep/y.png": "p", "top.png": "t", "b.txt": "b" } });
    // BuildKit's own case: `*/*.png` drops dir1/x.png (one level down), not top.png nor dir1/deep/y.png.
    await stage.dispatch("COPY --exclude=*/*.png --exclude=dir1/deep . /1/\nCOPY --exclude=**/*.png dir1 /2/\nCOPY --exclude=b.txt *.txt *.png /3/");
    const paths = [...stage.image().fs.keys()].filter((path) => /^\/[123]\//.test(path)).sort();
    expect(paths).toEqual(["/1/b.txt", "/1/dir1", "/1/dir1/keep.txt", "/1/top.png", "/2/deep", "/2/keep.txt", "/3/top.png"]);
  });

  test("--exclude changes the key: a build with and without it are two steps", async () => {
    const first = await StageHarness.create({ files: { "d/a": "a", "d/b": "b" } });
    await first.dispatch("COPY d /d");
    const excluded = await StageHarness.create({ engine: first.engine, cacheDir: first.cacheDir, files: { "d/a": "a", "d/b": "b" } });
    expect(await excluded.dispatch("COPY --exclude=b d /d")).toEqual([false]);
    expect(excluded.image().fs.has("/d/b")).toBe(false);
  });

  test("ADD --checksum: the download must match; errors as BuildKit's", async () => {
    const server = createServer((_request, response) => response.end("payload\n"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${String(typeof address === "object" && address !== null ? address.port : 0)}/file.txt`;
    try {
      const good = "sha256:b9d5d1b5a9c8ef9d2e4bb3c1f7e0f0b0a1e6b2ed1d7f7d4e27a7a0b3e0e7d4c1";
      const stage = await StageHarness.create();
      const mismatch = await stage.failure(`ADD --checksum=${good} ${url} /f`);
      expect(mismatch.message).toMatch(/^digest mismatch for http:\/\/127\.0\.0\.1:\d+\/file\.txt: got sha256:[0-9a-f]{64}, --checksum expects sha256:b9d5/);
      expect(mismatch).toMatchObject({ code: "DFB_CHECKSUM_MISMATCH" });
      expect(mismatch.location?.line).toBe(2);
      const actual = /got (sha256:[0-9a-f]{64})/.exec(mismatch.message)?.[1] ?? "";
      await stage.dispatch(`ADD --checksum=${actual} ${url} /f`);
      expect(stage.image().fs.get("/f")?.content?.toString()).toBe("payload\n");
      expect((await stage.failure(`ADD --checksum=${actual} ${url} ${url} /d/`)).message).toBe("checksum can't be specified for multiple sources");
      expect((await stage.failure(`ADD --checksum=${actual} local.txt /d/`)).message).toBe("checksum requires HTTP(S) or Git sources");
      expect((await stage.failure(`ADD --checksum=md5:abc ${url} /f`)).message).toBe(
        'ADD failed: invalid checksum digest format "md5:abc": expected sha256:<64 hex digits> (or sha384, sha512)',
      );
    } finally {
      server.close();
    }
  });

  test("ADD --keep-git-dir with a source that is not Git is a clear error", async () => {
    const stage = await StageHarness.create({ files: { "a.txt": "a" } });
    expect((await stage.failure("ADD --keep-git-dir a.txt /a")).message).toBe("--keep-git-dir only applies to Git sources: a.txt is not a Git repository URL");
  });

  test("which ADD sources are Git repositories (BuildKit's gitutil)", () => {
    expect(["https://github.com/moby/buildkit.git", "https://example.com/r.git#v1:sub", "git@github.com:o/r.git", "git://host/r", "ssh://git@host/r"].every(isGitUrl)).toBe(true);
    expect(["https://example.com/file.tar.gz", "http://host/r.git.txt", "local/dir.git"].some(isGitUrl)).toBe(false);
  });

  test("ADD extracts a local archive; --unpack=false copies it as it is", async () => {
    const pack = tar.pack();
    pack.entry({ name: "inside.txt", mode: 0o644 }, "x\n");
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of pack) chunks.push(chunk as Buffer);
    const stage = await StageHarness.create({ files: { "a.tar": Buffer.concat(chunks) } });
    await stage.dispatch("ADD a.tar /y/\nADD --unpack=false a.tar /x/");
    const fs = stage.image().fs;
    expect(fs.get("/y/inside.txt")?.content?.toString()).toBe("x\n");
    expect(fs.get("/x/a.tar")?.type).toBe("file");
    expect(fs.has("/x/inside.txt")).toBe(false);
  });
});
