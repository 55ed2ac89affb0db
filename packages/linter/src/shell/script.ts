import type { Range } from "@dfbuild/parser";
import type { TreeCursor, Parser as TreeSitterParser } from "web-tree-sitter";
import type { LineIndex } from "../positions.js";
import type { MappedText } from "./source-map.js";

/** A word of a shell command, with its position in the Dockerfile. */
export interface ShellWord {
  /** As written. */
  text: string;
  /** The value after quote removal; null when it depends on an expansion (`$X`, `$(…)`). */
  value: string | null;
  range: Range;
}

/** One simple command (`apt-get install -y curl`), wherever it sits: in a list, pipeline, subshell, `if`… */
export interface ShellCommand {
  /** The command name's value, e.g. `/usr/bin/apt-get`; null when it is computed. */
  name: string | null;
  /** The name's last path segment, e.g. `apt-get`. */
  program: string | null;
  nameWord: ShellWord;
  /** Arguments after the name (no assignments, no redirections). */
  args: ShellWord[];
  range: Range;
}

/** The shell parse of one RUN/CMD/ENTRYPOINT/HEALTHCHECK, as the rules see it. */
export interface ShellScript {
  commands: ShellCommand[];
  /** Commands outside command substitutions: `a && b` counts 2, `echo $(date)` counts 1. */
  commandCount: number;
  /** The shell parser met a syntax error (findings are still made from what it could read). */
  hasErrors: boolean;
  /**
   * The script is one pipeline or one `&&` chain: when a part fails, nothing after it runs and the
   * script fails. `a; b`, `a || b`, `a & b` and several lines are not.
   */
  andChain: boolean;
}

const COMMAND_TYPES = new Set(["command", "declaration_command", "unset_command", "test_command"]);
const NESTED_SCRIPT_TYPES = new Set(["command_substitution", "process_substitution"]);

function unescapeWord(text: string): string {
  return text.replace(/\\(\n|.)/g, (_, ch: string) => (ch === "\n" ? "" : ch));
}

function unescapeDoubleQuoted(text: string): string {
  return text.replace(/\\([$`"\\\n])/g, (_, ch: string) => (ch === "\n" ? "" : ch));
}

/**
 * Builds the rules' view of one script by walking the tree with a cursor: far cheaper than
 * asking node objects for their children (each one is copied out of WebAssembly memory).
 */
class ScriptBuilder {
  readonly commands: ShellCommand[] = [];
  commandCount = 0;

  constructor(
    private readonly cursor: TreeCursor,
    private readonly source: MappedText,
    private readonly lines: LineIndex,
  ) {}

  private text(): string {
    return this.source.text.slice(this.cursor.startIndex, this.cursor.endIndex);
  }

  private range(): Range {
    const { startIndex, endIndex } = this.cursor;
    const start = this.source.toSource(startIndex);
    // Map the last character, not the end, so a range never swallows a continuation after it.
    const end = endIndex > startIndex ? this.source.toSource(endIndex - 1) + 1 : start;
    return this.lines.range(start, end);
  }

  /** The value of the node under the cursor after quote removal, or null when it is not a literal. */
  private literal(): string | null {
    const cursor = this.cursor;
    switch (cursor.nodeType) {
      case "word":
      case "number":
        return unescapeWord(this.text());
      case "raw_string":
        return this.text().slice(1, -1);
      case "string":
      case "concatenation": {
        const isString = cursor.nodeType === "string";
        let value = "";
        let literal = true;
        if (cursor.gotoFirstChild()) {
          do {
            if (!cursor.nodeIsNamed) continue;
            // Read afresh: the cursor has moved since the switch narrowed `nodeType`.
            const childType: string = cursor.nodeType;
            if (isString) {
              if (childType === "string_content") value += unescapeDoubleQuoted(this.text());
              else literal = false;
            } else {
              const part = this.literal();
              if (part === null) literal = false;
              else value += part;
            }
          } while (literal && cursor.gotoNextSibling());
          cursor.gotoParent();
        }
        return literal ? value : null;
      }
      default:
        return null;
    }
  }

  private word(): ShellWord {
    return { text: this.text(), value: this.literal(), range: this.range() };
  }

  /** Visits the node under the cursor and everything below it. */
  walk(nested: boolean): void {
    const cursor = this.cursor;
    const type = cursor.nodeType;
    if (COMMAND_TYPES.has(type) && !nested) this.commandCount++;
    const command = type === "command" ? { nameWord: null as ShellWord | null, args: [] as ShellWord[], range: this.range() } : null;
    if (!cursor.gotoFirstChild()) return;
    const childrenNested = nested || NESTED_SCRIPT_TYPES.has(type);
    do {
      if (command) {
        const field = cursor.currentFieldName;
        if (field === "argument") command.args.push(this.word());
        else if (field === "name") command.nameWord = this.nameWord();
      }
      this.walk(childrenNested);
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
    if (command?.nameWord) {
      const name = command.nameWord.value;
      const program = name === null ? null : (name.split("/").pop() ?? name);
      this.commands.push({ name, program, nameWord: command.nameWord, args: command.args, range: command.range });
    }
  }

  /** A `command_name` wraps the word that names the program. */
  private nameWord(): ShellWord {
    const cursor = this.cursor;
    if (!cursor.gotoFirstChild()) return this.word();
    const word = this.word();
    cursor.gotoParent();
    return word;
  }
}

/** Whether a `list` node under the cursor joins its parts with `&&` only. */
function listIsAndOnly(cursor: TreeCursor): boolean {
  let only = true;
  if (!cursor.gotoFirstChild()) return true;
  do {
    const type = cursor.nodeType;
    if (!cursor.nodeIsNamed) only &&= type === "&&";
    else if (type === "list") only &&= listIsAndOnly(cursor);
  } while (only && cursor.gotoNextSibling());
  cursor.gotoParent();
  return only;
}

/** Whether the program under the cursor is a single statement that is a pipeline or `&&` chain. */
function isAndChain(cursor: TreeCursor): boolean {
  let statements = 0;
  let only = true;
  if (!cursor.gotoFirstChild()) return true;
  do {
    const type = cursor.nodeType;
    if (type === "comment") continue;
    if (!cursor.nodeIsNamed) {
      // A trailing `;` ends the one statement; `&` puts it in the background.
      only &&= type !== "&";
      continue;
    }
    statements++;
    if (type === "list") only &&= listIsAndOnly(cursor);
  } while (only && cursor.gotoNextSibling());
  cursor.gotoParent();
  return only && statements <= 1;
}

/** Parses script pieces (the command line and any heredoc bodies run as scripts) into one view. */
export function analyzeScript(parser: TreeSitterParser, pieces: readonly MappedText[], lines: LineIndex): ShellScript {
  const commands: ShellCommand[] = [];
  let commandCount = 0;
  let hasErrors = false;
  let andChain = pieces.length === 1;
  for (const piece of pieces) {
    const tree = parser.parse(piece.text);
    if (!tree) {
      hasErrors = true;
      continue;
    }
    const cursor = tree.walk();
    try {
      const builder = new ScriptBuilder(cursor, piece, lines);
      andChain &&= isAndChain(cursor);
      builder.walk(false);
      commands.push(...builder.commands);
      commandCount += builder.commandCount;
      hasErrors ||= tree.rootNode.hasError;
    } finally {
      cursor.delete();
      tree.delete();
    }
  }
  return { commands, commandCount, hasErrors, andChain };
}
