import { describe, expect, test } from "vitest";
import { StageScheduler, type StageTask } from "./stage-scheduler.js";

/** A task whose work waits until the test releases it, recording when it started and ended. */
function gated(index: number, dependsOn: number[], log: string[], scheduler: () => StageScheduler<number>): StageTask<number> & { release: () => void; fail: (error: Error) => void } {
  let release: () => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const gate = new Promise<void>((resolve, reject) => {
    release = resolve;
    fail = reject;
  });
  return {
    index,
    dependsOn,
    run: async () => {
      log.push(`start ${String(index)}`);
      const { signal } = scheduler();
      await new Promise<void>((resolve, reject) => {
        signal.addEventListener("abort", () => {
          log.push(`cancelled ${String(index)}`);
          reject(signal.reason as Error);
        });
        gate.then(resolve, reject);
      });
      log.push(`end ${String(index)}`);
      return index * 10;
    },
    release: () => {
      release();
    },
    fail: (error) => {
      fail(error);
    },
  };
}

/** Lets every pending promise callback run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("StageScheduler", () => {
  test("independent stages start together; a stage waits for the stages it depends on", async () => {
    const log: string[] = [];
    const scheduler = new StageScheduler<number>(4);
    const [a, b, c] = [gated(0, [], log, () => scheduler), gated(1, [], log, () => scheduler), gated(2, [0, 1], log, () => scheduler)];
    const done = scheduler.run([a, b, c]);
    await settle();
    expect(log).toEqual(["start 0", "start 1"]);
    b.release();
    await settle();
    expect(log).toEqual(["start 0", "start 1", "end 1"]);
    a.release();
    await settle();
    expect(log).toEqual(["start 0", "start 1", "end 1", "end 0", "start 2"]);
    c.release();
    expect([...(await done)]).toEqual([[0, 0], [1, 10], [2, 20]]);
  });

  test("no more than the limit run at once, and the rest start in the Dockerfile's order as places free", async () => {
    const log: string[] = [];
    const scheduler = new StageScheduler<number>(2);
    const tasks = [0, 1, 2, 3].map((index) => gated(index, [], log, () => scheduler));
    const done = scheduler.run(tasks);
    await settle();
    expect(log).toEqual(["start 0", "start 1"]);
    tasks[1]?.release();
    await settle();
    expect(log).toEqual(["start 0", "start 1", "end 1", "start 2"]);
    for (const task of tasks) task.release();
    await done;
    expect(log.filter((line) => line.startsWith("start"))).toEqual(["start 0", "start 1", "start 2", "start 3"]);
  });

  test("the first failure cancels the running stages, never starts the waiting ones, and is the error once all stopped", async () => {
    const log: string[] = [];
    const scheduler = new StageScheduler<number>(2);
    const tasks = [gated(0, [], log, () => scheduler), gated(1, [], log, () => scheduler), gated(2, [], log, () => scheduler), gated(3, [0], log, () => scheduler)];
    const done = scheduler.run(tasks);
    await settle();
    const failure = new Error("stage 1 failed");
    tasks[1]?.fail(failure);
    await expect(done).rejects.toBe(failure);
    expect(log.filter((line) => line.startsWith("start"))).toEqual(["start 0", "start 1"]);
    expect(log).toContain("cancelled 0");
  });

  test("a stage waiting for others from inside (ONBUILD triggers) gives its place up meanwhile", async () => {
    const log: string[] = [];
    const scheduler = new StageScheduler<number>(1);
    const first = gated(0, [], log, () => scheduler);
    // Stage 1 starts first (stage 0 waits for a stage of its own), then waits for stage 0.
    const prerequisite = gated(2, [], log, () => scheduler);
    const tasks: StageTask<number>[] = [
      { index: 2, dependsOn: [], run: prerequisite.run },
      { ...first, dependsOn: [2] },
      {
        index: 1,
        dependsOn: [],
        run: async () => {
          log.push("start 1");
          await scheduler.waitFor([0]);
          log.push("end 1");
          return 10;
        },
      },
    ];
    const done = scheduler.run(tasks);
    await settle();
    expect(log).toEqual(["start 2"]);
    prerequisite.release();
    await settle();
    first.release();
    const results = await done;
    expect(log).toEqual(["start 2", "end 2", "start 1", "start 0", "end 0", "end 1"]);
    expect(results.get(1)).toBe(10);
  });

  test("a limit below 1 is refused", () => {
    expect(() => new StageScheduler(0)).toThrow("at least 1, not 0");
  });
});
