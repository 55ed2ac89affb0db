/**
 * The build cache through a real registry: `--cache-to` on one engine state, `--cache-from` after
 * everything local was removed (another machine, as far as the cache can tell), and the ways it
 * fails. Only this file's images are removed: other lanes share the engine.
 */
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "../cli.js";
import { BUSYBOX, dockerOk, makeContext, testScope, writeContext } from "./helpers.js";
import {
  cachedSteps,
  cacheImages,
  dockerConfig,
  dockerWithConfig,
  dropCache,
  imageExists,
  REGISTRY,
  removeRepositoryImages,
  uniqueRepository,
} from "./registry-helpers.js";
import { tempDir } from "../temp-dir.js";

const { contexts } = testScope();
const repository = uniqueRepository("cache");
const other = uniqueRepository("cache-other");
let configDir: string;
const scratchDirs: string[] = [];

beforeAll(async () => {
  configDir = await dockerConfig("valid");
});

afterAll(async () => {
  removeRepositoryImages(repository);
  removeRepositoryImages(other);
  for (const dir of scratchDirs) await dropCache(dir);
  await rm(configDir, { recursive: true, force: true });
});

function freshCacheDir(): string {
  const dir = tempDir("dfbuild-cache-machine-");
  scratchDirs.push(dir);
  return dir;
}

/** `dfbuild build` with the registry's credentials, plain output, and a cache directory. */
function build(context: string, args: readonly string[], cacheDir: string | undefined, config = configDir): ReturnType<typeof runCli> {
  const env: Record<string, string> = { DOCKER_CONFIG: config };
  if (cacheDir !== undefined) env.DFBUILD_CACHE_DIR = cacheDir;
  return runCli(["build", "--progress", "plain", ...args, context], "", process.cwd(), env);
}

// Two stages: the first is not in the final image's chain, and must be cached all the same.
const DOCKERFILE = `FROM ${BUSYBOX} AS tools
RUN echo tool > /tool
FROM ${BUSYBOX}
COPY --from=tools /tool /tool
RUN cat /tool > /copied && echo ran
ENV MODE=test
COPY app.txt /app.txt
CMD ["cat", "/app.txt"]
`;

describe("--cache-to / --cache-from through a registry", () => {
  test("another engine state with none of the images gets every unchanged step from the registry, and the same image", async () => {
    const context = await makeContext({ Dockerfile: DOCKERFILE, "app.txt": "v1\n" });
    contexts.push(context);
    const machineA = freshCacheDir();
    const first = await build(context, ["--iidfile", join(context, "id"), "--cache-to", `${repository}:cache`], machineA);
    expect(first.code, first.stderr).toBe(0);
    // Every step of both stages (and the stages' final config rewrites, which are cache entries too).
    const exported = new RegExp(`exported cache to ${repository}:cache: (\\d+) steps \\((\\d+) pushed, 0 already there\\)`).exec(first.stdout);
    expect(exported, first.stdout).not.toBeNull();
    const entries = Number(exported?.[1]);
    expect(entries).toBeGreaterThanOrEqual(6);
    expect(Number(exported?.[2])).toBe(entries);
    const built = await readFile(join(context, "id"), "utf8");

    // Everything this build made goes: the engine now is, for this build, an empty machine.
    const made = await cacheImages(machineA);
    removeRepositoryImages(repository);
    await dropCache(machineA);
    for (const image of made) expect(imageExists(image), image).toBe(false);

    const machineB = freshCacheDir();
    const second = await build(context, ["--cache-from", `${repository}:cache`], machineB);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`importing cache from ${repository}:cache: ${String(entries)} steps`);
    expect(cachedSteps(second.stdout)).toEqual([
      "Step 2/8 : RUN echo tool > /tool",
      "Step 4/8 : COPY --from=tools /tool /tool",
      "Step 5/8 : RUN cat /tool > /copied && echo ran",
      "Step 6/8 : ENV MODE=test",
      "Step 7/8 : COPY app.txt /app.txt",
      "Step 8/8 : CMD [\"cat\", \"/app.txt\"]",
    ]);
    // Nothing ran: the RUN's output never appears.
    expect(second.stdout).not.toContain("\nran\n");
    // Only the layers the engine lacked came down: the base image's is already there.
    expect(second.stdout).toMatch(/pulled cached step \w{12} from .* \(1 layer downloaded\)/);
    expect(dockerOk(["inspect", "--format", "{{.Id}}", /Successfully built (\w+)/.exec(second.stdout)?.[1] ?? "none"]).trim()).toBe(built);
    expect(dockerOk(["run", "--rm", "--network", "none", built])).toBe("v1\n");

    // Exporting again sends nothing the registry has.
    const again = await build(context, ["--cache-from", `${repository}:cache`, "--cache-to", `type=registry,ref=${repository}:cache,mode=max`], machineB);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`exported cache to ${repository}:cache: ${String(entries)} steps (0 pushed, ${String(entries)} already there)`);

    // A changed file: the steps before it still come from the registry, the ones after it are built.
    await writeContext(context, { "app.txt": "v2\n" });
    const machineC = freshCacheDir();
    const changed = await build(context, ["--cache-from", `${repository}:cache`], machineC);
    expect(changed.code, changed.stderr).toBe(0);
    expect(cachedSteps(changed.stdout).map((step) => step.slice(0, 8))).toEqual(["Step 2/8", "Step 4/8", "Step 5/8", "Step 6/8"]);
  });

  test("--cache-from only adds: a missing REF or one that is an image is a warning, and local cache hits stay", async () => {
    const context = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nRUN echo local > /local\nENV A=1\n` });
    contexts.push(context);
    const first = await build(context, ["-t", `${other}:image`, "-t", `${other}:remote`, "--push"], undefined);
    expect(first.code, first.stderr).toBe(0);
    // In the registry only: a REF that names a local image is a classic cache source instead.
    dockerOk(["rmi", `${other}:remote`]);
    const second = await build(context, ["--cache-from", `${other}:missing`, "--cache-from", `${other}:remote,${REGISTRY}/dfbuild-e2e/never-pushed-x:1`], undefined);
    expect(second.code, second.stderr).toBe(0);
    expect(cachedSteps(second.stdout)).toHaveLength(2);
    expect(second.stdout).toContain(`--cache-from ${other}:missing: not found in the registry; building without it`);
    expect(second.stdout).toContain(
      `--cache-from ${other}:remote: it is an image, not a dfbuild cache (written by dfbuild build --cache-to); building without it (to use its steps as docker build does, pull it first: docker pull ${other}:remote)`,
    );
    expect(second.stdout).toContain(`--cache-from ${REGISTRY}/dfbuild-e2e/never-pushed-x:1: not found in the registry`);
  });

  test("--cache-to refuses to overwrite an image, and says why", async () => {
    const context = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nENV KEEP=me\n` });
    contexts.push(context);
    const pushed = await build(context, ["-t", `${other}:app`, "--push"], undefined);
    expect(pushed.code, pushed.stderr).toBe(0);
    const refused = await build(context, ["--cache-to", `${other}:app`], undefined);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `dfbuild build: --cache-to ${other}:app: it holds an image, not a dfbuild cache; refusing to overwrite it. Give the cache a tag of its own, e.g. ${other}:app-cache`,
    );
    // The image is still there to pull.
    removeRepositoryImages(other);
    const pulled = dockerWithConfig(configDir, ["pull", `${other}:app`]);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout).toContain("Downloaded newer image");
  });

  test("failures say what to do: no credentials, a registry that is not there", async () => {
    const context = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nENV FAIL=1\n` });
    contexts.push(context);
    const anonymous = await dockerConfig("none");
    try {
      const noCredentials = await build(context, ["--cache-to", `${repository}:anon`], undefined, anonymous);
      expect(noCredentials.code).toBe(1);
      expect(noCredentials.stderr).toContain(`--cache-to ${repository}:anon: the registry ${REGISTRY} answered unauthorized: authentication required`);
      expect(noCredentials.stderr).toContain(`it needs credentials: run docker login ${REGISTRY}`);
      const wrong = await dockerConfig("wrong");
      const refused = await build(context, ["--cache-to", `${repository}:wrong`], undefined, wrong);
      await rm(wrong, { recursive: true, force: true });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`it refused the stored credentials of dfbuild: run docker login ${REGISTRY} again`);
    } finally {
      await rm(anonymous, { recursive: true, force: true });
    }
    const unreachableTo = await build(context, ["--cache-to", "127.0.0.1:9/dfbuild-e2e/x:cache"], undefined);
    expect(unreachableTo.code).toBe(1);
    expect(unreachableTo.stderr).toContain("--cache-to 127.0.0.1:9/dfbuild-e2e/x:cache: cannot reach the registry 127.0.0.1:9 (tried https://127.0.0.1:9 and http://127.0.0.1:9)");
    const unreachableFrom = await build(context, ["--cache-from", "127.0.0.1:9/dfbuild-e2e/x:cache"], undefined);
    expect(unreachableFrom.code, unreachableFrom.stderr).toBe(0);
    expect(unreachableFrom.stdout).toContain("--cache-from 127.0.0.1:9/dfbuild-e2e/x:cache: cannot read it, building without it: cannot reach the registry 127.0.0.1:9");
    const ignored = await build(context, ["--cache-to", "type=registry,ref=127.0.0.1:9/dfbuild-e2e/x:cache,ignore-error=true"], undefined);
    expect(ignored.code, ignored.stderr).toBe(0);
    expect(ignored.stdout).toContain("(ignored: ignore-error=true)");
  });
});
