/**
 * `--push` to a real registry (pull back and run), credentials from the docker config (`auths`,
 * a credential helper on PATH), and `--output` compared with the image's own filesystem.
 */
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import * as tar from "tar-stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "../cli.js";
import { BUSYBOX, dockerOk, type FileRecord, filesystemOf, makeContext, tarEntryRecord, testScope } from "./helpers.js";
import { credentialHelper, dockerConfig, dockerWithConfig, REGISTRY, removeRepositoryImages, uniqueRepository } from "./registry-helpers.js";
import { tempDir } from "../temp-dir.js";

const { contexts, images } = testScope();
const repository = uniqueRepository("push");
let configDir: string;
const dirs: string[] = [];

beforeAll(async () => {
  configDir = await dockerConfig("valid");
});

afterAll(async () => {
  removeRepositoryImages(repository);
  for (const dir of [configDir, ...dirs]) await rm(dir, { recursive: true, force: true });
});

function build(context: string, args: readonly string[], env: Record<string, string> = { DOCKER_CONFIG: configDir }): ReturnType<typeof runCli> {
  return runCli(["build", "--progress", "plain", ...args, context], "", process.cwd(), env);
}

describe("--push", () => {
  test("pushes every -t tag; the image pulls back on an engine without it, and runs", async () => {
    const context = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nRUN echo pushed > /message\nCMD ["cat", "/message"]\n` });
    contexts.push(context);
    const result = await build(context, ["-t", `${repository}:1`, "-t", `${repository}:latest`, "--push"]);
    expect(result.code, result.stderr).toBe(0);
    // docker push's own lines, after the build's.
    expect(result.stdout).toMatch(new RegExp(`Successfully tagged ${repository}:latest\\nThe push refers to repository \\[${repository}\\]\\n`));
    expect(result.stdout).toMatch(/\n1: digest: sha256:[0-9a-f]{64} size: \d+\n/);
    expect(result.stdout).toMatch(/\nlatest: digest: sha256:[0-9a-f]{64} size: \d+\n/);

    removeRepositoryImages(repository);
    const pulled = dockerWithConfig(configDir, ["pull", `${repository}:1`]);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(dockerWithConfig(configDir, ["run", "--rm", "--network", "none", `${repository}:1`]).stdout).toBe("pushed\n");
  });

  test("with the credentials of a credential helper on PATH, run as docker runs it", async () => {
    const helper = await credentialHelper();
    dirs.push(helper.configDir, helper.bin);
    const context = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nENV HELPED=yes\n` });
    contexts.push(context);
    const result = await build(context, ["-t", `${repository}:helped`, "--push", "--cache-to", `${repository}:helped-cache`], {
      DOCKER_CONFIG: helper.configDir,
      PATH: `${helper.bin}:${process.env.PATH ?? ""}`,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("helped: digest: sha256:");
    expect(result.stdout).toContain(`exported cache to ${repository}:helped-cache`);
    // `get`, with the bare host on stdin; asked once per process, however many requests follow.
    expect(await readFile(helper.log, "utf8")).toBe(`get ${REGISTRY}\n`);

    // A base image only the registry has is pulled with the helper's credentials too.
    removeRepositoryImages(repository);
    const derived = await makeContext({ Dockerfile: `FROM ${repository}:helped\nRUN test "$HELPED" = yes\n` });
    contexts.push(derived);
    const pulled = await build(derived, [], { DOCKER_CONFIG: helper.configDir, PATH: `${helper.bin}:${process.env.PATH ?? ""}` });
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout).toContain(`Status: Downloaded newer image for ${repository}:helped`);
    expect(await readFile(helper.log, "utf8")).toBe(`get ${REGISTRY}\nget ${REGISTRY}\n`);
  });

  test("without credentials, or with wrong ones, the push fails and says how to log in", async () => {
    const context = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nENV NOPE=1\n` });
    contexts.push(context);
    const anonymous = await dockerConfig("none");
    const wrong = await dockerConfig("wrong");
    dirs.push(anonymous, wrong);
    const denied = await build(context, ["-t", `${repository}:denied`, "--push"], { DOCKER_CONFIG: anonymous });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toBe(`dfbuild build: pushing ${repository}:denied failed: no basic auth credentials (run docker login ${REGISTRY}, or configure a credential helper for it in the docker config)\n`);
    const refused = await build(context, ["-t", `${repository}:refused`, "--push"], { DOCKER_CONFIG: wrong });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`pushing ${repository}:refused failed: unauthorized: authentication required (run docker login ${REGISTRY}`);
    // The build itself succeeded: the image is there, tagged.
    expect(dockerWithConfig(anonymous, ["image", "inspect", `${repository}:denied`]).code).toBe(0);
  });

  test("--push without a tag is a usage error before anything is built", async () => {
    const context = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\n` });
    contexts.push(context);
    const result = await build(context, ["--push"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^dfbuild build: --push needs a name to push: add -t NAME\[:TAG\]\n/);
  });
});

/** The members of a tar: type, mode, owner, size and content digest, as filesystemOf records them. */
async function tarFiles(archive: Buffer): Promise<Map<string, FileRecord>> {
  const extract = tar.extract();
  const files = new Map<string, FileRecord>();
  const reading = pipeline(Readable.from([archive]), extract);
  for await (const entry of extract) {
    const [path, record] = await tarEntryRecord(entry);
    files.set(path, record);
  }
  await reading;
  return files;
}

describe("--output", () => {
  test("type=tar holds exactly the image's filesystem (deletions applied, nothing of a container); type=local writes it", async () => {
    const context = await makeContext({
      Dockerfile: `FROM ${BUSYBOX}\nRUN mkdir -p /app/data && echo one > /app/data/a && rm /bin/vi && chown 1000:1000 /app/data/a\nCOPY note.txt /app/\nRUN rm -rf /app/data && mkdir /app/data && echo two > /app/data/b\n`,
      "note.txt": "note\n",
    });
    contexts.push(context);
    const out = tempDir("dfbuild-output-");
    dirs.push(out);
    const result = await build(context, ["--iidfile", join(out, "id"), "-o", `type=tar,dest=${join(out, "fs.tar")}`, "--output", join(out, "rootfs")]);
    expect(result.code, result.stderr).toBe(0);
    const image = await readFile(join(out, "id"), "utf8");
    images.push(image);
    expect(result.stdout).toMatch(/exported the image's filesystem \(\d+ entries\) as a tar to .*fs\.tar\n/);

    const exported = await tarFiles(await readFile(join(out, "fs.tar")));
    const expected = await filesystemOf(image);
    expect(exported).toEqual(expected);
    expect(exported.has("bin/vi")).toBe(false);
    expect(exported.has("app/data/a")).toBe(false);
    expect(exported.has(".dockerenv")).toBe(false);

    expect(await readFile(join(out, "rootfs/app/data/b"), "utf8")).toBe("two\n");
    expect(await readFile(join(out, "rootfs/app/note.txt"), "utf8")).toBe("note\n");
    await expect(readFile(join(out, "rootfs/app/data/a"))).rejects.toThrow(/ENOENT/);
  });

  test("-o - writes the tar to stdout, and the progress to stderr; a layer the image holds twice is read from its one saved copy", async () => {
    // The two COPYs make the same layer: `docker save` writes its data once and links the second.
    const context = await makeContext({
      Dockerfile: `FROM ${BUSYBOX}\nCOPY same.txt /same.txt\nRUN echo piped > /piped\nCOPY same.txt /same.txt\n`,
      "same.txt": { content: "same\n", mtime: 1_600_000_000 },
    });
    contexts.push(context);
    const out = tempDir("dfbuild-output-");
    dirs.push(out);
    const chunks: Uint8Array[] = [];
    let stdout = "";
    let stderr = "";
    const { run } = await import("dfbuild");
    const code = await run(["build", "--progress", "plain", "--iidfile", join(out, "id"), "-o", "-", context], {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      stdoutBytes: (data) => chunks.push(Uint8Array.from(data)),
      readStdin: () => Promise.resolve(""),
      cwd: process.cwd(),
      env: { ...process.env, NO_COLOR: "1" },
      isTTY: false,
    });
    expect(code, stderr).toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toContain("Successfully built");
    const image = await readFile(join(out, "id"), "utf8");
    images.push(image);
    const [inspected] = JSON.parse(dockerOk(["image", "inspect", image])) as { RootFS: { Layers: string[] } }[];
    const layers = inspected?.RootFS.Layers ?? [];
    expect(layers.at(-1)).toBe(layers.at(-3));
    const files = await tarFiles(Buffer.concat(chunks));
    expect(files.get("piped")).toMatchObject({ type: "file", size: 6 });
    expect(files.get("same.txt")).toMatchObject({ type: "file", size: 5 });
  });
});
