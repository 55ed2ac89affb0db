import type { Range } from "@dfbuild/parser";
import { type Assignment, type Command, type ParsedScript, type SyntaxNode, type Word, type WordPart, forEachChild, parse } from "unbash";
import type { LineIndex } from "../positions.js";
import type { MappedText } from "./source-map.js";

/** A word of a shell command, with its position in the Dockerfile. */
export interface ShellWord {
  /** As written. */
  text: string;
  /** The value after quote removal; null when it depends on an expansion (`$X`, `$(…)`, `{a,b}`). */
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
  /** Arguments after the name (no redirections; `export A=1` has the argument `A=1`). */
  args: ShellWord[];
  /** From its first word (prefix assignments included) to its last argument; redirections after it are not part of it. */
  range: Range;
}

/** A pipe of two or more commands (`curl … | tar x`), wherever it sits. */
export interface ShellPipeline {
  /** From its first command to its last. */
  range: Range;
  /** Each stage's program (`curl`, `tar`): a simple command's name, last path segment; null for a compound command or a computed name. */
  programs: (string | null)[];
}

/** The shell parse of one RUN/CMD/ENTRYPOINT/HEALTHCHECK, as the rules see it. */
export interface ShellScript {
  commands: ShellCommand[];
  /** Pipes, in source order (those in command substitutions included). */
  pipelines: ShellPipeline[];
  /** Commands outside command substitutions: `a && b` counts 2, `echo $(date)` counts 1. */
  commandCount: number;
  /** The shell parser met a syntax error (findings are still made from what it could read). */
  hasErrors: boolean;
  /**
   * The script is one pipeline or one `&&` chain: when a part fails, nothing after it runs and the
   * script fails. `a; b`, `a || b`, `a & b` and several lines are not.
   */
  andChain: boolean;
  /**
   * The script sets state that outlives its last command: a variable assignment with no command
   * (`A=1`), or a function definition. (Builtins with that effect, `cd`, `export`…, are commands.)
   */
  setsShellState: boolean;
}

/** Word parts whose value the shell computes when it runs the command. */
function isLiteralPart(part: WordPart): boolean {
  switch (part.type) {
    case "Literal":
    case "SingleQuoted":
    case "AnsiCQuoted":
    case "Glob":
      return true;
    case "DoubleQuoted":
      return part.parts.every((child) => child.type === "Literal");
    default:
      return false;
  }
}

function literalValue(word: Word): string | null {
  return word.parts === undefined || word.parts.every(isLiteralPart) ? word.value : null;
}

/** Collects the rules' view of one parsed script piece. */
class ScriptBuilder {
  readonly commands: ShellCommand[] = [];
  readonly pipelines: ShellPipeline[] = [];
  commandCount = 0;
  hasErrors = false;
  setsShellState = false;

  constructor(
    private readonly source: MappedText,
    private readonly lines: LineIndex,
  ) {}

  /**
   * The Dockerfile range of script offsets. Inside an escaped backtick substitution, offsets index
   * the substitution's decoded text (`within`), which has no place in the file: its whole range stands in.
   */
  private range(start: number, end: number, within: Range | null): Range {
    if (within) return within;
    const from = this.source.toSource(start);
    // Map the last character, not the end, so a range never swallows a continuation after it.
    const to = end > start ? this.source.toSource(end - 1) + 1 : from;
    return this.lines.range(from, to);
  }

  private word(word: Word, within: Range | null): ShellWord {
    return { text: word.text, value: literalValue(word), range: this.range(word.pos, word.end, within) };
  }

  private assignmentWord(assignment: Assignment, within: Range | null): ShellWord {
    const value = assignment.value.type === "Word" && assignment.index === undefined ? literalValue(assignment.value) : null;
    return {
      text: assignment.text,
      value: value === null ? null : `${assignment.name}${assignment.append ? "+=" : "="}${value}`,
      range: this.range(assignment.pos, assignment.end, within),
    };
  }

  private command(command: Command, name: Word, within: Range | null): void {
    const args = command.args.map((arg) => (arg.type === "Word" ? this.word(arg, within) : this.assignmentWord(arg, within)));
    const last = command.args[command.args.length - 1] ?? name;
    const nameWord = this.word(name, within);
    const value = nameWord.value;
    const program = value === null ? null : (value.split("/").pop() ?? value);
    this.commands.push({ name: value, program, nameWord, args, range: this.range(command.pos, last.end, within) });
  }

  /** Visits a node and everything below it, substitutions' scripts included. */
  walk(node: SyntaxNode, nested: boolean, within: Range | null): void {
    switch (node.type) {
      case "Command":
        if (!node.name && node.prefix.some((part) => part.type === "Assignment")) this.setsShellState = true;
        if (node.name) {
          if (!nested) this.commandCount++;
          this.command(node, node.name, within);
        }
        break;
      case "TestCommand":
        if (!nested) this.commandCount++;
        break;
      case "Function":
        this.setsShellState = true;
        break;
      case "Pipeline": {
        const programs = node.commands.map((command) => {
          const value = command.type === "Command" && command.name ? literalValue(command.name) : null;
          return value === null ? null : (value.split("/").pop() ?? value);
        });
        this.pipelines.push({ range: this.range(node.pos, node.end, within), programs });
        break;
      }
      case "Script":
        if (node.errors?.length) this.hasErrors = true;
        break;
      case "CommandExpansion":
      case "ProcessSubstitution": {
        const script = node.script;
        if (script) {
          const inner = script.source === undefined ? within : (within ?? this.range(node.pos, node.end, null));
          this.walk(script, true, inner);
        }
        return;
      }
      default:
        break;
    }
    forEachChild(node, (child) => {
      this.walk(child, nested, within);
    });
  }
}

/** Whether the script is a single statement that is a pipeline or an `&&` chain. */
function isAndChain(script: ParsedScript): boolean {
  if (script.commands.length > 1) return false;
  const statement = script.commands[0];
  if (!statement) return true;
  if (statement.background) return false;
  return statement.command.type !== "AndOr" || statement.command.operators.every((operator) => operator === "&&");
}

/** Parses script pieces (the command line and any heredoc bodies run as scripts) into one view. */
export function analyzeScript(pieces: readonly MappedText[], lines: LineIndex): ShellScript {
  const commands: ShellCommand[] = [];
  const pipelines: ShellPipeline[] = [];
  let commandCount = 0;
  let hasErrors = false;
  let andChain = pieces.length === 1;
  let setsShellState = false;
  for (const piece of pieces) {
    const script = parse(piece.text);
    const builder = new ScriptBuilder(piece, lines);
    builder.walk(script, false, null);
    andChain &&= isAndChain(script);
    commands.push(...builder.commands);
    pipelines.push(...builder.pipelines);
    commandCount += builder.commandCount;
    hasErrors ||= builder.hasErrors;
    setsShellState ||= builder.setsShellState;
  }
  return { commands, pipelines, commandCount, hasErrors, andChain, setsShellState };
}
