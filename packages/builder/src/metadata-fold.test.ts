import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, onTestFinished, test } from "vitest";
import { BASE, engineWithBase, fakeBuild } from "./build-harness.test-helper.js";
import { FoldedHistoryError } from "./errors.js";
import { FakeEngine, type FakeImage } from "./fake-engine.test-helper.js";
import { foldedHistory, foldsIntoOneChild, recordFoldedStep, recordImageStep } from "./metadata-fold.js";
import type { StageState } from "./stage-state.js";

const DOCKERFILE = `FROM ${BASE}
ARG FOO=bar
ENV E1=v1 PATHX=baz
LABEL l1=x
WORKDIR /w
RUN echo run-$FOO > out.txt
COPY a.txt /dst/
EXPOSE 80 443/udp
VOLUME /data
USER 1000:1000
WORKDIR /w
HEALTHCHECK --interval=5s CMD true
ENTRYPOINT ["/bin/echo"]
CMD ["hi"]
`;
const FILES = { "a.txt": "a\n" };

async function cacheDirectory(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dfbuild-unit-fold-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function engineForFold(): FakeEngine {
  const engine = engineWithBase();
  engine.onRun = (run) => {
    run.writeFile(`${run.workdir}/out.txt`, "run\n");
    return 0;
  };
  return engine;
}

/** What a build made: files (path → content or kind), config, history. */
function summary(image: FakeImage | undefined): unknown {
  if (image === undefined) throw new Error("no image");
  const files = Object.fromEntries([...image.fs].map(([path, file]) => [path, file.content?.toString() ?? file.type]));
  return { files, config: image.config, history: image.history.map((entry) => [entry.created_by, entry.empty_layer === true]) };
}

function newState(): StageState {
  return { history: [] } as unknown as StageState;
}

describe("--fold-metadata", () => {
  test("the final image has the default build's config, files and history (one entry per instruction), made with fewer images", async () => {
    const plainEngine = engineForFold();
    const before = plainEngine.imageStore.size;
    const plain = await fakeBuild(plainEngine, DOCKERFILE, { files: FILES });
    expect(plain.error).toBeUndefined();
    const plainImages = plainEngine.imageStore.size - before;

    const foldEngine = engineForFold();
    const folded = await fakeBuild(foldEngine, DOCKERFILE, { files: FILES, foldMetadata: true });
    expect(folded.error).toBeUndefined();
    const foldedImages = foldEngine.imageStore.size - before;

    expect(summary(folded.image)).toEqual(summary(plain.image));
    expect(folded.image?.history.map((entry) => entry.created_by).slice(1)).toEqual([
      "/bin/sh -c #(nop)  ARG FOO=bar",
      "/bin/sh -c #(nop)  ENV E1=v1 PATHX=baz",
      "/bin/sh -c #(nop)  LABEL l1=x",
      "/bin/sh -c #(nop) WORKDIR /w",
      "|1 FOO=bar /bin/sh -c echo run-$FOO > out.txt",
      expect.stringMatching(/^\/bin\/sh -c #\(nop\) COPY file:[0-9a-f]{64} in \/dst\/ $/),
      "/bin/sh -c #(nop)  EXPOSE 443/udp 80",
      "/bin/sh -c #(nop)  VOLUME [/data]",
      "/bin/sh -c #(nop)  USER 1000:1000",
      "/bin/sh -c #(nop) WORKDIR /w",
      expect.stringMatching(/^\/bin\/sh -c #\(nop\) {2}HEALTHCHECK /),
      '/bin/sh -c #(nop)  ENTRYPOINT ["/bin/echo"]',
      '/bin/sh -c #(nop)  CMD ["hi"]',
    ]);
    // WORKDIR /w (a new directory), RUN, COPY and the final image; the default build makes one per instruction.
    expect(foldedImages).toBe(4);
    expect(plainImages).toBeGreaterThanOrEqual(13);
  });

  test("a stage whose last image is made here (a COPY's layer) loads its final image in the same request", async () => {
    // A base whose ID is its config's digest: images can be made from its config.
    const engine = new FakeEngine();
    engine.addImage(BASE, { config: { Env: ["PATH=/usr/bin:/bin"] }, files: { "/etc/passwd": "root:x:0:0::/root:/bin/sh\n" }, contentAddressed: true });
    const { error, image } = await fakeBuild(engine, `FROM ${BASE}\nCOPY a.txt /dst/\nENV A=1\nCMD ["hi"]\n`, { files: FILES, foldMetadata: true, noCache: true });
    expect(error).toBeUndefined();
    expect(engine.callsOf("images.load.layer")).toHaveLength(1);
    expect(engine.callsOf("images.load")).toHaveLength(1);
    expect(image?.config.Env).toContain("A=1");
    expect(image?.history.slice(-3).map((entry) => [entry.created_by.replace(/file:[0-9a-f]+/, "file:…"), entry.empty_layer === true])).toEqual([
      ["/bin/sh -c #(nop) COPY file:… in /dst/ ", false],
      ["/bin/sh -c #(nop)  ENV A=1", true],
      ['/bin/sh -c #(nop)  CMD ["hi"]', true],
    ]);
    expect(image?.fs.get("/dst/a.txt")?.content?.toString()).toBe("a\n");
  });

  test("a folded step ends without an image; the others with theirs", async () => {
    const { events, error } = await fakeBuild(engineForFold(), `FROM ${BASE}\nENV A=1\nRUN true\nLABEL l=1\n`, { foldMetadata: true });
    expect(error).toBeUndefined();
    const done = events.filter((event) => event.type === "step-done");
    expect(done.map((event) => [event.imageId === null, event.folded === true])).toEqual([
      [false, false],
      [true, true],
      [false, false],
      [true, true],
    ]);
  });

  test("a folded step's config reaches the next step's container: ENV, USER and WORKDIR apply to RUN", async () => {
    const engine = engineForFold();
    const seen: unknown[] = [];
    engine.onRun = (run) => {
      seen.push([run.env.get("A"), run.user, run.workdir]);
      return 0;
    };
    const { error } = await fakeBuild(engine, `FROM ${BASE}\nENV A=1\nUSER app\nWORKDIR /etc\nRUN true\n`, { foldMetadata: true });
    expect(error).toBeUndefined();
    expect(seen).toEqual([["1", "app", "/etc"]]);
  });

  test("cache: a rebuild reuses every image and the final one; a changed ENV misses from the next image on; a folded build never takes the default build's images for its own", async () => {
    const cacheDir = await cacheDirectory();
    const engine = engineForFold();
    const first = await fakeBuild(engine, DOCKERFILE, { files: FILES, foldMetadata: true, cacheDir });
    const again = await fakeBuild(engine, DOCKERFILE, { files: FILES, foldMetadata: true, cacheDir });
    expect(again.result?.imageId).toBe(first.result?.imageId);
    expect(again.events.filter((event) => event.type === "cache-miss")).toEqual([]);
    expect(again.events.filter((event) => event.type === "cache-hit")).toHaveLength(3);

    // ENV before the RUN: the RUN's key has the config, so it and everything after it miss.
    const changed = await fakeBuild(engine, DOCKERFILE.replace("E1=v1", "E1=v2"), { files: FILES, foldMetadata: true, cacheDir });
    expect(changed.events.filter((event) => event.type === "cache-hit")).toHaveLength(0);
    expect(changed.image?.config.Env).toContain("E1=v2");
    // CMD after the last image: every image is reused, the final one is new.
    const lastChanged = await fakeBuild(engine, DOCKERFILE.replace('CMD ["hi"]', 'CMD ["ho"]'), { files: FILES, foldMetadata: true, cacheDir });
    expect(lastChanged.events.filter((event) => event.type === "cache-hit")).toHaveLength(3);
    expect(lastChanged.result?.imageId).not.toBe(first.result?.imageId);
    expect(lastChanged.image?.config.Cmd).toEqual(["ho"]);
    expect(lastChanged.image?.history.at(-1)?.created_by).toBe('/bin/sh -c #(nop)  CMD ["ho"]');

    // The default build on the same cache makes its own chain (its steps' parents are the metadata images) and the same result.
    const plain = await fakeBuild(engine, DOCKERFILE, { files: FILES, cacheDir });
    expect(summary(plain.image)).toEqual(summary(first.image));
    expect(plain.events.filter((event) => event.type === "cache-hit")).toHaveLength(0);
    const foldedAfterPlain = await fakeBuild(engine, DOCKERFILE, { files: FILES, foldMetadata: true, cacheDir });
    expect(foldedAfterPlain.result?.imageId).toBe(first.result?.imageId);
  });

  test("WORKDIR on a directory that exists folds; one that must be made commits its own image with the folded steps' config", async () => {
    const engine = engineForFold();
    const { image, events, error } = await fakeBuild(engine, `FROM ${BASE}\nENV A=1\nWORKDIR /etc\nWORKDIR /new\nCMD ["x"]\n`, { foldMetadata: true });
    expect(error).toBeUndefined();
    const done = events.filter((event) => event.type === "step-done").map((event) => event.folded === true);
    expect(done).toEqual([false, true, true, false, true]);
    expect(image?.fs.get("/new")?.type).toBe("directory");
    expect(image?.config.Env).toContain("A=1");
    expect(image?.history.slice(1).map((entry) => entry.created_by)).toEqual([
      "/bin/sh -c #(nop)  ENV A=1",
      "/bin/sh -c #(nop) WORKDIR /etc",
      "/bin/sh -c #(nop) WORKDIR /new",
      '/bin/sh -c #(nop)  CMD ["x"]',
    ]);
  });

  test("FROM <stage> carries the folded entries of that stage into the history", async () => {
    const { image, error } = await fakeBuild(engineForFold(), `FROM ${BASE} AS one\nENV A=1\nRUN true\nLABEL l=1\nFROM one\nUSER app\n`, { foldMetadata: true });
    expect(error).toBeUndefined();
    expect(image?.history.slice(1).map((entry) => entry.created_by)).toEqual([
      "/bin/sh -c #(nop)  ENV A=1",
      "/bin/sh -c true",
      "/bin/sh -c #(nop)  LABEL l=1",
      "/bin/sh -c #(nop)  USER app",
    ]);
    expect(image?.config).toMatchObject({ User: "app", Labels: { l: "1" }, Env: expect.arrayContaining(["A=1"]) as unknown });
  });

  test("the default build is unchanged: every instruction makes an image", async () => {
    const { events, error } = await fakeBuild(engineForFold(), `FROM ${BASE}\nENV A=1\nLABEL l=1\n`);
    expect(error).toBeUndefined();
    expect(events.filter((event) => event.type === "step-done").every((event) => event.imageId !== null && event.folded === undefined)).toBe(true);
  });
});

describe("folded history", () => {
  test("folded entries go back where their steps were, after the base's entries", () => {
    const state = newState();
    recordFoldedStep(state, ["/bin/sh", "-c", "#(nop) ", "ENV A=1"], new Date("2026-01-02T03:04:05.600Z"));
    recordImageStep(state);
    recordFoldedStep(state, ["/bin/sh", "-c", "#(nop) ", "CMD []"], new Date("2026-01-02T03:04:06Z"));
    const history = foldedHistory([{ created_by: "base" }, { created_by: "RUN" }], state);
    expect(history).toEqual([
      { created_by: "base" },
      { created: "2026-01-02T03:04:05.6Z", created_by: "/bin/sh -c #(nop)  ENV A=1", empty_layer: true },
      { created_by: "RUN" },
      { created: "2026-01-02T03:04:06Z", created_by: "/bin/sh -c #(nop)  CMD []", empty_layer: true },
    ]);
    expect(foldsIntoOneChild(state)).toBe(false);
  });

  test("one folded step after the last image makes the final image that image's child", () => {
    const state = newState();
    recordImageStep(state);
    recordFoldedStep(state, ["CMD"], new Date());
    expect(foldsIntoOneChild(state)).toBe(true);
    recordFoldedStep(state, ["LABEL"], new Date());
    expect(foldsIntoOneChild(state)).toBe(false);
  });

  test("a history shorter than the steps that made images is an error with a code", () => {
    const state = newState();
    recordImageStep(state);
    recordImageStep(state);
    recordFoldedStep(state, ["CMD"], new Date());
    expect(() => foldedHistory([{ created_by: "one" }], state)).toThrow(FoldedHistoryError);
    expect(() => foldedHistory([{ created_by: "one" }], state)).toThrow(expect.objectContaining({ code: "DFB_FOLDED_HISTORY" }) as Error);
  });
});
