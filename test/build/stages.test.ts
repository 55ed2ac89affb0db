/**
 * Independent stages on the real engine: built at the same time, with the plain log naming each
 * line's stage. The two RUNs meet through a shared cache mount — each waits for the other's file —
 * so the build only succeeds if both run at once: order, not time, is what the test checks.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, test } from "vitest";
import { Engine } from "@dfbuild/engine";
import { removeCacheMounts } from "@dfbuild/builder";
import { BUSYBOX, classic, configOf, dfbuild, dockerEnv, dockerOk, filesystemOf, historyOf, leftoverBuildVolumes, leftoverContainers, makeContext, testScope } from "./helpers.js";

const { contexts, images } = testScope();
const cacheId = `dfbuild-e2e-stages-${randomUUID().slice(0, 8)}`;

afterAll(async () => {
  const engine = new Engine({ host: dockerEnv.DOCKER_HOST, apiVersion: "1.41" });
  try {
    await removeCacheMounts(engine, { select: (volume) => volume.id === cacheId });
  } finally {
    await engine.close();
  }
});

/** A RUN that leaves its mark in the shared cache, then waits (up to 60 s: a hang guard only) for the other's. */
function meet(self: string, other: string): string {
  return `RUN --mount=type=cache,id=${cacheId},target=/meet sh -c 'touch /meet/${self}; i=0; while [ ! -e /meet/${other} ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; test -e /meet/${other} && echo ${self} met ${other} > /${self}'`;
}

describe("independent stages", () => {
  test("run at the same time: both RUNs start before either ends, the plain log prefixes each line with its stage, nothing is left", async () => {
    const context = await makeContext({
      Dockerfile: [`FROM ${BUSYBOX} AS left`, meet("left", "right"), `FROM ${BUSYBOX} AS right`, meet("right", "left"), `FROM ${BUSYBOX}`, "COPY --from=left /left /left", "COPY --from=right /right /right", ""].join("\n"),
    });
    contexts.push(context);
    const result = await dfbuild(context, ["--network", "none"]);
    images.push(result.tag);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    const lines = result.stdout.split("\n");
    const index = (pattern: RegExp): number => lines.findIndex((line) => pattern.test(line));
    // Each RUN's container starts (` ---> Running in`) before either RUN's image (` ---> <id>` after it).
    const started = [index(/^\[left\] {2}---> Running in /), index(/^\[right\] {2}---> Running in /)];
    const ended = [index(/^\[left\] Removing intermediate container /), index(/^\[right\] Removing intermediate container /)];
    expect(Math.min(...started, ...ended), result.stdout).toBeGreaterThanOrEqual(0);
    expect(Math.max(...started), result.stdout).toBeLessThan(Math.min(...ended));
    expect(lines.filter((line) => line.startsWith("Step ")), "every step line names its stage").toEqual([]);
    expect(lines).toContain("[stage-2] Step 6/7 : COPY --from=left /left /left");
    expect(dockerOk(["run", "--rm", "--network", "none", result.tag, "cat", "/left", "/right"])).toBe("left met right\nright met left\n");
    expect(leftoverContainers([process.pid])).toEqual([]);
    expect(leftoverBuildVolumes([process.pid])).toEqual([]);
  });

  test("a COPY --from of a stage whose last step is a RUN, read from that RUN's container while it is committed, copies what the classic builder copies from the image", async () => {
    const context = await makeContext({
      Dockerfile: [
        `FROM ${BUSYBOX} AS one`,
        "RUN mkdir -p /out/sub && echo a > /out/a && ln -s a /out/link && ln /out/a /out/hard && ln -s /etc/passwd /out/passwd && echo s > /out/sub/s && chmod 700 /out/sub && chown 1:2 /out/a",
        `FROM ${BUSYBOX} AS two`,
        "RUN echo two > /two && ln -s /two /twolink && rm /bin/true",
        `FROM ${BUSYBOX}`,
        "COPY --from=one /out /copied",
        "COPY --from=two /twolink /t",
        "COPY --from=two /bin/sh* /bin/",
        "",
      ].join("\n"),
    });
    contexts.push(context);
    const reference = classic(context, []);
    images.push(reference.tag);
    expect(reference.code, `${reference.stdout}\n${reference.stderr}`).toBe(0);
    const ours = await dfbuild(context, []);
    images.push(ours.tag);
    expect(ours.code, `${ours.stdout}\n${ours.stderr}`).toBe(0);
    expect(configOf(ours.tag)).toEqual(configOf(reference.tag));
    expect(Object.fromEntries(await filesystemOf(ours.tag))).toEqual(Object.fromEntries(await filesystemOf(reference.tag)));
    // The COPY lines' digests (`dir:…`, `file:…`) are the classic builder's: the same files were hashed.
    expect(historyOf(ours.tag)).toEqual(historyOf(reference.tag));
    expect(leftoverContainers([process.pid])).toEqual([]);
  });
});
