import type { Range } from "@dfbuild/parser";
import type { Node as SyntaxNode, Parser as TreeSitterParser } from "web-tree-sitter";
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
}

const COMMAND_TYPES = new Set(["command", "declaration_command", "unset_command", "test_command"]);
const NESTED_SCRIPT_TYPES = new Set(["command_substitution", "process_substitution"]);

function unescapeWord(text: string): string {
  return text.replace(/\\(\n|.)/g, (_, ch: string) => (ch === "\n" ? "" : ch));
}

/** The value of a word after quote removal, or null when it is not a literal. */
function literalValue(node: SyntaxNode): string | null {
  switch (node.type) {
    case "word":
    case "number":
      return unescapeWord(node.text);
    case "raw_string":
      return node.text.slice(1, -1);
    case "string": {
      let value = "";
      for (const child of node.namedChildren) {
        if (child.type !== "string_content") return null;
        value += child.text.replace(/\\([$`"\\\n])/g, (_, ch: string) => (ch === "\n" ? "" : ch));
      }
      return value;
    }
    case "concatenation": {
      let value = "";
      for (const child of node.namedChildren) {
        const part = literalValue(child);
        if (part === null) return null;
        value += part;
      }
      return value;
    }
    default:
      return null;
  }
}

class ScriptBuilder {
  readonly commands: ShellCommand[] = [];
  commandCount = 0;
  hasErrors = false;

  constructor(
    private readonly source: MappedText,
    private readonly lines: LineIndex,
  ) {}

  private range(node: SyntaxNode): Range {
    const start = this.source.toSource(node.startIndex);
    // Map the last character, not the end, so a range never swallows a continuation after it.
    const end = node.endIndex > node.startIndex ? this.source.toSource(node.endIndex - 1) + 1 : start;
    return this.lines.range(start, end);
  }

  private word(node: SyntaxNode): ShellWord {
    return { text: node.text, value: literalValue(node), range: this.range(node) };
  }

  visit(node: SyntaxNode, nested: boolean): void {
    if (node.isError || node.isMissing) this.hasErrors = true;
    if (COMMAND_TYPES.has(node.type)) {
      if (!nested) this.commandCount++;
      if (node.type === "command") this.command(node);
    }
    const childNested = nested || NESTED_SCRIPT_TYPES.has(node.type);
    for (const child of node.children) this.visit(child, childNested);
  }

  private command(node: SyntaxNode): void {
    const nameNode = node.childForFieldName("name");
    if (!nameNode) return;
    const nameWord = this.word(nameNode.namedChildren[0] ?? nameNode);
    const name = nameWord.value;
    const args = node.childrenForFieldName("argument").map((arg) => this.word(arg));
    const program = name === null ? null : (name.split("/").pop() ?? name);
    this.commands.push({ name, program, nameWord, args, range: this.range(node) });
  }
}

/** Parses script pieces (the command line and any heredoc bodies run as scripts) into one view. */
export function analyzeScript(parser: TreeSitterParser, pieces: readonly MappedText[], lines: LineIndex): ShellScript {
  const commands: ShellCommand[] = [];
  let commandCount = 0;
  let hasErrors = false;
  for (const piece of pieces) {
    const tree = parser.parse(piece.text);
    if (!tree) {
      hasErrors = true;
      continue;
    }
    try {
      const builder = new ScriptBuilder(piece, lines);
      builder.visit(tree.rootNode, false);
      commands.push(...builder.commands);
      commandCount += builder.commandCount;
      hasErrors ||= builder.hasErrors || tree.rootNode.hasError;
    } finally {
      tree.delete();
    }
  }
  return { commands, commandCount, hasErrors };
}
