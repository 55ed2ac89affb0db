import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { type StepFacts, CacheMissExplainer, compareFacts, describeCacheMiss, sourceFacts } from "./cache-miss.js";
import type { CopySource } from "./copy.js";
import type { StageState } from "./stage-state.js";

const base: StepFacts = { parent: "sha256:p1", instruction: "/bin/sh -c echo $V", args: { V: "1" }, config: { Env: ["A=1"], User: "" } };

function source(name: string, files: Record<string, { size: number; mtime: number; mode?: number }>, hash: string): CopySource {
  return {
    name,
    hash,
    kind: "directory",
    // eslint-disable-next-line @typescript-eslint/require-await -- entries at hand
    entries: async function* () {
      for (const [path, file] of Object.entries(files)) yield { path, type: "file" as const, mode: file.mode ?? 0o644, uid: 0, gid: 0, size: file.size, mtime: new Date(file.mtime) };
    },
  };
}

describe("compareFacts: the first difference, in the order the key depends on it", () => {
  test("a new parent image comes first", () => {
    expect(compareFacts({ slot: "s", key: "k1", facts: base }, "k2", { ...base, parent: "sha256:p2", args: { V: "2" } })).toEqual({ kind: "parent", before: "sha256:p1", after: "sha256:p2" });
  });

  test("a build arg whose change changed the instruction's key text", () => {
    const now = { ...base, instruction: "|1 V=2 /bin/sh -c echo $V", args: { V: "2", W: "w" } };
    const reason = compareFacts({ slot: "s", key: "k1", facts: { ...base, instruction: "|1 V=1 /bin/sh -c echo $V" } }, "k2", now);
    expect(reason).toEqual({ kind: "build-args", changes: [{ name: "V", before: "1", after: "2" }, { name: "W", before: null, after: "w" }] });
    expect(describeCacheMiss(reason)).toBe('build arg V changed to "2" (was "1"); build arg W set to "w"');
  });

  test("a build arg that changed without changing the instruction is not blamed", () => {
    expect(compareFacts({ slot: "s", key: "k1", facts: base }, "k2", { ...base, args: { V: "2" }, config: { Env: ["A=2"], User: "" } })).toEqual({ kind: "config", fields: ["Env"] });
  });

  test("the instruction text", () => {
    expect(compareFacts({ slot: "s", key: "k1", facts: base }, "k2", { ...base, instruction: "/bin/sh -c echo hi" })).toEqual({ kind: "instruction", before: base.instruction, after: "/bin/sh -c echo hi" });
  });

  test("COPY: files changed in size or mode, added and removed are named; a same-size change by its new mtime", async () => {
    const before = { ...base, sources: await sourceFacts([source("src", { "a.txt": { size: 1, mtime: 1 }, "b.txt": { size: 2, mtime: 1 }, "gone.txt": { size: 1, mtime: 1 } }, "dir:1")]) };
    const after = { ...base, sources: await sourceFacts([source("src", { "a.txt": { size: 1, mtime: 1 }, "b.txt": { size: 3, mtime: 2 }, "new.txt": { size: 1, mtime: 2 } }, "dir:2")]) };
    expect(compareFacts({ slot: "s", key: "k1", facts: before }, "k2", after)).toEqual({ kind: "files", changed: ["src/b.txt"], added: ["src/new.txt"], removed: ["src/gone.txt"], sources: ["src"] });
    const touched = { ...base, sources: await sourceFacts([source("src", { "a.txt": { size: 1, mtime: 5 }, "b.txt": { size: 2, mtime: 1 }, "gone.txt": { size: 1, mtime: 1 } }, "dir:3")]) };
    const reason = compareFacts({ slot: "s", key: "k1", facts: before }, "k2", touched);
    expect(reason).toEqual({ kind: "files", changed: ["src/a.txt"], added: [], removed: [], sources: ["src"] });
    expect(describeCacheMiss(reason)).toBe("files changed: src/a.txt");
  });

  test("the same key: the cached image was removed; another key with the same facts: an option", () => {
    expect(compareFacts({ slot: "s", key: "k1", facts: base }, "k1", base)).toEqual({ kind: "image-removed" });
    expect(compareFacts({ slot: "s", key: "k1", facts: base }, "k2", base)).toEqual({ kind: "options" });
  });
});

describe("CacheMissExplainer", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  const state = (over: Partial<StageState> = {}): StageState => ({ cacheBusted: false, ignoreCache: false, ...over }) as StageState;

  test("reasons across builds: new step, then what changed; later steps name the first miss; --no-cache", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dfbuild-miss-"));
    dirs.push(dir);
    const place = { context: "/ctx", dockerfile: "Dockerfile", target: "" };
    const first = new CacheMissExplainer(dir, "engine", place);
    const stage = state();
    const slot = first.slot(2);
    expect(await first.explain(slot, "k1", () => Promise.resolve(base), stage, false, 2)).toEqual({ kind: "new-step" });
    await first.record(slot, "k1", () => Promise.resolve(base));
    stage.cacheBusted = true;
    expect(await first.explain(first.slot(3), "k9", () => Promise.resolve(base), stage, false, 3)).toEqual({ kind: "earlier-step", step: 2 });

    const second = new CacheMissExplainer(dir, "engine", place);
    expect(await second.explain(second.slot(2), "k2", () => Promise.resolve({ ...base, instruction: "/bin/sh -c true" }), state(), false, 2)).toMatchObject({ kind: "instruction" });
    expect(await second.explain(second.slot(2), "k2", () => Promise.resolve(base), state(), true, 2)).toEqual({ kind: "no-cache" });
    // Another Dockerfile's steps are other places.
    const other = new CacheMissExplainer(dir, "engine", { ...place, dockerfile: "other.Dockerfile" });
    expect(await other.explain(other.slot(2), "k1", () => Promise.resolve(base), state(), false, 2)).toEqual({ kind: "new-step" });
    expect((await readFile(join(dir, "steps-engine.jsonl"), "utf8")).trim().split("\n")).toHaveLength(1);
  });
});
