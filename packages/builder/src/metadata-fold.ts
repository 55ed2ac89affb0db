/**
 * `--fold-metadata`: steps that change no file (ENV, LABEL, EXPOSE, USER, CMD, ENTRYPOINT, ARG,
 * VOLUME, …, and WORKDIR on a directory that exists) make no image of their own. Their config
 * changes ride on the stage's next image — the next RUN/COPY/ADD commit is made with the whole
 * config, as the classic builder's would be after them — and their history entries are written
 * into the stage's final image, one per instruction, as BuildKit's image has one per instruction
 * with `empty_layer` for those (moby/buildkit `frontend/dockerfile/dockerfile2llb/convert.go`
 * `commitToHistory`). The final config and filesystem are the default build's; only the images in
 * between are fewer.
 *
 * Each stage keeps a log of its steps in order (`StageState.history`): a step that made (or found)
 * an image, whose history entry is in that image's chain, or a folded step, whose entry waits for
 * the final image. An image's history is its parent's plus one entry, so the final history is the
 * last image's with the folded entries put back in their places.
 */
import { FoldedHistoryError } from "./errors.js";
import { goTime } from "./image-configs.js";
import type { StageState } from "./stage-state.js";

/** A history entry as moby's `image.History` stores it (field order kept). */
export interface FoldedHistoryEntry {
  created: string;
  author?: string;
  created_by: string;
  empty_layer: true;
}

/** One step of a stage, for its final image's history. */
export type StageHistoryItem = { kind: "image" } | { kind: "folded"; entry: FoldedHistoryEntry };

/** Records a step whose image is now `state.imageId` (made, or found in the cache). */
export function recordImageStep(state: StageState): void {
  (state.history ??= []).push({ kind: "image" });
  state.stepFolded = false;
}

/**
 * Records a folded step: its config change is in `state.config` already; its history entry (the
 * `created_by` a commit of its container would have recorded) waits for the final image.
 */
export function recordFoldedStep(state: StageState, command: readonly string[], created: Date): void {
  const entry: FoldedHistoryEntry = { created: goTime(created), ...(state.author === "" ? {} : { author: state.author }), created_by: command.join(" "), empty_layer: true };
  (state.history ??= []).push({ kind: "folded", entry });
  state.stepFolded = true;
  state.changed = true;
}

/** Whether any step of the stage (or of the stages it starts from) was folded. */
export function hasFoldedSteps(state: StageState): boolean {
  return (state.history ?? []).some((item) => item.kind === "folded");
}

/**
 * What the final image's history depends on beyond the last image's: the folded entries and where
 * they go (their times are left out, as a cache hit keeps the times of the build that made it).
 */
export function foldedHistoryKey(state: StageState): unknown {
  return (state.history ?? []).map((item) => (item.kind === "image" ? null : [item.entry.created_by, item.entry.author ?? ""]));
}

/**
 * Whether the folded entries all come after the stage's last image and there is one of them: then
 * the final image's history is the last image's plus one entry, and the engine can record the last
 * image as its parent (moby `image/tarexport/load.go` `checkValidParent`), as a commit would.
 */
export function foldsIntoOneChild(state: StageState): boolean {
  const items = state.history ?? [];
  const lastImage = items.map((item) => item.kind).lastIndexOf("image");
  const folded = items.filter((item) => item.kind === "folded").length;
  return folded === 1 && items[items.length - 1]?.kind === "folded" && lastImage < items.length - 1;
}

/**
 * The final image's history: `stored` (the history of the stage's last image, which ends with
 * one entry per image step of the log) with each folded entry put back where its step was.
 */
export function foldedHistory(stored: readonly unknown[], state: StageState): unknown[] {
  const items = state.history ?? [];
  const imageSteps = items.filter((item) => item.kind === "image").length;
  const start = stored.length - imageSteps;
  if (start < 0) {
    throw new FoldedHistoryError(
      `--fold-metadata: the stage's last image has ${String(stored.length)} history entries, fewer than its ${String(imageSteps)} steps that made images; build again with --no-cache`,
    );
  }
  const history = stored.slice(0, start);
  let next = start;
  for (const item of items) history.push(item.kind === "image" ? stored[next++] : item.entry);
  return history;
}
