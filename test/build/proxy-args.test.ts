/**
 * The proxy build args (HTTP_PROXY, HTTPS_PROXY, FTP_PROXY, NO_PROXY, ALL_PROXY, either case) are
 * predefined: RUN sees them without an ARG, and Docker stores them nowhere (moby
 * `builder/dockerfile/buildargs.go` `builtinAllowedBuildArgs`; not in `created_by`, not in any
 * config; ALL_PROXY joined the list after Docker 20.10). The test scans everything a build leaves: `docker image inspect` of every step image
 * (the build's cache index lists them all), `docker save` of the result, and the cache index.
 */
import { spawnSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { BUSYBOX, dfbuild, dockerEnv, dockerOk, existingImages, leftoverContainers, makeContext, testScope } from "./helpers.js";

const { contexts, images } = testScope();

/**
 * The step images this file's builds made and the engine still has, from its own cache index (see
 * `testScope`). A step image a stage's final image replaced is removed at the end of the build
 * (its record stays in the index): gone, it holds nothing.
 */
async function stepImages(): Promise<string[]> {
  const directory = process.env.DFBUILD_CACHE_DIR ?? "";
  const found: string[] = [];
  for (const name of await readdir(directory)) {
    for (const line of (await readFile(join(directory, name), "utf8")).split("\n")) {
      const image = line === "" ? undefined : (JSON.parse(line) as { image?: unknown }).image;
      if (typeof image === "string") found.push(image);
    }
  }
  return existingImages([...new Set(found)]);
}

/** The cache index's files, as text. */
async function cacheIndexText(): Promise<string> {
  const directory = process.env.DFBUILD_CACHE_DIR ?? "";
  const texts = await Promise.all((await readdir(directory)).map((name) => readFile(join(directory, name), "utf8")));
  return texts.join("\n");
}

describe("proxy build args", () => {
  test("usable in RUN, stored in no step image, no saved layer or config, and no cache record", async () => {
    const marker = `pw-${randomUUID().slice(0, 12)}`;
    const values: Record<string, string> = {
      HTTP_PROXY: `http://user:${marker}@proxy.invalid:3128`,
      https_proxy: `http://user:${marker}@secure.invalid:3129`,
      FTP_PROXY: `ftp://${marker}.invalid`,
      no_proxy: `localhost,${marker}.local`,
      ALL_PROXY: `socks5://${marker}:p'w"$x@socks.invalid`,
    };
    // Each RUN proves it saw every value, by their digest: the values themselves must be nowhere,
    // not even in the command.
    const seen = Object.keys(values).map((name) => `$${name}`).join("|");
    const digest = createHash("sha256").update(`${Object.values(values).join("|")}\n`).digest("hex");
    const checks = `echo "${seen}" | sha256sum | grep -q '^${digest} '`;
    const dockerfile = `FROM ${BUSYBOX} AS first
ARG DECLARED=d
RUN ${checks} && echo ok > /first-ok
FROM ${BUSYBOX}
ARG DECLARED=d
RUN ${checks} && echo ok > /second-ok
COPY --from=first /first-ok /
VOLUME /data
RUN ${checks} && echo ok > /last-ok
`;
    const context = await makeContext({ Dockerfile: dockerfile });
    contexts.push(context);
    const args = Object.entries(values).flatMap(([name, value]) => ["--build-arg", `${name}=${value}`]);
    // Each RUN checks every value, so success proves RUN saw them all. (No classic build beside it:
    // this engine's classic builder, Docker 20.10, predates ALL_PROXY in the list.)
    const ours = await dfbuild(context, args);
    images.push(ours.tag);
    expect(ours.code, ours.stderr).toBe(0);
    expect(leftoverContainers([process.pid])).toEqual([]);

    const steps = await stepImages();
    expect(steps.length).toBeGreaterThanOrEqual(3);
    for (const image of [...steps, ours.tag]) {
      expect(dockerOk(["image", "inspect", image]), `docker image inspect ${image}`).not.toContain(marker);
      expect(dockerOk(["history", "--no-trunc", image]), `docker history ${image}`).not.toContain(marker);
    }
    const saved = spawnSync("docker", ["save", ours.tag], { env: dockerEnv, maxBuffer: 256 * 1024 * 1024 });
    expect(saved.status, saved.stderr.toString()).toBe(0);
    expect(saved.stdout.length).toBeGreaterThan(0);
    expect(saved.stdout.includes(marker)).toBe(false);
    expect(await cacheIndexText()).not.toContain(marker);
  });
});
