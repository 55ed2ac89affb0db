import type { Comment, Diagnostic, Directive, Instruction, ParseResult } from "./ast.js";
import { type MovedSuffix, type ReusedPrefix, buildAst, buildAstInChunks, buildAstMoving } from "./build.js";
import { tokenizeFrom } from "./lexer.js";
import { LineIndex } from "./positions.js";
import { TokenOwner, type TokenTable } from "./token-owner.js";

/**
 * About how much text is lexed at a time: a piece's tokens (~4,000 one-line instructions' worth)
 * are built into nodes and dropped before the next piece is lexed, so they die young instead of
 * being copied through the garbage collector's generations with the whole file's.
 */
const CHUNK_SIZE = 1 << 16;

/**
 * Parses a Dockerfile. Never throws: problems are diagnostics with BuildKit's wording and an
 * exact range, and every instruction that can be read is in the tree.
 */
export function parse(text: string): ParseResult {
  try {
    return buildAstInChunks(text, CHUNK_SIZE);
  } catch (error) {
    return internalError(text, error);
  }
}

/** A version of a document and its parse, for `reparse`. */
export interface PreviousParse {
  text: string;
  parsed: ParseResult;
}

/**
 * Parses a new version of a document, reusing the previous version's nodes before the first
 * character that changed, and moving those after the edit: an editor re-parses on every
 * keystroke, and only the instructions the edit touched are lexed and built again. The result
 * equals `parse(text)` — the same tree, positions, tokens and diagnostics, in the same order
 * (`reparse.test.ts` checks it on random edits) — except that the reused nodes are the previous
 * tree's objects: treat a parse as immutable.
 *
 * Reuse stops at the end of the last instruction wholly before the edit, where BuildKit's
 * reading of the file starts afresh (`parser.Parse` reads line by line; only a pending comment
 * block, the escape directive and an open heredoc carry over a line end, and none does after an
 * instruction's last line). For the same reason, from the first instruction after the edit whose
 * line the new text reaches in step (the text before it builds to a whole instruction ending
 * there, see `movableSuffix`), the rest reads as before: those nodes are copied with their
 * positions moved, which costs a fraction of lexing and building them.
 */
export function reparse(text: string, previous: PreviousParse): ParseResult {
  const prefix = reusablePrefix(text, previous);
  if (!prefix) return parse(text);
  const { escape } = previous.parsed.ast;
  try {
    const suffix = movableSuffix(text, previous, prefix);
    if (suffix) {
      const moved = buildAstMoving(text, tokenizeFrom(text, prefix.end, escape, suffix.start), prefix, suffix);
      if (moved) return moved;
    }
    return buildAst(text, tokenizeFrom(text, prefix.end, escape), prefix);
  } catch (error) {
    return internalError(text, error);
  }
}

/**
 * The nodes after an edit an incremental parse can move instead of building them again: from the
 * first instruction that starts a line in the text both versions end with (after the reused
 * prefix, right after another instruction) to the end. BuildKit reads a file line by line, and at
 * the start of an instruction's line nothing from before it carries over (see `reparse`), so if
 * the text before it parses to a whole instruction ending right there, the rest parses as before,
 * `by` characters further on; the builder checks that (`buildAstMoving`).
 */
function movableSuffix(text: string, previous: PreviousParse, prefix: ReusedPrefix): MovedSuffix | null {
  const old = previous.text;
  const { ast, diagnostics } = previous.parsed;
  const by = text.length - old.length;
  // The common end, not reaching into the common start (the reused prefix ends before it).
  const limit = Math.min(old.length, text.length) - prefix.end;
  let same = 0;
  while (same < limit && old.charCodeAt(old.length - 1 - same) === text.charCodeAt(text.length - 1 - same)) same++;
  const unchangedFrom = old.length - same;
  const { children } = ast;
  let previousIsInstruction = false;
  for (const [i, child] of children.entries()) {
    const isInstruction = child.type !== "BlankLine" && child.type !== "Comment" && child.type !== "Directive";
    const span = TokenOwner.span(child as unknown as TokenOwner);
    // Strictly after the edit: the line break before the node is unchanged too.
    if (isInstruction && previousIsInstruction && span.start > unchangedFrom && span.start + by > prefix.end) {
      const start = span.start;
      return {
        start: start + by,
        by,
        children: children.slice(i),
        diagnostics: diagnostics.filter((diagnostic) => diagnostic.code !== "line-too-long" && diagnostic.range.start.offset >= start),
      };
    }
    previousIsInstruction = isInstruction;
  }
  return null;
}

/**
 * Token tables a tree may draw on before a full parse starts afresh: each reused node keeps the
 * table (and so the text) of the version it was built in, and a long editing session must not
 * keep every version alive.
 */
const MAX_TABLES = 8;

function reusablePrefix(text: string, previous: PreviousParse): ReusedPrefix | null {
  const { ast, diagnostics } = previous.parsed;
  if (diagnostics.some((diagnostic) => diagnostic.code === "internal-error")) return null;
  const old = previous.text;
  const limit = Math.min(old.length, text.length);
  let same = 0;
  while (same < limit && old.charCodeAt(same) === text.charCodeAt(same)) same++;
  // The last top-level instruction whose tokens (line end and heredoc bodies included) end
  // before the first changed character. The previous parse went on after it (the last node's
  // tokens end at the end of the text, never before a change), so its last line ended it
  // whatever comes next.
  let reused = -1;
  let end = 0;
  const tables = new Set<TokenTable | undefined>();
  const { children } = ast;
  for (const [i, child] of children.entries()) {
    const span = TokenOwner.span(child as unknown as TokenOwner);
    if (span.end >= same) break;
    tables.add(span.table);
    if (child.type !== "BlankLine" && child.type !== "Comment" && child.type !== "Directive") {
      reused = i;
      end = span.end;
    }
  }
  // A byte-order mark starts a file only: one at the start of a line is an instruction's text.
  if (reused < 0 || tables.size > MAX_TABLES || text.charCodeAt(end) === 0xfeff) return null;
  const kept = children.slice(0, reused + 1);
  const instructions: Instruction[] = [];
  const directives: Directive[] = [];
  for (const child of kept) {
    if (child.type === "Directive") directives.push(child);
    else if (child.type !== "BlankLine" && child.type !== "Comment") instructions.push(child);
  }
  const before = (node: { range: { start: { offset: number } } }) => node.range.start.offset < end;
  const comments: Comment[] = ast.comments.filter(before);
  const raised: Diagnostic[] = diagnostics.filter((diagnostic) => diagnostic.code !== "line-too-long" && before(diagnostic));
  return { end, children: kept, comments, directives, instructions, diagnostics: raised };
}

/** A bug in the parser must not take down an editor or a lint run: keep the text, report it. */
function internalError(text: string, error: unknown): ParseResult {
  const index = new LineIndex(text);
  const range = index.range(0, text.length);
  const message = error instanceof Error ? error.message : String(error);
  return {
    ast: {
      type: "Dockerfile",
      range,
      escape: "\\",
      children: [{ type: "BlankLine", range, tokens: [{ type: "Unparsed", text, range }] }],
      directives: [],
      comments: [],
      instructions: [],
      globalArgs: [],
      stages: [],
    },
    diagnostics: [
      { severity: "error", code: "internal-error", message: `dfbuild parser failed (please report this): ${message}`, range, stage: "parse" },
    ],
  };
}
