/**
 * Why a step missed the cache — the question users ask most about build caches. Each step that
 * makes an image records what its key was made of (the parent image, the instruction as history
 * shows it, the build args in effect, the config, the files COPY/ADD read), under the step's place
 * in the build (context, Dockerfile, target, step number). On the next miss at that place the two
 * are compared, and the first difference in the order the key depends on them is the reason.
 *
 * Kept beside the cache index as `steps-<engine>.jsonl`, one `{"slot","key","facts"}` line per
 * step that made an image (the last line of a slot wins; the file is compacted when it holds many
 * superseded lines).
 */
import { createHash } from "node:crypto";
import { appendFile, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join, posix } from "node:path";
import type { CopySource } from "./copy.js";
import type { StageState } from "./stage-state.js";

/** Why a step did not come from the cache; `--progress json` carries it as is. */
export type CacheMissReason =
  /** `--no-cache`, or `--no-cache-filter` naming the stage: the cache was not asked. */
  | { kind: "no-cache" }
  /** An earlier step of the stage missed, so this one starts from a new image (classic rule). */
  | { kind: "earlier-step"; step: number }
  /** No build recorded this step here before. */
  | { kind: "new-step" }
  /** The image the step starts from is not the one it started from last time (a new base image). */
  | { kind: "parent"; before: string; after: string }
  /** COPY/ADD: files of the sources differ. `changed` lists files whose content or metadata differ. */
  | { kind: "files"; changed: string[]; added: string[]; removed: string[]; sources: string[] }
  /** Build args the step sees have other values (null: not set). */
  | { kind: "build-args"; changes: { name: string; before: string | null; after: string | null }[] }
  /** The instruction itself differs (as its history text shows it, variables expanded). */
  | { kind: "instruction"; before: string; after: string }
  /** Fields of the image config the step starts with differ (ENV, USER, WORKDIR…). */
  | { kind: "config"; fields: string[] }
  /** An option of the step that its text does not show changed (`--network`, COPY `--link`…). */
  | { kind: "options" }
  /** The key is the one cached, but the engine no longer has the image. */
  | { kind: "image-removed" };

/** What a step's cache key was made of. */
export interface StepFacts {
  parent: string;
  instruction: string;
  args: Record<string, string>;
  config: unknown;
  /**
   * COPY/ADD sources: name, content digest, and per file a fingerprint and, for context files, the
   * file's own digest (both absent for big sources).
   */
  sources?: { name: string; hash: string; files?: Record<string, string>; digests?: Record<string, string> }[];
}

export interface SlotRecord {
  slot: string;
  key: string;
  facts: StepFacts;
}

/** Sources with more entries than this record only their digest (the line would be too long). */
const MAX_RECORDED_FILES = 2000;

/**
 * The facts of a COPY/ADD's sources: per file, what the key depends on, and the mtime as a hint.
 * Read again from the sources' streams (metadata only, no content), and only when a miss needs them.
 */
export async function sourceFacts(sources: readonly CopySource[]): Promise<StepFacts["sources"]> {
  const facts: NonNullable<StepFacts["sources"]> = [];
  for (const source of sources) {
    const files: Record<string, string> = {};
    const digests: Record<string, string> = {};
    let count = 0;
    for await (const entry of source.entries()) {
      if (++count > MAX_RECORDED_FILES) break;
      const path = source.kind === "file" ? posix.normalize(source.name) : posix.join(source.name, entry.path);
      files[path] = [entry.type, entry.mode.toString(8), `${String(entry.uid)}:${String(entry.gid)}`, String(entry.size), entry.linkname ?? "", String(entry.mtime.getTime())].join(" ");
      const digest = entry.type === "file" ? await source.digestOf?.(entry.path) : undefined;
      if (digest !== undefined) digests[path] = digest;
    }
    if (count > MAX_RECORDED_FILES) facts.push({ name: source.name, hash: source.hash });
    else facts.push({ name: source.name, hash: source.hash, files, ...(Object.keys(digests).length > 0 ? { digests } : {}) });
  }
  return facts;
}

export class CacheMissExplainer {
  readonly #file: string;
  readonly #build: string;
  #records: Promise<Map<string, SlotRecord>> | undefined;
  readonly #firstMiss = new WeakMap<StageState, number>();
  readonly #perStep = new Map<number, number>();

  /** `build` names the build's place: context, Dockerfile and target. */
  constructor(directory: string, engineId: string, build: { context: string; dockerfile: string; target: string }) {
    this.#file = join(directory, `steps-${engineId.replace(/[^A-Za-z0-9_-]/g, "_")}.jsonl`);
    this.#build = JSON.stringify([build.context, build.dockerfile, build.target]);
  }

  /** The place of the next image-making step of step `step` (ONBUILD triggers share a step number). */
  slot(step: number): string {
    const index = this.#perStep.get(step) ?? 0;
    this.#perStep.set(step, index + 1);
    return createHash("sha256").update(`${this.#build}\0${String(step)}\0${String(index)}`).digest("hex");
  }

  /** Why the step at `slot` missed; `key` is its key now. */
  async explain(slot: string, key: string, facts: () => Promise<StepFacts>, state: StageState, noCache: boolean, step: number): Promise<CacheMissReason> {
    if (noCache || state.ignoreCache) return { kind: "no-cache" };
    const first = this.#firstMiss.get(state);
    if (state.cacheBusted && first !== undefined) return { kind: "earlier-step", step: first };
    this.#firstMiss.set(state, step);
    const previous = (await this.#load()).get(slot);
    if (previous === undefined) return { kind: "new-step" };
    return compareFacts(previous, key, await facts());
  }

  /** Records made in the background (`recordLater`), until they are done. */
  readonly #recording = new Set<Promise<void>>();

  /**
   * `record` without waiting: the step goes on while the facts are gathered — a `COPY --from`'s
   * reads its sources again through a container of its own — and written. Facts that cannot be
   * gathered (the engine failed) are not recorded: they only explain a later miss. `settled`
   * waits for them.
   */
  recordLater(slot: string, key: string, facts: () => Promise<StepFacts>): void {
    const recording = this.record(slot, key, facts).catch(() => undefined);
    this.#recording.add(recording);
    void recording.then(() => this.#recording.delete(recording));
  }

  /** Resolves once every record `recordLater` started is written (or given up). */
  async settled(): Promise<void> {
    while (this.#recording.size > 0) await Promise.all([...this.#recording]);
  }

  /** Records the facts of a step that made (or, under another key than recorded, reused) an image. */
  async record(slot: string, key: string, facts: () => Promise<StepFacts>): Promise<void> {
    const records = await this.#load();
    if (records.get(slot)?.key === key) return;
    const record = { slot, key, facts: await facts() };
    records.set(slot, record);
    try {
      await mkdir(join(this.#file, ".."), { recursive: true });
      await appendFile(this.#file, `${JSON.stringify(record)}\n`);
    } catch {
      // Only explanations depend on it: a read-only cache directory costs the next reason.
    }
  }

  async #load(): Promise<Map<string, SlotRecord>> {
    this.#records ??= (async () => {
      const records = new Map<string, SlotRecord>();
      const text = await readFile(this.#file, "utf8").catch(() => "");
      let lines = 0;
      for (const line of text.split("\n")) {
        if (line === "") continue;
        lines++;
        try {
          const record = JSON.parse(line) as Partial<SlotRecord>;
          if (typeof record.slot === "string" && typeof record.key === "string" && record.facts !== undefined) records.set(record.slot, record as SlotRecord);
        } catch {
          // A line cut short by a crash.
        }
      }
      if (lines > 2 * records.size + 100) await this.#compact(records);
      return records;
    })();
    return this.#records;
  }

  /** Rewrites the file with the last line of each slot (renamed into place: readers see old or new). */
  async #compact(records: Map<string, SlotRecord>): Promise<void> {
    const temporary = `${this.#file}.${String(process.pid)}.tmp`;
    try {
      await writeFile(temporary, [...records.values()].map((record) => `${JSON.stringify(record)}\n`).join(""));
      await rename(temporary, this.#file);
    } catch {
      // Compaction only saves space.
    }
  }
}

/** The first difference between the recorded facts and today's, in the order the key depends on them. */
export function compareFacts(previous: SlotRecord, key: string, facts: StepFacts): CacheMissReason {
  const before = previous.facts;
  if (before.parent !== facts.parent) return { kind: "parent", before: before.parent, after: facts.parent };
  const files = compareSources(before.sources, facts.sources);
  if (files !== undefined) return files;
  if (before.instruction !== facts.instruction) {
    const changes: { name: string; before: string | null; after: string | null }[] = [];
    for (const name of new Set([...Object.keys(before.args), ...Object.keys(facts.args)])) {
      const was = before.args[name] ?? null;
      const is = facts.args[name] ?? null;
      if (was !== is) changes.push({ name, before: was, after: is });
    }
    if (changes.length > 0) return { kind: "build-args", changes: changes.sort((a, b) => (a.name < b.name ? -1 : 1)) };
    return { kind: "instruction", before: before.instruction, after: facts.instruction };
  }
  const fields = configDifferences(before.config, facts.config);
  if (fields.length > 0) return { kind: "config", fields };
  return previous.key === key ? { kind: "image-removed" } : { kind: "options" };
}

function compareSources(before: StepFacts["sources"], after: StepFacts["sources"]): CacheMissReason | undefined {
  if (before === undefined || after === undefined) return undefined;
  const beforeHashes = new Map(before.map((source) => [source.name, source]));
  const changedSources = after.filter((source) => beforeHashes.get(source.name)?.hash !== source.hash);
  if (changedSources.length === 0) return undefined;
  const changed: string[] = [];
  const added: string[] = [];
  const removed: string[] = [];
  for (const source of changedSources) {
    const old = beforeHashes.get(source.name);
    if (old?.files === undefined || source.files === undefined) continue;
    const contentChanged: string[] = [];
    for (const [path, print] of Object.entries(source.files)) {
      const was = old.files[path];
      const digestBefore = old.digests?.[path];
      const digestAfter = source.digests?.[path];
      if (was === undefined) added.push(path);
      else if (withoutMtime(was) !== withoutMtime(print)) changed.push(path);
      // The file's own digest pins a content change exactly, whatever its times say.
      else if (digestBefore !== undefined && digestAfter !== undefined && digestBefore !== digestAfter) changed.push(path);
      else if (was !== print) contentChanged.push(path);
    }
    for (const path of Object.keys(old.files)) if (!(path in source.files)) removed.push(path);
    // Same size and mode: the content changed, and the files written since are the ones.
    if (changed.length + added.length + removed.length === 0) changed.push(...contentChanged);
  }
  return { kind: "files", changed: changed.sort(), added: added.sort(), removed: removed.sort(), sources: changedSources.map((source) => source.name) };
}

function withoutMtime(print: string): string {
  return print.slice(0, print.lastIndexOf(" "));
}

function configDifferences(before: unknown, after: unknown): string[] {
  const a = (before ?? {}) as Record<string, unknown>;
  const b = (after ?? {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((field) => JSON.stringify(a[field]) !== JSON.stringify(b[field])).sort();
}

/** One line for people: `a.txt changed`, `build arg FOO changed`, `the base image changed`. */
export function describeCacheMiss(reason: CacheMissReason): string {
  const short = (id: string): string => id.replace(/^sha256:/, "").slice(0, 12);
  const list = (items: string[]): string => (items.length <= 3 ? items.join(", ") : `${items.slice(0, 3).join(", ")} and ${String(items.length - 3)} more`);
  switch (reason.kind) {
    case "no-cache":
      return "the cache is off for this stage (--no-cache)";
    case "earlier-step":
      return `step ${String(reason.step)} missed, so every later step of its stage is rebuilt`;
    case "new-step":
      return "no earlier build of this step";
    case "parent":
      return `the image it starts from changed (${short(reason.before)} → ${short(reason.after)})`;
    case "files": {
      const parts: string[] = [];
      if (reason.changed.length > 0) parts.push(`changed: ${list(reason.changed)}`);
      if (reason.added.length > 0) parts.push(`added: ${list(reason.added)}`);
      if (reason.removed.length > 0) parts.push(`removed: ${list(reason.removed)}`);
      return parts.length > 0 ? `files ${parts.join("; ")}` : `the content of ${list(reason.sources)} changed`;
    }
    case "build-args":
      return reason.changes
        .map((change) => `build arg ${change.name} ${change.before === null ? "set" : change.after === null ? "unset" : "changed"}${change.after === null ? "" : ` to ${JSON.stringify(change.after)}`}${change.before === null ? "" : ` (was ${JSON.stringify(change.before)})`}`)
        .join("; ");
    case "instruction":
      return `the instruction changed (was: ${reason.before})`;
    case "config":
      return `the image config changed: ${reason.fields.join(", ")}`;
    case "options":
      return "a build option of this step changed";
    case "image-removed":
      return "the cached image was removed from the engine";
  }
}
