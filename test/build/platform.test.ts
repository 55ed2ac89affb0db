/**
 * `--platform` and `FROM --platform` against the engine, beside the classic builder. Docker 20.10's
 * classic builder ignores a platform its local base does not have and builds for the engine's
 * (`--platform linux/arm64` on busybox gives linux/amd64, silently); dfbuild does what the issue
 * asks instead — pulls for the platform, refuses a base of another one, and refuses before any step
 * a RUN the engine cannot run — and agrees with it where it is exact (the empty base, the parse
 * errors, the platform the engine runs).
 */
import { readFile, rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BUSYBOX, classic, dfbuild, docker, dockerOk, leftoverContainers, makeContext, testScope } from "./helpers.js";
import { runCli } from "../cli.js";
import { dockerConfig, dockerWithConfig, removeRepositoryImages, uniqueRepository } from "./registry-helpers.js";

const { contexts, images } = testScope();
// An arm64 emulator registered with this kernel (qemu-user-static, tonistiigi/binfmt) lets the engine run arm64.
const arm64Emulated = (await readFile("/proc/sys/fs/binfmt_misc/qemu-aarch64", "utf8").catch(() => "")).startsWith("enabled");
const repository = uniqueRepository("platform");
let configDir: string;

beforeAll(async () => {
  configDir = await dockerConfig("valid");
});

afterAll(async () => {
  // The pushed base is busybox under another name: only the name goes (by ID the engine would refuse, or take busybox).
  docker(["rmi", `${repository}:amd64`]);
  removeRepositoryImages(repository);
  await rm(configDir, { recursive: true, force: true });
});

function platformOf(image: string): string {
  return dockerOk(["image", "inspect", "--format", "{{.Os}}/{{.Architecture}}", image]).trim();
}

async function context(dockerfile: string): Promise<string> {
  const dir = await makeContext({ Dockerfile: dockerfile, "file.txt": "x\n" });
  contexts.push(dir);
  return dir;
}

describe("--platform", () => {
  test("the engine's own platform (in any spelling containerd reads) builds as without it, as classic does", async () => {
    const dir = await context(`FROM ${BUSYBOX}\nRUN echo ran > /ran\n`);
    for (const spelling of ["linux/amd64", "linux/x86_64", "linux"]) {
      const ours = await dfbuild(dir, ["--platform", spelling]);
      images.push(ours.tag);
      expect(ours.code, ours.stderr).toBe(0);
      expect(platformOf(ours.tag)).toBe("linux/amd64");
    }
    const theirs = classic(dir, ["--platform", "linux/x86_64"]);
    images.push(theirs.tag);
    expect(theirs.code, theirs.stderr).toBe(0);
    expect(platformOf(theirs.tag)).toBe("linux/amd64");
  });

  test("a malformed platform is refused before any step, in containerd's words as the engine answers", async () => {
    const dir = await context(`FROM ${BUSYBOX}\n`);
    const ours = await dfbuild(dir, ["--platform", "foo/bar/baz/x"]);
    expect(ours.code).toBe(1);
    expect(ours.stderr).toContain('--platform: "foo/bar/baz/x": cannot parse platform specifier: invalid argument');
    expect(ours.stdout).not.toContain("Step 1/");
    const theirs = classic(dir, ["--platform", "foo/bar/baz/x"]);
    expect(theirs.code).not.toBe(0);
    expect(theirs.stderr).toContain('"foo/bar/baz/x": cannot parse platform specifier: invalid argument');
  });

  test.runIf(!arm64Emulated)(
    "a platform the engine cannot run: a RUN is refused before any step (classic silently builds amd64)",
    async () => {
      const dir = await context(`FROM ${BUSYBOX}\nCOPY file.txt /\nRUN echo ran\n`);
      const before = leftoverContainers([process.pid]);
      const ours = await dfbuild(dir, ["--platform", "linux/arm64"]);
      expect(ours.code).toBe(1);
      expect(ours.stderr).toContain(
        "Dockerfile:1:1: --platform linux/arm64: the engine runs linux/amd64 and cannot run linux/arm64 programs, which the RUN at 3:1 needs: no emulator for it is registered with the kernel (binfmt_misc). Register one (docker run --privileged --rm tonistiigi/binfmt --install arm64, or Debian's qemu-user-static), or build for linux/amd64",
      );
      expect(ours.stdout).not.toContain("Step 1/");
      expect(leftoverContainers([process.pid])).toEqual(before);
      const theirs = classic(dir, ["--platform", "linux/arm64"]);
      images.push(theirs.tag);
      expect(theirs.code, theirs.stderr).toBe(0);
      expect(platformOf(theirs.tag)).toBe("linux/amd64");
    },
  );

  test("windows on a Linux engine is refused before any step", async () => {
    const dir = await context(`FROM ${BUSYBOX}\n`);
    const ours = await dfbuild(dir, ["--platform", "windows/amd64"]);
    expect(ours.code).toBe(1);
    expect(ours.stderr).toContain("--platform windows/amd64: the engine runs linux containers and cannot build windows images");
  });

  test("a base of another platform is pulled for the platform, and refused when the registry has none for it", async () => {
    dockerOk(["tag", BUSYBOX, `${repository}:amd64`]);
    const pushed = dockerWithConfig(configDir, ["push", `${repository}:amd64`]);
    expect(pushed.code, pushed.stderr).toBe(0);
    const dir = await context(`FROM ${repository}:amd64\nCOPY file.txt /\n`);
    const ours = await runCli(["build", "--progress", "plain", "--platform", "linux/arm64", dir], "", process.cwd(), { DOCKER_CONFIG: configDir });
    expect(ours.code).toBe(1);
    expect(ours.stderr).toContain(
      `Dockerfile:1:1: image with reference ${repository}:amd64 was found but does not match the specified platform: wanted linux/arm64, actual: linux/amd64`,
    );
    // The base had to be pulled again (it is amd64 here), and the registry gave amd64 once more.
    expect(ours.stderr).toContain("(the registry has no image for it)");
  });
});

describe("FROM --platform", () => {
  test("the empty base takes the build's platform, as classic's does, and the stage's (classic keeps only its OS)", async () => {
    const fromFlag = await context("FROM scratch\nCOPY file.txt /\n");
    const ours = await dfbuild(fromFlag, ["--platform", "linux/arm64"]);
    images.push(ours.tag);
    expect(ours.code, ours.stderr).toBe(0);
    expect(platformOf(ours.tag)).toBe("linux/arm64");
    const theirs = classic(fromFlag, ["--platform", "linux/arm64"]);
    images.push(theirs.tag);
    expect(theirs.code, theirs.stderr).toBe(0);
    expect(platformOf(theirs.tag)).toBe("linux/arm64");

    // moby 20.10 `getImageOrStage` gives the empty base only the OS of FROM --platform, so its
    // image is the engine's architecture; dfbuild builds what the line asks for, as BuildKit does.
    const fromStage = await context("FROM --platform=linux/arm64 scratch\nCOPY file.txt /\n");
    const stage = await dfbuild(fromStage, []);
    images.push(stage.tag);
    expect(stage.code, stage.stderr).toBe(0);
    expect(platformOf(stage.tag)).toBe("linux/arm64");
    const classicStage = classic(fromStage, []);
    images.push(classicStage.tag);
    expect(platformOf(classicStage.tag)).toBe("linux/amd64");
  });

  test("$BUILDPLATFORM is not defined by the classic builder: the same parse error, at the FROM", async () => {
    const dir = await context(`FROM --platform=$BUILDPLATFORM ${BUSYBOX}\nRUN true\n`);
    const ours = await dfbuild(dir, []);
    expect(ours.code).toBe(1);
    const message = 'failed to parse platform : "" is an invalid component of "": platform specifier component must match "^[A-Za-z0-9_-]+$": invalid argument';
    expect(ours.stderr).toContain(`Dockerfile:1:1: ${message}`);
    const theirs = classic(dir, []);
    expect(theirs.code).not.toBe(0);
    expect(theirs.stdout + theirs.stderr).toContain(message);
  });
});
