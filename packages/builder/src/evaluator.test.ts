import { describe, expect, test } from "vitest";
import { BASE, StageHarness, engineWithBase, fakeBuild } from "./build-harness.test-helper.js";

describe("the evaluator", () => {
  test("each instruction goes to its handler: one image per step, history in order", async () => {
    const engine = engineWithBase();
    const { image, error } = await fakeBuild(engine, `FROM ${BASE}\nENV A=1\nLABEL l=v\nUSER app\nRUN true\nCMD ["x"]\n`);
    expect(error).toBeUndefined();
    expect(image?.history.map((entry) => entry.created_by).slice(1)).toEqual([
      "/bin/sh -c #(nop)  ENV A=1",
      "/bin/sh -c #(nop)  LABEL l=v",
      "/bin/sh -c #(nop)  USER app",
      "/bin/sh -c true",
      '/bin/sh -c #(nop)  CMD ["x"]',
    ]);
    expect(image?.config).toMatchObject({ Env: ["PATH=/usr/bin:/bin", "A=1"], Labels: { l: "v" }, User: "app", Cmd: ["x"] });
    expect(engine.liveContainers()).toEqual([]);
  });

  test("after the first miss in a stage no later step probes the cache", async () => {
    const engine = engineWithBase();
    const first = await StageHarness.create({ engine });
    await first.dispatch("ENV A=1\nENV B=2\nENV C=3");
    const second = await StageHarness.create({ engine, cacheDir: first.cacheDir });
    // ENV A=1 hits; ENV X misses; ENV C=3 would hit on its own parent chain but is not probed.
    expect(await second.dispatch("ENV A=1\nENV X=9\nENV B=2")).toEqual([true, false, false]);
  });

  test("--no-cache never probes", async () => {
    const engine = engineWithBase();
    const first = await StageHarness.create({ engine });
    await first.dispatch("ENV A=1");
    const second = await StageHarness.create({ engine, cacheDir: first.cacheDir, noCache: true });
    expect(await second.dispatch("ENV A=1")).toEqual([false]);
  });

  test("an ONBUILD trigger's failure points at the FROM line that ran it", async () => {
    const engine = engineWithBase({ OnBuild: ["RUN exit 5"] });
    engine.onRun = () => 5;
    const { error } = await fakeBuild(engine, `# parent has a trigger\nFROM ${BASE}\nRUN true\n`);
    expect(error?.message).toBe("The command '/bin/sh -c exit 5' returned a non-zero code: 5");
    expect(error?.location).toEqual({ file: "Dockerfile", line: 2, column: 1 });
    expect(engine.liveContainers()).toEqual([]);
  });

  test("--label options are LABEL steps at the end of the last stage, sorted by key", async () => {
    const engine = engineWithBase();
    const { image } = await fakeBuild(engine, `FROM ${BASE}\nENV A=1\n`, { labels: new Map([["z", "1"], ["a", "2"]]) });
    expect(image?.history.map((entry) => entry.created_by).slice(-2)).toEqual(["/bin/sh -c #(nop)  LABEL a=2", "/bin/sh -c #(nop)  LABEL z=1"]);
  });

  test("a stage used by another: COPY --from reads the earlier stage's image", async () => {
    const engine = engineWithBase();
    engine.onRun = (run) => {
      run.writeFile("/built/app", "binary");
      return 0;
    };
    const { image, error } = await fakeBuild(engine, `FROM ${BASE} AS build\nRUN make\nFROM ${BASE}\nCOPY --from=build /built/app /usr/bin/app\n`);
    expect(error).toBeUndefined();
    expect(image?.fs.get("/usr/bin/app")?.content?.toString()).toBe("binary");
    expect(image?.fs.has("/built")).toBe(false);
    expect(engine.liveContainers()).toEqual([]);
  });
});
