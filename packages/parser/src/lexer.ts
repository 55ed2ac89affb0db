/**
 * The Dockerfile lexer: a Chevrotain multi-mode lexer whose tokens cover every character of the
 * input (lossless). Modes follow the physical structure of a Dockerfile:
 *
 * - `line`: the start of a physical line outside an instruction — BOM, indentation, parser
 *   directives, comments, blank lines, and the instruction keyword;
 * - `flags`: after a keyword, the leading `--flag` words (also the keyword of an ONBUILD trigger);
 * - `args`: the arguments of an instruction in shell form;
 * - `json`: an exec-form JSON array;
 * - `heredoc`: heredoc bodies and their terminators after the instruction's last line.
 *
 * Line continuations, comment lines and blank lines inside a continuation are tokens of every
 * instruction mode. Whether a token starts a directive, a continuation or a heredoc depends on
 * the escape character and on earlier lines, so those tokens are custom patterns reading a small
 * lexer state; the exact BuildKit interpretation of a logical line is computed afterwards from
 * the joined text (see `logical-line.ts`).
 */
import type { CustomPatternMatcherReturn, IToken, TokenType } from "chevrotain";
import { type HeredocMarker, heredocsOpenedBy, instructionName } from "./buildkit/line.js";
import { ModeLexer, defineToken } from "./mode-lexer.js";
import { isGoSpace } from "./text.js";

const NL = 0x0a;
const CR = 0x0d;

interface LexerState {
  escape: string;
  escapeCode: number;
  directivesOpen: boolean;
  directiveKeys: Set<string>;
  /** Index in the token list of the current instruction's first token. */
  instructionStart: number;
  /** Upper-cased keyword of the instruction (or of the ONBUILD trigger) being lexed. */
  keyword: string;
  /** A leading continuation line was seen and the keyword is still to come. */
  needKeyword: boolean;
  flagsOpen: boolean;
  /** The last flag word was cut by a line continuation. */
  flagContinues: boolean;
  /** Offset of the next `<<` at or after `heredocSearchFrom` (-1: none), to test lines cheaply. */
  nextHeredocMarker: number;
  heredocs: HeredocMarker[];
  heredocIndex: number;
}

const state: LexerState = {
  escape: "\\",
  escapeCode: 0x5c,
  directivesOpen: true,
  directiveKeys: new Set(),
  instructionStart: 0,
  keyword: "",
  needKeyword: false,
  flagsOpen: false,
  flagContinues: false,
  nextHeredocMarker: -2,
  heredocs: [],
  heredocIndex: 0,
};

function resetState(): void {
  state.escape = "\\";
  state.escapeCode = 0x5c;
  state.directivesOpen = true;
  state.directiveKeys = new Set();
  state.instructionStart = 0;
  state.keyword = "";
  state.needKeyword = false;
  state.flagsOpen = false;
  state.flagContinues = false;
  state.nextHeredocMarker = -2;
  state.heredocs = [];
  state.heredocIndex = 0;
}

/**
 * The one array every match returns. A lexer reads a match's image and payload as soon as the
 * pattern returns it and keeps neither the array nor a reference to it (ModeLexer's loop, and
 * Chevrotain's `tokenizeInternal`, which the tests run on the same patterns, reads `payload`
 * only when it is not undefined): one array per token less, ~1.2M on a file of 300,000 RUNs.
 */
const MATCH = [""] as unknown as CustomPatternMatcherReturn & { 0: string; payload?: unknown };

function matched(text: string, offset: number, length: number, payload?: unknown): CustomPatternMatcherReturn {
  MATCH[0] = text.slice(offset, offset + length);
  MATCH.payload = payload;
  return MATCH;
}

/** Length of `\r*\n`, or of `\r*` at the end of the text; -1 when the line does not end at `offset`. */
function lineEndLength(text: string, offset: number): number {
  let pos = offset;
  while (text.charCodeAt(pos) === CR) pos++;
  if (pos === text.length) return pos - offset;
  return text.charCodeAt(pos) === NL ? pos + 1 - offset : -1;
}

/** End of the physical line containing `offset`: the index of its `\n`, or the text length. */
function lineBreakAt(text: string, offset: number): number {
  const index = text.indexOf("\n", offset);
  return index < 0 ? text.length : index;
}

/**
 * BuildKit's continuation test, `([^E])E[ \t]*$|^E[ \t]*$` on the line without its line end.
 * Returns the length of escape, blanks and line end, or -1.
 */
function continuationLength(text: string, offset: number): number {
  if (text.charCodeAt(offset) !== state.escapeCode) return -1;
  if (offset > 0) {
    const previous = text.charCodeAt(offset - 1);
    if (previous === state.escapeCode) return -1;
  }
  let pos = offset + 1;
  while (text.charCodeAt(pos) === 0x20 || text.charCodeAt(pos) === 0x09) pos++;
  const end = lineEndLength(text, pos);
  return end < 0 ? -1 : pos + end - offset;
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0b || code === 0x0c || code === CR;
}

/** 1 + the length of the character an escape protects, which is never part of a line end. */
function escapedCharLength(text: string, offset: number): number {
  if (offset >= text.length) return 1;
  const code = text.charCodeAt(offset);
  if (code === NL || (code === CR && lineEndLength(text, offset) >= 0)) return 1;
  return 2;
}

/**
 * The argument text of a physical line from `offset`: up to the line end or a continuation. The
 * meaning of the words is decided on the logical line, so one token per line is enough here.
 */
function restOfLineLength(text: string, offset: number): number {
  const code = text.charCodeAt(offset);
  if (code === NL || isBlank(code)) return 0;
  const newline = text.indexOf("\n", offset);
  let end = newline < 0 ? text.length : newline;
  while (end > offset && text.charCodeAt(end - 1) === CR) end--;
  // Only the end of a physical line can hold a continuation: the escape, then blanks.
  let blanks = end;
  while (blanks > offset && (text.charCodeAt(blanks - 1) === 0x20 || text.charCodeAt(blanks - 1) === 0x09)) blanks--;
  const escapeAt = blanks - 1;
  if (escapeAt >= offset && text.charCodeAt(escapeAt) === state.escapeCode && continuationLength(text, escapeAt) >= 0) end = escapeAt;
  return end - offset;
}

/** A run of non-blank characters that stops before a line continuation. */
function wordLength(text: string, offset: number): number {
  let pos = offset;
  while (pos < text.length) {
    const code = text.charCodeAt(pos);
    if (code === NL || isBlank(code)) break;
    if (code === state.escapeCode && continuationLength(text, pos) >= 0) break;
    pos++;
  }
  return pos - offset;
}

function previousType(tokens: IToken[]): TokenType | undefined {
  return tokens[tokens.length - 1]?.tokenType;
}

function atContinuationLineStart(tokens: IToken[]): boolean {
  const type = previousType(tokens);
  return type === Continuation || type === LeadingContinuation || type === ContinuationComment || type === EmptyContinuationLine;
}

// ---------------------------------------------------------------------------------------------
// Tokens of the `line` mode

export const Bom = defineToken({
  name: "Bom",
  pattern: { exec: (text, offset) => (offset === 0 && text.charCodeAt(0) === 0xfeff ? matched(text, 0, 1) : null) },
  start_chars_hint: ["\ufeff"],
  line_breaks: false,
});

/** Leading whitespace of a line (Unicode spaces), not including the `\r` of a line end. */
export const Indent = defineToken({
  name: "Indent",
  pattern: {
    exec: (text, offset) => {
      let pos = offset;
      while (pos < text.length) {
        const code = text.charCodeAt(pos);
        if (code === NL || !isGoSpace(code)) break;
        if (code === CR && lineEndLength(text, pos) >= 0) break;
        pos++;
      }
      return pos > offset ? matched(text, offset, pos - offset) : null;
    },
  },
  line_breaks: false,
});

/** `\r*\n`, or trailing `\r`s at the end of the text. */
export const LineEnd = defineToken({
  name: "LineEnd",
  pattern: {
    exec: (text, offset) => {
      const length = lineEndLength(text, offset);
      return length > 0 ? matched(text, offset, length) : null;
    },
  },
  start_chars_hint: ["\r", "\n"],
  line_breaks: true,
});

const DIRECTIVE = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*([^\n]+?)[\t\n\f\r ]*$/;
const DIRECTIVE_KEYS = new Set(["syntax", "escape", "check"]);

/** Parses a comment line's text as a parser directive (`# key=value`), as BuildKit does. */
export function matchDirective(comment: string): { name: string; value: string } | null {
  let pos = 1;
  while (pos < comment.length && isGoSpace(comment.charCodeAt(pos))) pos++;
  const match = DIRECTIVE.exec(comment.slice(pos));
  if (!match) return null;
  const name = (match[1] ?? "").toLowerCase();
  if (!DIRECTIVE_KEYS.has(name)) return null;
  return { name, value: match[2] ?? "" };
}

function commentLength(text: string, offset: number): number {
  let end = lineBreakAt(text, offset);
  while (end > offset && text.charCodeAt(end - 1) === CR) end--;
  return end - offset;
}

/** Only lines at the top of the file, each a directive, may be followed by another directive. */
function onlyDirectivesBefore(tokens: IToken[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const type = tokens[i]?.tokenType;
    if (type === Bom || type === Indent || type === Directive) continue;
    if (type === LineEnd && tokens[i - 1]?.tokenType === Directive) continue;
    return false;
  }
  return true;
}

export const Directive = defineToken({
  name: "Directive",
  pattern: {
    exec: (text, offset, tokens) => {
      // BuildKit's directive pattern starts with `#` (frontend/dockerfile/parser/directives.go).
      if (!state.directivesOpen || text.charCodeAt(offset) !== 0x23) return null;
      if (!onlyDirectivesBefore(tokens)) {
        state.directivesOpen = false;
        return null;
      }
      const length = commentLength(text, offset);
      const directive = matchDirective(text.slice(offset, offset + length));
      if (!directive) {
        state.directivesOpen = false;
        return null;
      }
      if (directive.name === "escape" && !state.directiveKeys.has("escape") && (directive.value === "\\" || directive.value === "`")) {
        state.escape = directive.value;
        state.escapeCode = directive.value.charCodeAt(0);
      }
      state.directiveKeys.add(directive.name);
      return matched(text, offset, length);
    },
  },
  start_chars_hint: ["#"],
  line_breaks: false,
});

export const Comment = defineToken({
  name: "Comment",
  pattern: {
    exec: (text, offset) => {
      if (text.charCodeAt(offset) !== 0x23) return null;
      state.directivesOpen = false;
      return matched(text, offset, commentLength(text, offset));
    },
  },
  start_chars_hint: ["#"],
  line_breaks: false,
});

function startInstruction(tokens: IToken[], keyword: string): void {
  state.directivesOpen = false;
  state.instructionStart = tokens.length;
  state.keyword = instructionName(keyword);
  state.needKeyword = keyword === "";
  state.flagsOpen = true;
  state.flagContinues = false;
}

/** The instruction keyword, e.g. `RUN` or `run`; pushes the `flags` mode. */
export const Keyword = defineToken({
  name: "Keyword",
  pattern: {
    exec: (text, offset, tokens) => {
      const length = wordLength(text, offset);
      if (length === 0) return null;
      startInstruction(tokens, text.slice(offset, offset + length));
      return matched(text, offset, length);
    },
  },
  line_breaks: false,
  push_mode: "flags",
});

/** A first line holding only the escape character: an instruction whose keyword follows. */
export const LeadingContinuation = defineToken({
  name: "LeadingContinuation",
  pattern: {
    exec: (text, offset, tokens) => {
      const length = continuationLength(text, offset);
      if (length < 0) return null;
      startInstruction(tokens, "");
      return matched(text, offset, length);
    },
  },
  line_breaks: true,
  push_mode: "flags",
});

// ---------------------------------------------------------------------------------------------
// Tokens shared by the instruction modes

/**
 * Category of every token inside an instruction after its keyword (the grammar reads it as one).
 * No pattern: it is in no mode, so nothing lexes it (Chevrotain's `Lexer.NA` says the same).
 */
export const InstructionBody = defineToken({ name: "InstructionBody" });

/** Blanks between words (`[ \t\v\f\r]`), not including the `\r` of a line end. */
export const Whitespace = defineToken({
  name: "Whitespace",
  pattern: {
    exec: (text, offset) => {
      let pos = offset;
      while (pos < text.length && isBlank(text.charCodeAt(pos))) {
        if (text.charCodeAt(pos) === CR && lineEndLength(text, pos) >= 0) break;
        pos++;
      }
      return pos > offset ? matched(text, offset, pos - offset) : null;
    },
  },
  start_chars_hint: [" ", "\t", "\v", "\f", "\r"],
  line_breaks: false,
  categories: [InstructionBody],
});

/** The escape character ending a line, the blanks after it and the line end. */
export const Continuation = defineToken({
  name: "Continuation",
  pattern: {
    exec: (text, offset) => {
      const length = continuationLength(text, offset);
      return length < 0 ? null : matched(text, offset, length);
    },
  },
  start_chars_hint: ["\\", "`"],
  line_breaks: true,
  categories: [InstructionBody],
});

/** A comment line inside a continuation: BuildKit skips it and the instruction goes on. */
export const ContinuationComment = defineToken({
  name: "ContinuationComment",
  pattern: {
    exec: (text, offset, tokens) => {
      if (!atContinuationLineStart(tokens)) return null;
      let pos = offset;
      while (pos < text.length && text.charCodeAt(pos) !== NL && isGoSpace(text.charCodeAt(pos))) pos++;
      if (text.charCodeAt(pos) !== 0x23) return null;
      const end = lineBreakAt(text, pos);
      return matched(text, offset, Math.min(end + 1, text.length) - offset);
    },
  },
  line_breaks: true,
  categories: [InstructionBody],
});

/** A whitespace-only line inside a continuation: skipped, with BuildKit's warning. */
export const EmptyContinuationLine = defineToken({
  name: "EmptyContinuationLine",
  pattern: {
    exec: (text, offset, tokens) => {
      if (!atContinuationLineStart(tokens)) return null;
      let pos = offset;
      while (pos < text.length && text.charCodeAt(pos) !== NL && isGoSpace(text.charCodeAt(pos))) pos++;
      if (pos < text.length && text.charCodeAt(pos) !== NL) return null;
      if (pos === offset && pos === text.length) return null;
      return matched(text, offset, Math.min(pos + 1, text.length) - offset);
    },
  },
  line_breaks: true,
  categories: [InstructionBody],
});

function instructionHeredocs(text: string, offset: number, tokens: IToken[]): HeredocMarker[] {
  const start = tokens[state.instructionStart]?.startOffset ?? 0;
  // The next `<<` in the text is found once and reused until the lexer passes it.
  if (state.nextHeredocMarker === -2 || (state.nextHeredocMarker >= 0 && state.nextHeredocMarker < start)) {
    state.nextHeredocMarker = text.indexOf("<<", start);
  }
  if (state.nextHeredocMarker < 0 || state.nextHeredocMarker >= offset) return [];
  const markers = heredocsOpenedBy(joinTokens(tokens, state.instructionStart, tokens.length));
  return Array.isArray(markers) ? markers : [];
}

/** The end of an instruction line that opens heredocs: switches to the `heredoc` mode. */
export const HeredocStart = defineToken({
  name: "HeredocStart",
  pattern: {
    exec: (text, offset, tokens) => {
      const length = lineEndLength(text, offset);
      if (length <= 0 || text.charCodeAt(offset + length - 1) !== NL) return null;
      const markers = instructionHeredocs(text, offset, tokens);
      if (markers.length === 0) return null;
      state.heredocs = markers;
      state.heredocIndex = 0;
      return matched(text, offset, length, markers);
    },
  },
  start_chars_hint: ["\r", "\n"],
  line_breaks: true,
  pop_mode: true,
  push_mode: "heredoc",
});

/** The end of an instruction's last line. */
export const InstructionEnd = defineToken({
  name: "InstructionEnd",
  pattern: LineEnd.PATTERN,
  start_chars_hint: ["\r", "\n"],
  line_breaks: true,
  pop_mode: true,
});

// ---------------------------------------------------------------------------------------------
// `flags` mode

/** The keyword after a leading continuation line. */
export const DeferredKeyword = defineToken({
  name: "DeferredKeyword",
  pattern: {
    exec: (text, offset, tokens) => {
      if (!state.needKeyword) return null;
      const length = wordLength(text, offset);
      if (length === 0) return null;
      const start = state.instructionStart;
      startInstruction(tokens, text.slice(offset, offset + length));
      state.instructionStart = start;
      return matched(text, offset, length);
    },
  },
  line_breaks: false,
  categories: [InstructionBody],
});

/**
 * A `--flag` word, read as BuildKit does: quotes group, the escape character protects the next
 * character, and the word ends at an unquoted blank. A word cut by a continuation goes on in the
 * next flag token.
 */
export const Flag = defineToken({
  name: "Flag",
  pattern: {
    exec: (text, offset, tokens) => {
      if (!state.flagsOpen) return null;
      const resumes = state.flagContinues && atContinuationLineStart(tokens);
      if (!resumes && !(text.charCodeAt(offset) === 0x2d && text.charCodeAt(offset + 1) === 0x2d)) return null;
      let pos = offset;
      let quote = 0;
      let cutByContinuation = false;
      while (pos < text.length) {
        const code = text.charCodeAt(pos);
        if (code === NL || (code === CR && lineEndLength(text, pos) >= 0)) break;
        if (code === state.escapeCode && continuationLength(text, pos) >= 0) {
          cutByContinuation = true;
          break;
        }
        if (quote === 0 && isBlank(code)) break;
        if (code === state.escapeCode) {
          pos += escapedCharLength(text, pos + 1);
          continue;
        }
        if (quote === 0 && (code === 0x22 || code === 0x27)) quote = code;
        else if (code === quote) quote = 0;
        pos++;
      }
      if (pos === offset) return null;
      state.flagContinues = cutByContinuation;
      // A bare `--` ends the flags.
      if (!resumes && pos - offset === 2 && !cutByContinuation) state.flagsOpen = false;
      return matched(text, offset, pos - offset);
    },
  },
  line_breaks: false,
  categories: [InstructionBody],
});

const JSON_KEYWORDS = new Set(["RUN", "CMD", "ENTRYPOINT", "SHELL", "ADD", "COPY", "VOLUME"]);

/** `[` opening an exec-form argument list; pushes the `json` mode. */
export const JsonOpen = defineToken({
  name: "JsonOpen",
  pattern: {
    exec: (text, offset) => {
      if (text.charCodeAt(offset) !== 0x5b || !JSON_KEYWORDS.has(state.keyword)) return null;
      state.flagsOpen = false;
      return matched(text, offset, 1);
    },
  },
  start_chars_hint: ["["],
  line_breaks: false,
  pop_mode: true,
  push_mode: "json",
  categories: [InstructionBody],
});

/** `[` after `HEALTHCHECK CMD`. */
export const HealthcheckJsonOpen = defineToken({
  name: "HealthcheckJsonOpen",
  pattern: {
    exec: (text, offset, tokens) => {
      if (text.charCodeAt(offset) !== 0x5b || state.keyword !== "HEALTHCHECK") return null;
      if (previousType(tokens) !== Whitespace || tokens[tokens.length - 2]?.tokenType !== FirstArgText) return null;
      return matched(text, offset, 1);
    },
  },
  start_chars_hint: ["["],
  line_breaks: false,
  pop_mode: true,
  push_mode: "json",
  categories: [InstructionBody],
});

/** The keyword of an ONBUILD trigger; the trigger gets its own flags. */
export const TriggerKeyword = defineToken({
  name: "TriggerKeyword",
  pattern: {
    exec: (text, offset) => {
      if (state.keyword !== "ONBUILD") return null;
      const length = wordLength(text, offset);
      if (length === 0) return null;
      state.keyword = instructionName(text.slice(offset, offset + length));
      state.flagsOpen = true;
      state.flagContinues = false;
      return matched(text, offset, length);
    },
  },
  line_breaks: false,
  pop_mode: true,
  push_mode: "flags",
  categories: [InstructionBody],
});

/** Argument text in shell form, to the end of the physical line. */
export const ArgText = defineToken({
  name: "ArgText",
  pattern: {
    exec: (text, offset) => {
      const length = restOfLineLength(text, offset);
      return length === 0 ? null : matched(text, offset, length);
    },
  },
  line_breaks: false,
  categories: [InstructionBody],
});

/**
 * The first argument text: leaves the `flags` mode. HEALTHCHECK's type word stands alone, since
 * a JSON array may follow it.
 */
export const FirstArgText = defineToken({
  name: "FirstArgText",
  pattern: {
    exec: (text, offset) => {
      const length = state.keyword === "HEALTHCHECK" ? wordLength(text, offset) : restOfLineLength(text, offset);
      if (length === 0) return null;
      state.flagsOpen = false;
      return matched(text, offset, length);
    },
  },
  line_breaks: false,
  pop_mode: true,
  push_mode: "args",
  categories: [InstructionBody],
});

// ---------------------------------------------------------------------------------------------
// `json` mode

/** A JSON string; it stops at a line continuation, which BuildKit removes before decoding. */
export const JsonString = defineToken({
  name: "JsonString",
  pattern: {
    exec: (text, offset) => {
      if (text.charCodeAt(offset) !== 0x22) return null;
      let pos = offset + 1;
      while (pos < text.length) {
        const code = text.charCodeAt(pos);
        if (code === NL || (code === CR && lineEndLength(text, pos) >= 0)) break;
        if (code === state.escapeCode && continuationLength(text, pos) >= 0) break;
        if (code === 0x5c) {
          pos += escapedCharLength(text, pos + 1);
          continue;
        }
        pos++;
        if (code === 0x22) break;
      }
      return matched(text, offset, Math.min(pos, text.length) - offset);
    },
  },
  start_chars_hint: ['"'],
  line_breaks: false,
  categories: [InstructionBody],
});

const JSON_PUNCTUATION: readonly string[] = ["[", "]", "{", "}", ",", ":"];

export const JsonPunctuation = defineToken({
  name: "JsonPunctuation",
  pattern: { exec: (text, offset) => (offset < text.length && JSON_PUNCTUATION.includes(text.charAt(offset)) ? matched(text, offset, 1) : null) },
  start_chars_hint: [...JSON_PUNCTUATION],
  line_breaks: false,
  categories: [InstructionBody],
});

/** Anything else inside the brackets: numbers, literals, or text that makes the JSON invalid. */
export const JsonText = defineToken({
  name: "JsonText",
  pattern: {
    exec: (text, offset) => {
      let pos = offset;
      while (pos < text.length) {
        const code = text.charCodeAt(pos);
        if (code === NL || isBlank(code) || code === 0x22 || JSON_PUNCTUATION.includes(text.charAt(pos))) break;
        if (code === state.escapeCode && continuationLength(text, pos) >= 0) break;
        pos++;
      }
      return pos > offset ? matched(text, offset, pos - offset) : null;
    },
  },
  line_breaks: false,
  categories: [InstructionBody],
});

// ---------------------------------------------------------------------------------------------
// `heredoc` mode

function heredocTerminatorLength(text: string, offset: number, last: boolean): number {
  const marker = state.heredocs[state.heredocIndex];
  if (!marker || (state.heredocIndex === state.heredocs.length - 1) !== last) return -1;
  const lineEnd = lineBreakAt(text, offset);
  let end = lineEnd;
  while (end > offset && text.charCodeAt(end - 1) === CR) end--;
  let start = offset;
  if (marker.chomp) while (start < end && text.charCodeAt(start) === 0x09) start++;
  if (text.slice(start, end) !== marker.name) return -1;
  state.heredocIndex++;
  return Math.min(lineEnd + 1, text.length) - offset;
}

/** The line closing a heredoc when more heredocs of the same instruction follow. */
export const HeredocEnd = defineToken({
  name: "HeredocEnd",
  pattern: {
    exec: (text, offset) => {
      const length = heredocTerminatorLength(text, offset, false);
      return length < 0 ? null : matched(text, offset, length);
    },
  },
  line_breaks: true,
});

/** The line closing the instruction's last heredoc. */
export const HeredocLastEnd = defineToken({
  name: "HeredocLastEnd",
  pattern: {
    exec: (text, offset) => {
      const length = heredocTerminatorLength(text, offset, true);
      return length < 0 ? null : matched(text, offset, length);
    },
  },
  line_breaks: true,
  pop_mode: true,
});

/** One line of a heredoc body, with its line end. */
export const HeredocLine = defineToken({
  name: "HeredocLine",
  pattern: {
    exec: (text, offset) => {
      const end = lineBreakAt(text, offset);
      return matched(text, offset, Math.min(end + 1, text.length) - offset);
    },
  },
  line_breaks: true,
});

// ---------------------------------------------------------------------------------------------

// Order matters where patterns overlap, and cheap, common patterns come first.
export const lexerDefinition = {
  defaultMode: "line",
  modes: {
    line: [Bom, LineEnd, Indent, Directive, Comment, LeadingContinuation, Keyword],
    flags: [
      ContinuationComment,
      EmptyContinuationLine,
      Whitespace,
      Flag,
      JsonOpen,
      TriggerKeyword,
      DeferredKeyword,
      FirstArgText,
      Continuation,
      HeredocStart,
      InstructionEnd,
    ],
    args: [ContinuationComment, EmptyContinuationLine, HealthcheckJsonOpen, ArgText, Whitespace, Continuation, HeredocStart, InstructionEnd],
    json: [ContinuationComment, EmptyContinuationLine, Whitespace, JsonString, JsonPunctuation, JsonText, Continuation, HeredocStart, InstructionEnd],
    heredoc: [HeredocEnd, HeredocLastEnd, HeredocLine],
  },
};

/** Every token type, for the parser. */
export const allTokens: TokenType[] = [...new Set(Object.values(lexerDefinition.modes).flat()), InstructionBody];

// Every pattern is custom, which Chevrotain's first-character optimisation cannot use: the modes
// run in ModeLexer's loop, Chevrotain's own without the set-up (mode-lexer.ts).
const lexer = new ModeLexer(lexerDefinition);

export interface LexResult {
  tokens: IToken[];
  /** The escape character in effect after the directives. */
  escape: string;
  /** Heredocs opened whose bodies had not started when the text ended. */
  openHeredocs?: number;
}

export function tokenize(text: string): LexResult {
  resetState();
  return run(text);
}

/** A piece of the file's tokens from `tokenizeInChunks`: they cover the text up to `end`. */
export interface LexedChunk extends LexResult {
  end: number;
}

/**
 * Lexes `text` a piece at a time, the pieces' tokens in order equal to `tokenize(text)`'s: a
 * caller that builds the tree from each piece before asking for the next never holds the token
 * objects of the whole file (on large files, before the tree was built, they were most of the
 * memory and of the garbage collector's work). Each piece but the last ends right after an
 * instruction's last line (its `InstructionEnd` or last heredoc's terminator, with its `\n`),
 * where `tokenizeFrom` may start afresh (see there): nothing a pattern reads goes past a line's
 * end, so the tokens up to there are those of the whole text. A piece is lexed from there to
 * the first line end after `size` characters more; what follows its last such boundary is lexed
 * again with the next piece, and a piece with no boundary (one instruction longer than `size`)
 * is lexed again twice as long.
 */
export function* tokenizeInChunks(text: string, size: number): Generator<LexedChunk> {
  let start = 0;
  let escape: string | null = null;
  let length = size;
  for (;;) {
    const newline = text.indexOf("\n", start + length);
    const end = newline < 0 ? text.length : newline + 1;
    let lexed: LexResult;
    if (escape === null) {
      resetState();
      lexed = run(end === text.length ? text : text.slice(0, end));
    } else {
      lexed = tokenizeFrom(text, start, escape, end);
    }
    if (end === text.length) {
      yield { ...lexed, end };
      return;
    }
    const cut = lastBoundary(lexed.tokens);
    if (cut < 0) {
      length *= 2;
      continue;
    }
    const last = lexed.tokens[cut - 1];
    const chunkEnd = last ? last.startOffset + last.image.length : start;
    lexed.tokens.length = cut;
    escape = lexed.escape;
    yield { tokens: lexed.tokens, escape, end: chunkEnd };
    start = chunkEnd;
    length = size;
  }
}

/** How many tokens end at the last instruction end (a line end with its `\n`) in `tokens`; -1 if none. */
function lastBoundary(tokens: IToken[]): number {
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i];
    if (token && (token.tokenType === InstructionEnd || token.tokenType === HeredocLastEnd) && token.image.endsWith("\n")) return i + 1;
  }
  return -1;
}

function run(text: string): LexResult {
  const result = lexer.tokenize(text);
  if (result.errors.length > 0) {
    // Every mode ends in a pattern that accepts any character, so this is a bug in the lexer.
    throw new Error(`dfbuild lexer: ${result.errors[0]?.message ?? "unknown error"}`);
  }
  return { tokens: result.tokens, escape: state.escape, openHeredocs: state.heredocs.length - state.heredocIndex };
}

/**
 * Lexes `text` from `offset` on, as a lex of the whole text would: `offset` must be where a
 * line starts right after an instruction's last token (its line end, or its last heredoc's
 * terminator line), where the lexer is back in the `line` mode with no heredoc open and no
 * directive possible, and the escape character is `escape` (the file's). Token offsets count
 * from the start of `text`. With `end`, lexing stops there, as if the text ended: the caller
 * checks that the last line was whole.
 */
export function tokenizeFrom(text: string, offset: number, escape: string, end = text.length): LexResult {
  resetState();
  state.directivesOpen = false;
  state.escape = escape;
  state.escapeCode = escape.charCodeAt(0);
  const lexed = run(text.slice(offset, end));
  if (offset > 0) {
    // ModeLexer's tokens hold their start only (mode-lexer.ts), no `endOffset` to move.
    for (const token of lexed.tokens) token.startOffset += offset;
  }
  return lexed;
}

/**
 * BuildKit's logical line for tokens[from, to): physical lines joined without separator, each
 * continuation (escape, blanks, line end) removed, comment and blank lines inside it skipped.
 */
export function joinTokens(tokens: IToken[], from: number, to: number): string {
  let line = "";
  for (let i = from; i < to; i++) {
    const token = tokens[i];
    if (!token || !isLogicalText(token.tokenType)) continue;
    line += token.image;
  }
  return line;
}

/** Tokens that contribute their text to the logical line. */
export function isLogicalText(type: TokenType): boolean {
  return !(
    type === Continuation ||
    type === LeadingContinuation ||
    type === ContinuationComment ||
    type === EmptyContinuationLine ||
    type === InstructionEnd ||
    type === HeredocStart ||
    type === HeredocLine ||
    type === HeredocEnd ||
    type === HeredocLastEnd ||
    type === Indent ||
    type === LineEnd ||
    type === Bom
  );
}
