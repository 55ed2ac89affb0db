import { execFileSync } from "node:child_process";
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import * as tar from "tar-stream";
import { afterAll, describe, expect, test } from "vitest";
import type { CliIo } from "../io.js";
import { BuildContextError, isGitUrl, parseGitUrl, prepareContext } from "./build-context.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function io(stdin: Uint8Array | string, cwd = tmpdir()): CliIo {
  return {
    stdout: () => undefined,
    stderr: () => undefined,
    readStdin: () => Promise.resolve(typeof stdin === "string" ? stdin : Buffer.from(stdin).toString()),
    // eslint-disable-next-line @typescript-eslint/require-await -- an async generator is the simplest AsyncIterable
    stdinStream: async function* () {
      yield typeof stdin === "string" ? Buffer.from(stdin) : stdin;
    },
    cwd,
    env: {},
    isTTY: false,
  };
}

type Entry = Parameters<ReturnType<typeof tar.pack>["entry"]>[0] & { content?: string };

async function tarOf(entries: Entry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const { content, ...header } of entries) {
    if (content === undefined) pack.entry(header);
    else pack.entry(header, content);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe("git URLs (docker/cli urlutil.IsGitURL, gitutils)", () => {
  test.each([
    ["https://example.com/repo.git", true],
    ["https://example.com/repo.git#main:app", true],
    ["http://example.com/repo", false],
    ["git://example.com/repo", true],
    ["git@example.com:team/repo.git", true],
    ["github.com/team/repo", true],
    ["./repo.git", false],
  ])("%s is a git URL: %s", (text, git) => {
    expect(isGitUrl(text)).toBe(git);
  });

  test("the fragment is REF[:SUBDIR]; no ref is master, as the classic CLI fetches", () => {
    expect(parseGitUrl("git://h/r.git")).toEqual({ remote: "git://h/r.git", ref: "master", subdir: "" });
    expect(parseGitUrl("git://h/r.git#v1:app/web")).toEqual({ remote: "git://h/r.git", ref: "v1", subdir: "app/web" });
    expect(parseGitUrl("git://h/r.git#:app")).toEqual({ remote: "git://h/r.git", ref: "master", subdir: "app" });
    expect(parseGitUrl("github.com/team/repo#main")).toEqual({ remote: "https://github.com/team/repo", ref: "main", subdir: "" });
  });
});

describe("prepareContext", () => {
  test("a tar on stdin is the context; -f names a member; modes, times and links are kept", async () => {
    const mtime = new Date("2024-01-02T03:04:05Z");
    const archive = await tarOf([
      { name: "sub/", type: "directory", mode: 0o750, mtime },
      { name: "sub/Dfile", content: "FROM scratch\nCOPY . /\n", mode: 0o644, mtime },
      { name: "run.sh", content: "#!/bin/sh\n", mode: 0o755, mtime },
      { name: "link", type: "symlink", linkname: "run.sh", mtime },
      { name: "hard", type: "link", linkname: "run.sh" },
      { name: ".dockerignore", content: "*.tmp\n" },
    ]);
    const prepared = await prepareContext("-", "sub/Dfile", io(archive));
    made.push(prepared.dir);
    expect(prepared.dockerfile).toEqual({ name: "sub/Dfile", text: "FROM scratch\nCOPY . /\n" });
    // An archive context is not filtered by its .dockerignore (the classic builder does not).
    expect(prepared.dockerignore).toBe("");
    expect(statSync(join(prepared.dir, "run.sh")).mode & 0o7777).toBe(0o755);
    expect(statSync(join(prepared.dir, "run.sh")).mtime).toEqual(mtime);
    expect(statSync(join(prepared.dir, "sub")).mode & 0o7777).toBe(0o750);
    expect(statSync(join(prepared.dir, "sub")).mtime).toEqual(mtime);
    expect(readlinkSync(join(prepared.dir, "link"))).toBe("run.sh");
    expect(statSync(join(prepared.dir, "hard")).ino).toBe(statSync(join(prepared.dir, "run.sh")).ino);
    await prepared.cleanup();
    expect(existsSync(prepared.dir)).toBe(false);
  });

  test("gzip, bzip2, xz and zstd archives are unpacked", async () => {
    const archive = await tarOf([{ name: "Dockerfile", content: "FROM scratch\n" }]);
    const dir = mkdtempSync(join(tmpdir(), "dfbuild-compress-"));
    made.push(dir);
    writeFileSync(join(dir, "c.tar"), archive);
    const compressed: Record<string, Buffer> = { gzip: gzipSync(archive) };
    for (const [name, command] of [["bzip2", ["bzip2", "-kc"]], ["xz", ["xz", "-kc"]], ["zstd", ["zstd", "-qc"]]] as const) {
      compressed[name] = execFileSync(command[0], [command[1], join(dir, "c.tar")]);
    }
    for (const [name, bytes] of Object.entries(compressed)) {
      const prepared = await prepareContext("-", undefined, io(bytes));
      expect(prepared.dockerfile.text, name).toBe("FROM scratch\n");
      await prepared.cleanup();
    }
  });

  test("anything else on stdin is the Dockerfile, alone in its context", async () => {
    const prepared = await prepareContext("-", undefined, io("FROM scratch\nCOPY . /\n"));
    expect(prepared.dockerfile).toEqual({ name: "<stdin>", text: "FROM scratch\nCOPY . /\n" });
    expect(readFileSync(join(prepared.dir, "Dockerfile"), "utf8")).toBe("FROM scratch\nCOPY . /\n");
    await prepared.cleanup();
  });

  test("docker's errors for stdin used twice, a missing Dockerfile, and unknown paths", async () => {
    await expect(prepareContext("-", "-", io(""))).rejects.toThrow(new BuildContextError("invalid argument: can't use stdin for both build context and dockerfile"));
    await expect(prepareContext("-", "Dockerfile", io("FROM scratch\n"))).rejects.toThrow("ambiguous Dockerfile source: both stdin and flag correspond to Dockerfiles");
    await expect(prepareContext("-", undefined, io(await tarOf([{ name: "a.txt", content: "a" }])))).rejects.toThrow("Cannot locate specified Dockerfile: Dockerfile");
    await expect(prepareContext("no/such/dir", undefined, io(""))).rejects.toThrow('unable to prepare context: path "no/such/dir" not found');
    const dir = mkdtempSync(join(tmpdir(), "dfbuild-file-ctx-"));
    made.push(dir);
    const file = join(dir, "Dockerfile");
    writeFileSync(file, "FROM scratch\n");
    await expect(prepareContext(file, undefined, io(""))).rejects.toThrow(`unable to prepare context: context must be a directory: ${file}`);
  });

  test("entries that would land outside the context are refused, and nothing is left behind", async () => {
    const before = new Set(execFileSync("ls", [tmpdir()], { encoding: "utf8" }).split("\n").filter((name) => name.startsWith("dfbuild-context-")));
    for (const entries of [
      [{ name: "../escape.txt", content: "x" }],
      [{ name: "a/../../escape.txt", content: "x" }],
      [{ name: "Dockerfile", content: "FROM scratch\n" }, { name: "hard", type: "link" as const, linkname: "../../etc/passwd" }],
    ]) {
      await expect(prepareContext("-", undefined, io(await tarOf(entries)))).rejects.toThrow(/outside the context/);
    }
    const after = execFileSync("ls", [tmpdir()], { encoding: "utf8" }).split("\n").filter((name) => name.startsWith("dfbuild-context-") && !before.has(name));
    expect(after).toEqual([]);
  });

  test("an absolute entry lands inside the context, and a symlink the archive makes is never written through", async () => {
    const archive = await tarOf([
      { name: "/abs.txt", content: "abs" },
      { name: "out", type: "symlink", linkname: "/tmp" },
      { name: "out/through.txt", content: "x" },
      { name: "Dockerfile", content: "FROM scratch\n" },
    ]);
    const prepared: unknown = await prepareContext("-", undefined, io(archive)).catch((error: unknown) => error);
    // Either refused, or the symlink replaced the directory: never a file written in /tmp.
    expect(existsSync("/tmp/through.txt")).toBe(false);
    if (!(prepared instanceof Error)) {
      // cleanup() removes the context's temporary parent too, which holds more than `dir`.
      const { dir, cleanup } = prepared as { dir: string; cleanup: () => Promise<void> };
      try {
        expect(readFileSync(join(dir, "abs.txt"), "utf8")).toBe("abs");
        expect(lstatSync(join(dir, "out")).isSymbolicLink()).toBe(true);
      } finally {
        await cleanup();
      }
    }
  });

  test("a Dockerfile named by -f must be inside the archive's context", async () => {
    const archive = await tarOf([{ name: "Dockerfile", content: "FROM scratch\n" }, { name: "up", type: "symlink", linkname: "/etc/passwd" }]);
    await expect(prepareContext("-", "up", io(archive))).rejects.toThrow("Cannot locate specified Dockerfile: up");
    await expect(prepareContext("-", "../Dockerfile", io(archive))).rejects.toThrow("Cannot locate specified Dockerfile: ../Dockerfile");
  });
});
