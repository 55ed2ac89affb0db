/**
 * The `$NAME` and `${NAME…}` references in text a POSIX shell runs (RUN, CMD, ENTRYPOINT and
 * HEALTHCHECK in shell form, RUN heredocs). The builder passes that text on unexpanded; the shell
 * expands it (POSIX.1-2017 Shell Command Language, §2.2 Quoting and §2.6.2 Parameter Expansion):
 *
 * - nothing inside single quotes is expanded, nor bash's `$'…'`;
 * - a backslash outside single quotes makes the next character literal;
 * - a `#` that starts a word begins a comment;
 * - names are `[A-Za-z_][A-Za-z0-9_]*` (`$1`, `$@`, `$$`… are special parameters, not variables);
 * - `$(…)`, `` `…` `` and `$((…))` are shell code: references inside them count.
 *
 * In an unquoted heredoc body (`heredoc` mode) quotes are ordinary characters and `#` starts no
 * comment (§2.7.4 Here-Document). This is a scanner, not a parser: it finds references, it does
 * not know shell-local assignments (`for f in …`, `X=1; echo $X`).
 */

export interface ShellVariable {
  name: string;
  /** Offsets in the scanned text: the whole `$NAME` / `${…}`, and the name. */
  start: number;
  end: number;
  nameStart: number;
  braced: boolean;
  /** The operator after the name in `${NAME<op>…}` (`:-`, `#`, `//`…); null when there is none. */
  modifier: string | null;
}

const BACKSLASH = 0x5c;
const DOLLAR = 0x24;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const HASH = 0x23;
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
/** Characters after which a `#` starts a comment (a blank or an operator ends the previous word). */
const WORD_BREAK = new Set([" ", "\t", "\n", "\r", ";", "&", "|", "(", ")", "<", ">"]);
/** `${NAME<op>…}` operators of POSIX and bash, longest first. */
const MODIFIERS = [":-", ":=", ":?", ":+", "##", "%%", "//", "/#", "/%", "^^", ",,", "-", "=", "?", "+", "#", "%", "/", "^", ",", ":", "@", "["];

export function scanShellVariables(text: string, mode: "script" | "heredoc" = "script"): ShellVariable[] {
  const found: ShellVariable[] = [];
  const length = text.length;
  const script = mode === "script";
  let inDouble = false;
  let i = 0;
  while (i < length) {
    // Skip to the next character that matters: `\` and `$` anywhere; `"` inside double quotes;
    // `'`, `"` and `#` outside them in a script. Most of a script is plain words.
    let code = text.charCodeAt(i);
    while (code !== BACKSLASH && code !== DOLLAR && !(inDouble ? code === DOUBLE_QUOTE : script && (code === SINGLE_QUOTE || code === DOUBLE_QUOTE || code === HASH))) {
      if (++i === length) return found;
      code = text.charCodeAt(i);
    }
    const ch = text.charAt(i);
    if (ch === "\\") {
      i += 2;
    } else if (ch === "$") {
      i = dollar(text, i, mode === "script" && !inDouble, found);
    } else if (ch === '"') {
      inDouble = !inDouble;
      i++;
    } else if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      i = close < 0 ? length : close + 1;
    } else if (startsWord(text, i)) {
      // `#` at the start of a word: a comment to the end of the line.
      const newline = text.indexOf("\n", i);
      i = newline < 0 ? length : newline;
    } else {
      i++;
    }
  }
  return found;
}

/** Whether the character at `at` starts a word: at the start, or after an unescaped blank or operator. */
function startsWord(text: string, at: number): boolean {
  if (at === 0) return true;
  return WORD_BREAK.has(text.charAt(at - 1)) && text.charAt(at - 2) !== "\\";
}

/** Handles the `$` at `at`; returns where scanning goes on (inside a `${…}`, to find nested references). */
function dollar(text: string, at: number, ansiQuotes: boolean, found: ShellVariable[]): number {
  const next = text.charAt(at + 1);
  if (next === "{") {
    let nameStart = at + 2;
    // `${#NAME}` (length) and `${!NAME}` (indirection) still name NAME.
    const prefix = text.charAt(nameStart);
    if ((prefix === "#" || prefix === "!") && NAME_START.test(text.charAt(nameStart + 1))) nameStart++;
    if (!NAME_START.test(text.charAt(nameStart))) return at + 2;
    const nameEnd = nameEndFrom(text, nameStart);
    const operator = text.charAt(nameEnd) === "}" ? null : (MODIFIERS.find((candidate) => text.startsWith(candidate, nameEnd)) ?? null);
    const close = closingBrace(text, nameEnd);
    found.push({
      name: text.slice(nameStart, nameEnd),
      start: at,
      end: close < 0 ? nameEnd : close + 1,
      nameStart,
      braced: true,
      modifier: operator,
    });
    return nameEnd;
  }
  if (next === "'" && ansiQuotes) {
    let j = at + 2;
    while (j < text.length && text.charAt(j) !== "'") j += text.charAt(j) === "\\" ? 2 : 1;
    return j + 1;
  }
  if (NAME_START.test(next)) {
    const nameEnd = nameEndFrom(text, at + 1);
    found.push({ name: text.slice(at + 1, nameEnd), start: at, end: nameEnd, nameStart: at + 1, braced: false, modifier: null });
    return nameEnd;
  }
  return at + 1;
}

function nameEndFrom(text: string, start: number): number {
  let end = start + 1;
  while (end < text.length && NAME_CHAR.test(text.charAt(end))) end++;
  return end;
}

/** The `}` that closes a `${` whose name ends at `from`, or -1. Nested `${…}` and quotes are skipped. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === "\\") i++;
    else if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return -1;
      i = close;
    } else if (ch === "{" && text.charAt(i - 1) === "$") depth++;
    else if (ch === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}
