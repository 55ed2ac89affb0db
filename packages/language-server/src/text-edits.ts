import { diffChars, diffLines } from "diff";
import type { TextEdit } from "vscode-languageserver";
import type { PositionMapper } from "./positions.js";

/** One replacement in offsets of the old text. */
export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * The edits that turn `before` into `after`, each as small as the line diff allows and then
 * trimmed to the characters that differ: an editor applying them keeps the cursor, selections
 * and folds of every line that did not change (a whole-document replacement would lose them).
 */
export function diffEdits(before: string, after: string): OffsetEdit[] {
  if (before === after) return [];
  const edits: OffsetEdit[] = [];
  let offset = 0;
  let removed: string[] = [];
  let added: string[] = [];
  let hunkStart = 0;
  const flush = () => {
    if (removed.length === 0 && added.length === 0) return;
    // As many lines out as in: each line is its own edit, so unchanged text between stays put.
    if (removed.length === added.length) {
      let at = hunkStart;
      removed.forEach((line, i) => {
        const edit = trim(before, { start: at, end: at + line.length, text: added[i] ?? "" });
        if (edit.start !== edit.end || edit.text !== "") edits.push(edit);
        at += line.length;
      });
    } else edits.push(...lineEdits(before, hunkStart, offset, added.join("")));
    removed = [];
    added = [];
  };
  for (const change of diffLines(before, after)) {
    if (!change.added && !change.removed) {
      flush();
      offset += change.value.length;
      continue;
    }
    if (removed.length === 0 && added.length === 0) hunkStart = offset;
    if (change.removed) {
      removed.push(...splitLines(change.value));
      offset += change.value.length;
    } else added.push(...splitLines(change.value));
  }
  flush();
  return edits;
}

/**
 * The edits that turn `before[start, end)` into `text` when lines were added or removed (a blank
 * line between stages): a character diff, its changes on one line of the old text merged, so each
 * changed line gets its own edit and a range request can take the ones on its lines.
 */
function lineEdits(before: string, start: number, end: number, text: string): OffsetEdit[] {
  const old = before.slice(start, end);
  const edits: OffsetEdit[] = [];
  let at = start;
  for (const change of diffChars(old, text)) {
    if (!change.added && !change.removed) {
      at += change.value.length;
      continue;
    }
    const last = edits.at(-1);
    const between = last ? before.slice(last.end, at) : "\n";
    const edit = last && !between.includes("\n") ? last : { start: at, end: at, text: "" };
    if (edit === last) {
      edit.text += between;
      edit.end = at;
    } else edits.push(edit);
    if (change.removed) {
      at += change.value.length;
      edit.end = at;
    } else edit.text += change.value;
  }
  return edits.map((edit) => trim(before, edit));
}

/** Lines with their line endings. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Drops the characters an edit's old and new text share at both ends. */
function trim(before: string, edit: OffsetEdit): OffsetEdit {
  const old = before.slice(edit.start, edit.end);
  let head = 0;
  const most = Math.min(old.length, edit.text.length);
  while (head < most && old.charCodeAt(head) === edit.text.charCodeAt(head)) head++;
  let tail = 0;
  while (tail < most - head && old.charCodeAt(old.length - 1 - tail) === edit.text.charCodeAt(edit.text.length - 1 - tail)) tail++;
  // Never split a surrogate pair: a position between its halves is no character to an editor.
  if (head > 0 && isHighSurrogate(old.charCodeAt(head - 1))) head--;
  if (tail > 0 && isLowSurrogate(old.charCodeAt(old.length - tail))) tail--;
  return { start: edit.start + head, end: edit.end - tail, text: edit.text.slice(head, edit.text.length - tail) };
}

export function toTextEdits(edits: readonly OffsetEdit[], positions: PositionMapper): TextEdit[] {
  return edits.map((edit) => ({ range: positions.rangeOf(edit.start, edit.end), newText: edit.text }));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
