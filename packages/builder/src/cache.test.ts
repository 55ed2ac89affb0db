import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, onTestFinished, test } from "vitest";
import { BASE, contextDirectory, engineWithBase, fakeBuild } from "./build-harness.test-helper.js";
import type { BuildEvent } from "./events.js";

async function cacheDirectory(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dfbuild-unit-cache-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The research's 20-instruction Dockerfile (bench/build.ts builds it too): every kind of step. */
const TWENTY = `FROM ${BASE}
ARG FOO=bar
ENV E1=v1 PATHX=baz
LABEL l1=x "l 2"=y
WORKDIR /w
RUN echo run-$FOO > out.txt && id
COPY a.txt /dst/
COPY sub /dstdir
COPY link.txt /lnk
COPY *.txt /star/
EXPOSE 80 443/udp
VOLUME /data
USER 1000:1000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=5s CMD true
SHELL ["/bin/sh", "-xc"]
ONBUILD RUN echo trig
ENTRYPOINT ["/bin/echo"]
CMD ["hi"]
`;

describe("a fully cached rebuild", () => {
  test("of the 20-instruction Dockerfile: the same image and tag, every step cached, the whole chain confirmed by its history (11 engine calls)", async () => {
    const engine = engineWithBase();
    const cacheDir = await cacheDirectory();
    const contextDir = await contextDirectory({ Dockerfile: TWENTY, "a.txt": "a\n", "sub/d.txt": "d\n", "link.txt": "l\n" });
    const first = await fakeBuild(engine, TWENTY, { contextDir, cacheDir, tags: ["app:1"] });
    expect(first.error).toBeUndefined();
    engine.calls.length = 0;

    const again = await fakeBuild(engine, TWENTY, { contextDir, cacheDir, tags: ["app:1"] });
    expect(again.result?.imageId).toBe(first.result?.imageId);
    expect(engine.tags.get("app:1")).toBe(first.result?.imageId);
    expect(again.events.filter((event) => event.type === "cache-hit")).toHaveLength(18);
    expect(again.events.filter((event) => event.type === "cache-miss")).toEqual([]);
    expect(engine.calls.map((call) => call.method)).toEqual([
      // Leftovers of killed builds (leftovers.ts).
      "containers.list",
      "volumes.list",
      "images.list",
      "info",
      "version",
      // FROM: the base, once.
      "images.inspect",
      // The 18 steps: the history of the chain's last image, then of the step image the stage's
      // final image stands beside (a sibling: its history passes it by).
      "images.history",
      "images.history",
      // The stage's final config, and the tag.
      "images.inspect",
      "images.tag",
      // The final image's link to the step chain (build.ts `settleFinalImages`).
      "images.inspect",
    ]);
  });

  test("images removed since (`docker image prune` takes a chain from its end): the steps before them are hits, confirmed by history; the first removed one is rebuilt", async () => {
    const engine = engineWithBase();
    const cacheDir = await cacheDirectory();
    const dockerfile = `FROM ${BASE}\nENV A=1\nENV B=2\nENV C=3\n`;
    const contextDir = await contextDirectory({ Dockerfile: dockerfile });
    const first = await fakeBuild(engine, dockerfile, { cacheDir, contextDir });
    const [a, b, c] = stepImages(first.events);
    for (const image of [first.result?.imageId, c]) engine.imageStore.delete(image ?? "");
    engine.calls.length = 0;

    const again = await fakeBuild(engine, dockerfile, { cacheDir, contextDir });
    expect(again.events.filter((event) => event.type === "cache-hit")).toHaveLength(2);
    expect(again.events.find((event) => event.type === "cache-miss")).toMatchObject({ step: 4, reason: { kind: "image-removed" } });
    expect(stepImages(again.events).slice(0, 2)).toEqual([a, b]);
    expect(engine.image(stepImages(again.events)[2] ?? "")?.parent).toBe(b);
    // From the chain's end back: the two removed images (404), then B, whose history has A too.
    const histories = engine.calls.filter((call) => call.method === "images.history").map((call) => call.args[0]);
    expect(histories).toEqual([first.result?.imageId, c, b]);
  });

  test("an index entry whose image is gone, with nothing after it, is a miss", async () => {
    const engine = engineWithBase();
    const cacheDir = await cacheDirectory();
    const dockerfile = `FROM ${BASE}\nENV A=1\n`;
    const contextDir = await contextDirectory({ Dockerfile: dockerfile });
    const first = await fakeBuild(engine, dockerfile, { cacheDir, contextDir });
    for (const image of [first.result?.imageId, ...stepImages(first.events)]) engine.imageStore.delete(image ?? "");
    const again = await fakeBuild(engine, dockerfile, { cacheDir, contextDir });
    expect(again.events.find((event) => event.type === "cache-miss")).toMatchObject({ step: 2, reason: { kind: "image-removed" } });
    expect(again.error).toBeUndefined();
  });
});

/** The image each step after FROM made or found, in order. */
function stepImages(events: readonly BuildEvent[]): string[] {
  return events.flatMap((event) => (event.type === "step-done" && event.step > 1 && event.imageId !== null ? [event.imageId] : []));
}
