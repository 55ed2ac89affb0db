/**
 * A CI job as pipelines write it — `docker login`, `docker pull … || true`, `docker build` with
 * docker's flags only, `docker push` — run unchanged with dfbuild in `docker build`'s place: a
 * `docker` on PATH sends `build` to the dfbuild binary and everything else to the docker CLI. The
 * second run is another runner: nothing of the first is on the engine, the pulled image is the
 * cache (`--cache-from`, as the classic builder reads it), and what it pushes pulls and runs.
 */
import { spawnSync } from "node:child_process";
import { chmod, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { BUSYBOX, docker, dockerEnv, dockerOk, makeContext } from "./helpers.js";
import { cachedSteps, dockerWithConfig, dropCache, REGISTRY, REGISTRY_PASSWORD, REGISTRY_USER, removeRepositoryImages, uniqueRepository } from "./registry-helpers.js";
import { tempDir } from "../temp-dir.js";

const dfbuildBin = fileURLToPath(new URL("../../packages/cli/bin/dfbuild.cjs", import.meta.url));
const image = uniqueRepository("ci-app");
const base = uniqueRepository("ci-base");
const dirs: string[] = [];
const cacheDirs: string[] = [];
let context: string;
let shim: string;

// What a pipeline's build job runs (GitLab CI's docs teach this shape: log in, pull the last image
// for its cache, build with it, push the commit's tag and latest).
const JOB = `#!/bin/sh
set -eu
echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"
docker pull "$CI_REGISTRY_IMAGE:latest" || true
docker build --pull --rm --force-rm -f docker/app/Dockerfile --build-arg GREETING=hello --cache-from "$CI_REGISTRY_IMAGE:latest" -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" -t "$CI_REGISTRY_IMAGE:latest" .
docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"
docker push "$CI_REGISTRY_IMAGE:latest"
`;

beforeAll(async () => {
  // The base image comes from the registry: `--pull` never builds on a local-only one.
  const setup = tempDir("dfbuild-ci-config-");
  dirs.push(setup);
  await writeFile(join(setup, "config.json"), JSON.stringify({ auths: { [REGISTRY]: { auth: Buffer.from(`${REGISTRY_USER}:${REGISTRY_PASSWORD}`).toString("base64") } } }));
  dockerOk(["tag", BUSYBOX, `${base}:1`]);
  const pushed = dockerWithConfig(setup, ["push", `${base}:1`]);
  expect(pushed.code, pushed.stderr).toBe(0);
  untagBase();

  context = await makeContext({
    "docker/app/Dockerfile": `FROM ${base}:1\nARG GREETING=hi\nRUN echo "$GREETING from ci" > /greeting\nCOPY app.txt /app/\nENV MODE=ci\nCMD ["cat", "/greeting"]\n`,
    "app.txt": "v1\n",
    "ci.sh": { content: JOB, mode: 0o755 },
  });
  dirs.push(context);
  shim = tempDir("dfbuild-ci-bin-");
  dirs.push(shim);
  const docker = spawnSync("sh", ["-c", "command -v docker"], { encoding: "utf8" }).stdout.trim();
  await writeFile(
    join(shim, "docker"),
    `#!/bin/sh\nif [ "\${1:-}" = build ]; then shift; exec '${process.execPath}' '${dfbuildBin}' build "$@"; fi\nexec '${docker}' "$@"\n`,
  );
  await chmod(join(shim, "docker"), 0o755);
}, 300_000);

/** The base is busybox under another name: only the name goes (by ID, the engine would refuse or take busybox). */
function untagBase(): void {
  docker(["rmi", `${base}:1`]);
}

afterAll(async () => {
  removeRepositoryImages(image);
  untagBase();
  for (const dir of cacheDirs) await dropCache(dir);
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** One runner: a docker config and a dfbuild cache of its own, the job run in the checkout. */
function runJob(commit: string): { code: number | null; output: string; config: string } {
  const config = tempDir("dfbuild-ci-config-");
  const cache = tempDir("dfbuild-ci-cache-");
  dirs.push(config);
  cacheDirs.push(cache);
  const result = spawnSync("sh", ["ci.sh"], {
    cwd: context,
    encoding: "utf8",
    timeout: 240_000,
    env: {
      ...dockerEnv,
      PATH: `${shim}:${process.env.PATH ?? ""}`,
      DOCKER_CONFIG: config,
      DFBUILD_CACHE_DIR: cache,
      CI_REGISTRY: REGISTRY,
      CI_REGISTRY_USER: REGISTRY_USER,
      CI_REGISTRY_PASSWORD: REGISTRY_PASSWORD,
      CI_REGISTRY_IMAGE: image,
      CI_COMMIT_SHA: commit,
    },
  });
  if (result.error !== undefined) throw result.error;
  return { code: result.status, output: `${result.stdout}${result.stderr}`, config };
}

test("the job runs unchanged; the next runner's build takes every step from the pulled image, and pushes what pulls and runs", async () => {
  const first = runJob("c0ffee1");
  expect(first.code, first.output).toBe(0);
  expect(first.output).toContain("Login Succeeded");
  expect(first.output).toContain(`Step 1/6 : FROM ${base}:1`);
  expect(cachedSteps(first.output)).toEqual([]);
  expect(first.output).toMatch(/\nc0ffee1: digest: sha256:[0-9a-f]{64} size: \d+\n/);
  expect(first.output).toMatch(/\nlatest: digest: sha256:[0-9a-f]{64} size: \d+\n/);
  const built = /Successfully built ([0-9a-f]{12})\n/.exec(first.output)?.[1];
  expect(built).toBeDefined();

  // Another runner: none of the first run's images, an empty dfbuild cache.
  removeRepositoryImages(image);
  untagBase();
  for (const dir of cacheDirs) await dropCache(dir);

  const second = runJob("c0ffee2");
  expect(second.code, second.output).toBe(0);
  expect(second.output).toContain(`Status: Downloaded newer image for ${image}:latest`);
  expect(second.output).toContain(`--cache-from ${image}:latest: using the local image`);
  expect(cachedSteps(second.output)).toEqual([
    "Step 2/6 : ARG GREETING=hi",
    "Step 3/6 : RUN echo \"$GREETING from ci\" > /greeting",
    "Step 4/6 : COPY app.txt /app/",
    "Step 5/6 : ENV MODE=ci",
    "Step 6/6 : CMD [\"cat\", \"/greeting\"]",
  ]);
  // The same image as the first runner's, so the registry already has every layer.
  expect(second.output).toContain(`Successfully built ${built ?? "?"}\n`);
  expect(second.output).toMatch(/\nc0ffee2: digest: sha256:[0-9a-f]{64} size: \d+\n/);

  removeRepositoryImages(image);
  const pulled = dockerWithConfig(second.config, ["pull", `${image}:c0ffee2`]);
  expect(pulled.code, pulled.stderr).toBe(0);
  expect(dockerWithConfig(second.config, ["run", "--rm", "--network", "none", `${image}:c0ffee2`]).stdout).toBe("hello from ci\n");

  // A commit that changes a file: the steps before its COPY come from the pulled image, the rest run.
  removeRepositoryImages(image);
  for (const dir of cacheDirs) await dropCache(dir);
  await writeFile(join(context, "app.txt"), "v2\n");
  const third = runJob("c0ffee3");
  expect(third.code, third.output).toBe(0);
  expect(cachedSteps(third.output)).toEqual(["Step 2/6 : ARG GREETING=hi", "Step 3/6 : RUN echo \"$GREETING from ci\" > /greeting"]);
  expect(third.output).not.toContain(`Successfully built ${built ?? "?"}\n`);
  removeRepositoryImages(image);
  const changed = dockerWithConfig(third.config, ["pull", `${image}:c0ffee3`]);
  expect(changed.code, changed.stderr).toBe(0);
  expect(dockerWithConfig(third.config, ["run", "--rm", "--network", "none", "--entrypoint", "cat", `${image}:c0ffee3`, "/app/app.txt"]).stdout).toBe("v2\n");
});
