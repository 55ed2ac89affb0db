/**
 * Stages built at the same time (build.ts with stage-scheduler.ts), on the fake engine: the order
 * of events shows what ran together, never the clock.
 */
import { describe, expect, test } from "vitest";
import { BASE, contextDirectory, engineWithBase, fakeBuild, temporaryDirectory } from "./build-harness.test-helper.js";
import type { BuildEvent } from "./events.js";
import type { FakeContainer, FakeEngine } from "./fake-engine.test-helper.js";

const TWO_SLEEPS = [`FROM ${BASE} AS a`, "RUN sleep 2 && write a", `FROM ${BASE} AS b`, "RUN sleep 2 && write b", `FROM ${BASE}`, "COPY --from=a /a /a", "COPY --from=b /b /b", ""].join("\n");

/** What a RUN runs (its shell script). */
const script = (container: FakeContainer): string => container.body.Cmd?.at(-1) ?? "";

/** RUNs write the file their script names; each one runs until `count` RUNs have started. */
function runsTogether(engine: FakeEngine, count: number): void {
  engine.onRun = (run) => {
    const name = /write (\w+)/.exec(run.argv.at(-1) ?? "")?.[1];
    if (name !== undefined) run.writeFile(`/${name}`, name);
    return 0;
  };
  let started = 0;
  let all: () => void = () => undefined;
  const allStarted = new Promise<void>((resolve) => (all = resolve));
  engine.runsUntil = () => {
    if (++started === count) all();
    return allStarted;
  };
}

/** Index in the events of the first event matching. */
function at(events: BuildEvent[], match: (event: BuildEvent) => boolean): number {
  const index = events.findIndex(match);
  if (index === -1) throw new Error("no such event");
  return index;
}

describe("independent stages are built at the same time", () => {
  test("two stages of RUN sleep: both RUNs start before either ends; the stage copying from both starts beside them, its COPYs after their stages", { timeout: 15_000 }, async () => {
    const engine = engineWithBase();
    // Built one after another, the first RUN would wait for the second forever (the test times out).
    runsTogether(engine, 2);
    const { error, events, image } = await fakeBuild(engine, TWO_SLEEPS);
    expect(error).toBeUndefined();
    const runStarted = (stage: string): number => at(events, (event) => event.type === "container" && event.stage === stage);
    const runEnded = (stage: string): number => at(events, (event) => event.type === "step-done" && event.stage === stage && event.step % 2 === 0);
    expect(Math.max(runStarted("a"), runStarted("b"))).toBeLessThan(Math.min(runEnded("a"), runEnded("b")));
    // The last stage's FROM needs neither stage: it starts while their RUNs run; each COPY --from
    // ends after the RUN of the stage it copies from.
    const finalFrom = at(events, (event) => event.type === "step" && event.stage === "2");
    expect(finalFrom).toBeLessThan(Math.min(runEnded("a"), runEnded("b")));
    const copyDone = (step: number): number => at(events, (event) => event.type === "step-done" && event.step === step);
    expect(copyDone(6)).toBeGreaterThan(runEnded("a"));
    expect(copyDone(7)).toBeGreaterThan(runEnded("b"));
    expect(image?.fs.get("/a")?.content?.toString()).toBe("a");
    expect(image?.fs.get("/b")?.content?.toString()).toBe("b");
    // Steps keep the numbers of a one-after-another build, each with its stage.
    const steps = events.flatMap((event) => (event.type === "step" ? [[event.step, event.stage, event.instruction]] : [])).sort((x, y) => Number(x[0]) - Number(y[0]));
    expect(steps).toEqual([
      [1, "a", `FROM ${BASE} AS a`],
      [2, "a", "RUN sleep 2 && write a"],
      [3, "b", `FROM ${BASE} AS b`],
      [4, "b", "RUN sleep 2 && write b"],
      [5, "2", `FROM ${BASE}`],
      [6, "2", "COPY --from=a /a /a"],
      [7, "2", "COPY --from=b /b /b"],
    ]);
    expect(events[0]).toEqual({ type: "stages", stages: [{ stage: "a", index: 0, dependsOn: [] }, { stage: "b", index: 1, dependsOn: [] }, { stage: "2", index: 2, dependsOn: ["a", "b"] }], concurrent: true });
    // Every event of a step names the stage of that step.
    const stageOfStep = new Map(steps.map(([step, stage]) => [step, stage]));
    for (const event of events) if ("step" in event && event.step > 0) expect(event.stage, JSON.stringify(event)).toBe(stageOfStep.get(event.step));
  });

  test("the final images of the stages copied from (no Cmd, which the commit cannot make) go to the engine with the last stage's images: one load", { timeout: 15_000 }, async () => {
    const engine = engineWithBase();
    runsTogether(engine, 2);
    const { error, events, result } = await fakeBuild(engine, TWO_SLEEPS);
    expect(error).toBeUndefined();
    expect(engine.callsOf("images.load")).toHaveLength(1);
    for (const stage of ["a", "b"]) {
      const done = events.find((event) => event.type === "stage-done" && event.stage === stage);
      const final = done?.type === "stage-done" ? engine.image(done.imageId) : undefined;
      expect(final?.config.Cmd ?? null).toBeNull();
      expect(final?.fs.get(`/${stage}`)?.content?.toString()).toBe(stage);
      expect(final?.id).not.toBe(result?.imageId);
    }
  });

  test("the same build one stage at a time (--max-parallel-stages 1) runs them in the Dockerfile's order, to the same image", async () => {
    const engine = engineWithBase();
    runsTogether(engine, 1);
    const { error, events, image } = await fakeBuild(engine, TWO_SLEEPS, { maxParallelStages: 1 });
    expect(error).toBeUndefined();
    expect(events.flatMap((event) => (event.type === "step" ? [event.step] : []))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events[0]).toMatchObject({ type: "stages", concurrent: false });
    expect([image?.fs.get("/a")?.content?.toString(), image?.fs.get("/b")?.content?.toString()]).toEqual(["a", "b"]);
    const bad = await fakeBuild(engine, TWO_SLEEPS, { maxParallelStages: 0 });
    expect(bad.error?.message).toBe("--max-parallel-stages must be a whole number of at least 1, not 0");
  });

  test("a chain of stages is not concurrent: the stages event says so (plain output stays the classic log)", async () => {
    const { events } = await fakeBuild(engineWithBase(), `FROM ${BASE} AS a\nENV A=1\nFROM a\nENV B=2\n`);
    expect(events[0]).toEqual({ type: "stages", stages: [{ stage: "a", index: 0, dependsOn: [] }, { stage: "1", index: 1, dependsOn: ["a"] }], concurrent: false });
  });

  test("a stage copying from the only other one (a chain, not concurrent) starts once that one is built: the classic log's order", async () => {
    const engine = engineWithBase();
    runsTogether(engine, 1);
    const { error, events } = await fakeBuild(engine, [`FROM ${BASE} AS a`, "RUN write a", `FROM ${BASE}`, "COPY --from=a /a /a", ""].join("\n"));
    expect(error).toBeUndefined();
    expect(events[0]).toMatchObject({ type: "stages", concurrent: false });
    expect(at(events, (event) => event.type === "step" && event.stage === "1")).toBeGreaterThan(at(events, (event) => event.type === "stage-done" && event.stage === "a"));
  });

  test("a failing stage stops the other: its error with its line, the other's RUN cancelled, no container or volume left", { timeout: 15_000 }, async () => {
    const engine = engineWithBase();
    engine.onRun = (run) => (run.argv.at(-1)?.includes("fail") === true ? 1 : 0);
    let otherStarted: () => void = () => undefined;
    const other = new Promise<void>((resolve) => (otherStarted = resolve));
    engine.runsUntil = (container) => {
      // The failing RUN ends once the other is running; the other would run forever.
      if (script(container).includes("fail")) return other;
      otherStarted();
      return new Promise(() => undefined);
    };
    const dockerfile = [`FROM ${BASE} AS a`, "RUN sleep 1 && fail", `FROM ${BASE} AS b`, "RUN --mount=type=bind,source=f,target=/f sleep 100", `FROM ${BASE}`, "COPY --from=a /a /a", "COPY --from=b /b /b", ""].join("\n");
    const { error, events } = await fakeBuild(engine, dockerfile, { files: { f: "x" } });
    expect(error?.message).toBe("The command '/bin/sh -c sleep 1 && fail' returned a non-zero code: 1");
    expect(error?.location).toEqual({ file: "Dockerfile", line: 2, column: 1 });
    // The other RUN had started; it never ended, and the last stage, started beside them, copied nothing.
    expect(events.some((event) => event.type === "container" && event.stage === "b")).toBe(true);
    expect(events.some((event) => event.type === "step-done" && event.stage === "b" && event.step === 4)).toBe(false);
    expect(events.some((event) => event.type === "step-done" && event.stage === "2" && event.step > 5)).toBe(false);
    expect(events.some((event) => event.type === "stage-done")).toBe(false);
    expect(engine.liveContainers()).toEqual([]);
    expect([...engine.volumeStore.keys()]).toEqual([]);
  });

  test("a base image's ONBUILD COPY --from an earlier stage waits for that stage, which runs meanwhile", { timeout: 15_000 }, async () => {
    const engine = engineWithBase();
    engine.addImage("triggers:test", { config: { Env: ["PATH=/bin"], OnBuild: ["COPY --from=a /a /from-a"] }, files: {} });
    runsTogether(engine, 1);
    // Nothing the model sees ties `uses` to `a`: the trigger alone does.
    const dockerfile = [`FROM ${BASE} AS a`, "RUN sleep 1 && write a", "FROM triggers:test AS uses", `FROM ${BASE}`, "COPY --from=a /a /a", "COPY --from=uses /from-a /b", ""].join("\n");
    const { error, image, events } = await fakeBuild(engine, dockerfile);
    expect(error).toBeUndefined();
    expect(image?.fs.get("/b")?.content?.toString()).toBe("a");
    expect(at(events, (event) => event.type === "triggers")).toBeGreaterThan(at(events, (event) => event.type === "stage-done" && event.stage === "a"));
  });
  test("two stages reaching the same step make it once: the second waits for it and hits the cache, as one after another", async () => {
    const engine = engineWithBase();
    let runs = 0;
    engine.onRun = (run) => {
      runs += 1;
      run.writeFile("/x", "x");
      return 0;
    };
    const same = [`FROM ${BASE} AS a`, "RUN write x", `FROM ${BASE} AS b`, "RUN write x", `FROM ${BASE}`, "COPY --from=a /x /a", "COPY --from=b /x /b", ""].join("\n");
    const { error, events, image } = await fakeBuild(engine, same);
    expect(error).toBeUndefined();
    expect(runs).toBe(1);
    expect(events.filter((event) => event.type === "cache-hit").map((event) => event.stage)).toEqual(["b"]);
    expect([image?.fs.get("/a")?.content?.toString(), image?.fs.get("/b")?.content?.toString()]).toEqual(["x", "x"]);
  });
});

describe("a stage's COPY --from reads another stage as soon as that stage's steps are done", () => {
  /** Calls `then` after the engine's commit of a container whose command includes `text`. */
  function onCommit(engine: FakeEngine, text: string, then: () => void): void {
    const commit = engine.containers.commit.bind(engine.containers);
    engine.containers.commit = async (id, options) => {
      const committed = await commit(id, options);
      if ((engine.containerStore.get(id)?.body.Cmd ?? []).join(" ").includes(text)) then();
      return committed;
    };
  }

  test("COPY --from=a makes its image while stage b still runs (one after another, b's RUN would wait forever)", { timeout: 15_000 }, async () => {
    const engine = engineWithBase();
    let copied: () => void = () => undefined;
    const copiedFromA = new Promise<void>((resolve) => (copied = resolve));
    // Whether stage b's RUN was running (waited on, and it ends only after this) when the COPY's
    // image was made, at its commit. Not the order of their step-done events: after its commit the
    // COPY still tags and inspects its image, and b's RUN may report first.
    let bRunning = false;
    let bRunningAtCopy: boolean | undefined;
    onCommit(engine, "in /a", () => {
      bRunningAtCopy = bRunning;
      copied();
    });
    engine.onRun = (run) => {
      const name = /write (\w+)/.exec(run.argv.at(-1) ?? "")?.[1];
      if (name !== undefined) run.writeFile(`/${name}`, name);
      return 0;
    };
    engine.runsUntil = (container) => {
      if (!script(container).includes("write b")) return Promise.resolve();
      bRunning = true;
      return copiedFromA;
    };
    const { error, image } = await fakeBuild(engine, TWO_SLEEPS);
    expect(error).toBeUndefined();
    expect(bRunningAtCopy).toBe(true);
    expect([image?.fs.get("/a")?.content?.toString(), image?.fs.get("/b")?.content?.toString()]).toEqual(["a", "b"]);
  });

  test("the source is read ahead of its step, while the steps before it run, and not read again by the step", { timeout: 15_000 }, async () => {
    const engine = engineWithBase();
    engine.onRun = (run) => {
      if ((run.argv.at(-1) ?? "").includes("write a")) run.writeFile("/a", "a");
      return 0;
    };
    let read: () => void = () => undefined;
    const readA = new Promise<void>((resolve) => (read = resolve));
    const getArchive = engine.containers.getArchive.bind(engine.containers);
    engine.containers.getArchive = (id, path, options) => {
      if (path === "/a") read();
      return getArchive(id, path, options);
    };
    // The last stage's RUN ends only once /a was read: without the read ahead it would run forever.
    engine.runsUntil = (container) => (script(container).includes("hold") ? readA : Promise.resolve());
    const dockerfile = [`FROM ${BASE} AS a`, "RUN write a", `FROM ${BASE}`, "RUN hold", "COPY --from=a /a /a", ""].join("\n");
    const { error, image } = await fakeBuild(engine, dockerfile);
    expect(error).toBeUndefined();
    expect(image?.fs.get("/a")?.content?.toString()).toBe("a");
    // One read hashed it and kept its bytes: the copy and the cache-miss report read nothing more.
    expect(engine.callsOf("containers.getArchive").filter((args) => args[1] === "/a")).toHaveLength(1);
  });

  test("a rebuild finds every step, and reads no stage it copies from, though the read was of a stage's last step image and not of its final image", async () => {
    const engine = engineWithBase();
    runsTogether(engine, 1);
    // Stage a's VOLUME makes its final image another image than its RUN's (build.ts `#finalize`);
    // the rebuild finds that final image for the RUN, and the digests read of the RUN's image.
    const dockerfile = TWO_SLEEPS.replace("AS a\n", "AS a\nVOLUME /v\n");
    const cacheDir = await temporaryDirectory("dfbuild-unit-cache-");
    // One context for both: the cache-miss records are the context's (cache-miss.ts).
    const contextDir = await contextDirectory({ Dockerfile: dockerfile });
    const first = await fakeBuild(engine, dockerfile, { cacheDir, contextDir });
    expect(first.error).toBeUndefined();
    const stageA = first.events.find((event) => event.type === "stage-done" && event.stage === "a");
    const runA = first.events.find((event) => event.type === "step-done" && event.step === 3);
    expect(stageA?.type === "stage-done" && runA?.type === "step-done" && stageA.imageId !== runA.imageId).toBe(true);
    engine.calls.length = 0;
    const again = await fakeBuild(engine, dockerfile, { cacheDir, contextDir });
    expect(again.result?.imageId).toBe(first.result?.imageId);
    expect(again.events.filter((event) => event.type === "cache-miss")).toEqual([]);
    expect(engine.callsOf("containers.create")).toEqual([]);
    expect(engine.callsOf("containers.getArchive")).toEqual([]);
  });
});

describe("a COPY --from of a stage whose last step takes a container reads that container while it is committed", () => {
  /**
   * The containers the engine committed whose command includes `text` (the list fills as they are);
   * `before` runs ahead of each such commit.
   */
  function commitsOf(engine: FakeEngine, text: string, before: () => Promise<void> = () => Promise.resolve()): string[] {
    const ids: string[] = [];
    const commit = engine.containers.commit.bind(engine.containers);
    engine.containers.commit = async (id, options) => {
      if ((engine.containerStore.get(id)?.body.Cmd ?? []).join(" ").includes(text)) {
        ids.push(id);
        await before();
      }
      return commit(id, options);
    };
    return ids;
  }

  /** The containers whose `path` the engine was asked for (stat or archive), as they come; `then` runs on each. */
  function readsOf(engine: FakeEngine, method: "statPath" | "getArchive", path: string, then: () => void = () => undefined): string[] {
    const ids: string[] = [];
    const original = engine.containers[method].bind(engine.containers) as (id: string, path: string, options?: object) => Promise<never>;
    engine.containers[method] = (id: string, asked: string, options?: object) => {
      if (asked === path) {
        ids.push(id);
        then();
      }
      return original(id, asked, options);
    };
    return ids;
  }

  /**
   * The lines with a stage b beside stage a, which the last stage copies from too: stages run at
   * once only when two need nothing of each other (a chain waits for each stage to be built).
   */
  const withStageB = (lines: string[]): string => [...lines.slice(0, 2), `FROM ${BASE} AS b`, "RUN write /b b", ...lines.slice(2), "COPY --from=b /b /b", ""].join("\n");

  const writes = (engine: FakeEngine): void => {
    engine.onRun = (run) => {
      for (const [, path, content] of (run.argv.at(-1) ?? "").matchAll(/write (\S+) (\w+)/g)) if (path !== undefined && content !== undefined) run.writeFile(path, content);
      return 0;
    };
  };

  test("the source is read from the RUN's container before its commit (which here waits for that read: reading the image would wait forever), and the image is the same", { timeout: 15_000 }, async () => {
    const engine = engineWithBase();
    writes(engine);
    let read: () => void = () => undefined;
    const readA = new Promise<void>((resolve) => (read = resolve));
    const readFrom = readsOf(engine, "getArchive", "/a", read);
    const runs = commitsOf(engine, "write /a", () => readA);
    const dockerfile = withStageB([`FROM ${BASE} AS a`, "RUN write /a a", `FROM ${BASE}`, "COPY --from=a /a /a"]);
    const { error, image } = await fakeBuild(engine, dockerfile);
    expect(error).toBeUndefined();
    expect(image?.fs.get("/a")?.content?.toString()).toBe("a");
    // Read once, from the RUN's container, not from a container of stage a's image.
    expect(runs).toHaveLength(1);
    expect(readFrom).toEqual(runs);
  });

  test("a path the engine puts into containers (/etc/hostname) is read from a container of the committed image instead, as before", { timeout: 15_000 }, async () => {
    const engine = engineWithBase();
    writes(engine);
    const readFrom = readsOf(engine, "getArchive", "/etc/hostname");
    // The commit waits for a read of the path, or a second: the COPY would read the container
    // meanwhile if it were allowed to (it may not, so the second passes).
    let statted: () => void = () => undefined;
    const stat = new Promise<void>((resolve) => (statted = resolve));
    readsOf(engine, "statPath", "/etc/hostname", statted);
    const runs = commitsOf(engine, "write /etc/hostname", () => Promise.race([stat, new Promise<void>((resolve) => setTimeout(resolve, 1000))]));
    const dockerfile = withStageB([`FROM ${BASE} AS a`, "RUN write /etc/hostname h", `FROM ${BASE}`, "COPY --from=a /etc/hostname /h"]);
    const { error, image } = await fakeBuild(engine, dockerfile);
    expect(error).toBeUndefined();
    expect(image?.fs.get("/h")?.content?.toString()).toBe("h");
    expect(runs).toHaveLength(1);
    expect(readFrom.length).toBeGreaterThan(0);
    expect(readFrom).not.toContain(runs[0]);
  });
});

describe("--no-cache and stages reaching the same step", () => {
  test("each stage makes the step itself, at the same time: none waits for a step it would not take from the cache", { timeout: 15_000 }, async () => {
    const engine = engineWithBase();
    // Were the second stage to wait for the first's step, the first RUN would wait for the second forever (the test times out).
    runsTogether(engine, 2);
    const same = [`FROM ${BASE} AS a`, "RUN write x", `FROM ${BASE} AS b`, "RUN write x", `FROM ${BASE}`, "COPY --from=a /x /a", "COPY --from=b /x /b", ""].join("\n");
    const { error, events, image } = await fakeBuild(engine, same, { noCache: true });
    expect(error).toBeUndefined();
    expect(events.filter((event) => event.type === "cache-hit")).toEqual([]);
    const runs = events.flatMap((event) => (event.type === "container" && (event.step === 2 || event.step === 4) ? [event.stage] : []));
    expect(runs.sort()).toEqual(["a", "b"]);
    expect([image?.fs.get("/a")?.content?.toString(), image?.fs.get("/b")?.content?.toString()]).toEqual(["x", "x"]);
  });
});

describe("--target builds only the stages it needs", () => {
  test("an unneeded stage that would fail (at its FROM, at its RUN) is never started, and no image of it pulled", async () => {
    const engine = engineWithBase();
    engine.onRun = () => 1;
    const dockerfile = [`FROM missing/never-pulled:1 AS broken`, "RUN exit 1", `FROM ${BASE} AS failing`, "RUN exit 1", `FROM ${BASE} AS app`, "ENV A=1", `FROM ${BASE} AS after`, "RUN exit 1", ""].join("\n");
    const { error, events, image } = await fakeBuild(engine, dockerfile, { target: "app" });
    expect(error).toBeUndefined();
    expect(image?.config.Env).toContain("A=1");
    expect(events.flatMap((event) => (event.type === "step" ? [event.instruction] : []))).toEqual([`FROM ${BASE} AS app`, "ENV A=1"]);
    expect(events[0]).toEqual({ type: "stages", stages: [{ stage: "app", index: 2, dependsOn: [] }], concurrent: false });
    expect(engine.calls.filter((call) => call.method.includes("pull") || JSON.stringify(call.args).includes("never-pulled"))).toEqual([]);
    expect(engine.liveContainers()).toEqual([]);
  });
});
