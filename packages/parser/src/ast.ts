/**
 * The typed AST. Every node has an exact `range`; `tokens` on top-level nodes make the tree
 * lossless (`print(ast)` gives the input back byte for byte).
 *
 * Positions count UTF-16 code units (JavaScript string indices, as LSP does). Lines are split on
 * `\n` only, as BuildKit splits them; lines and columns are 1-based; `end` is exclusive.
 */

export interface Position {
  /** 0-based UTF-16 offset. */
  offset: number;
  /** 1-based line. */
  line: number;
  /** 1-based column in UTF-16 code units. */
  column: number;
}

export interface Range {
  start: Position;
  /** Exclusive. */
  end: Position;
}

/** A lexer token: the leaves of the concrete tree. */
export interface Token {
  /** The lexer token type (`Keyword`, `Whitespace`, `Continuation`, `HeredocLine`…). */
  type: string;
  text: string;
  range: Range;
}

interface NodeBase {
  range: Range;
}

/** A piece of source text with its position. */
export interface Text extends NodeBase {
  type: "Text";
  value: string;
}

// ---------------------------------------------------------------------------------------------
// Words: the syntax BuildKit's shell lexer sees in arguments it expands

export interface LiteralNode extends NodeBase {
  type: "Literal";
  value: string;
}
export interface RawTextNode extends NodeBase {
  type: "RawText";
  value: string;
}
export interface EscapeNode extends NodeBase {
  type: "Escape";
  char: string | null;
}
export interface SingleQuotedNode extends NodeBase {
  type: "SingleQuoted";
  value: string;
}
export interface DoubleQuotedNode extends NodeBase {
  type: "DoubleQuoted";
  parts: (LiteralNode | EscapeNode | VariableNode | WordErrorNode)[];
}
export interface VariableNode extends NodeBase {
  type: "Variable";
  name: string;
  /** Where the name alone is (`NAME` in `${NAME:-x}`): what a rename replaces. */
  nameRange: Range;
  braced: boolean;
  modifier?: string;
  argument?: WordPartNode[];
  replacement?: WordPartNode[];
}
export interface WordErrorNode extends NodeBase {
  type: "WordError";
  message: string;
}

export type WordPartNode = LiteralNode | RawTextNode | EscapeNode | SingleQuotedNode | DoubleQuotedNode | VariableNode | WordErrorNode;

/** An argument word as BuildKit's parser stores it (quotes and escapes kept), with its syntax. */
export interface Word extends NodeBase {
  type: "Word";
  /** The text BuildKit hands to the shell lexer (for exec form, the decoded JSON string). */
  value: string;
  parts: WordPartNode[];
}

// ---------------------------------------------------------------------------------------------
// Instruction pieces

export interface Keyword extends NodeBase {
  type: "Keyword";
  /** As written, e.g. `RuN`. */
  text: string;
  /** Upper-cased, e.g. `RUN`. */
  name: string;
}

export interface Flag extends NodeBase {
  type: "Flag";
  /** Name without dashes, e.g. `mount`. */
  name: string;
  /** The value after `=`, quotes removed and escapes applied; null for `--flag` without `=`. */
  value: string | null;
  /** BuildKit's flag string, e.g. `--chown=app:app`. */
  text: string;
  nameRange: Range;
  valueRange: Range | null;
}

/** One string of an exec-form JSON array. */
export interface JsonString extends NodeBase {
  type: "JsonString";
  /** Decoded value. */
  value: string;
  /** As written, quotes included. */
  raw: string;
}

export interface ExecForm extends NodeBase {
  type: "ExecForm";
  elements: JsonString[];
}

/** A run of text that stands unbroken in the source: `value[offset, offset+length)` is at `sourceOffset`. */
export interface TextSegment {
  offset: number;
  sourceOffset: number;
  length: number;
}

export interface ShellForm extends NodeBase {
  type: "ShellForm";
  /** The command as BuildKit passes it to the shell (continuations joined). */
  value: string;
  /** Where each piece of `value` is in the source (one per physical line it spans). */
  segments: TextSegment[];
}

export type CommandForm = ExecForm | ShellForm;

export interface Heredoc extends NodeBase {
  type: "Heredoc";
  /** The delimiter, quotes removed. */
  name: string;
  fileDescriptor: number;
  /** `<<-`: consumers strip leading tabs from each body line. */
  chomp: boolean;
  /** False when the delimiter was quoted: the body is used verbatim. */
  expand: boolean;
  /** The `<<EOF` word in the instruction. */
  marker: Range | null;
  /** The body exactly as written: every line keeps its line ending; the terminator excluded. */
  content: string;
  body: Range;
  terminator: Range | null;
}

export interface KeyValue extends NodeBase {
  type: "KeyValue";
  key: Word;
  value: Word;
  /** `ENV key value`: the value is the rest of the line. */
  legacy: boolean;
}

export interface ArgDefinition extends NodeBase {
  type: "ArgDefinition";
  name: Word;
  /** null for `ARG name` without a default. */
  value: Word | null;
}

export type MountType = "bind" | "cache" | "tmpfs" | "secret" | "ssh";

/** A `RUN --mount` value split into its CSV fields. */
export interface Mount extends NodeBase {
  type: "Mount";
  mountType: string;
  fields: { key: string; value: string | null; range: Range }[];
}

/** A comment line (text after `#`, trimmed). */
export interface Comment extends NodeBase {
  type: "Comment";
  value: string;
  tokens: Token[];
}

export interface Directive extends NodeBase {
  type: "Directive";
  /** `syntax`, `escape` or `check`, lower-cased. */
  name: string;
  value: string;
  nameRange: Range;
  valueRange: Range;
  tokens: Token[];
}

/** A line with nothing but whitespace. */
export interface BlankLine extends NodeBase {
  type: "BlankLine";
  tokens: Token[];
}

interface InstructionBase extends NodeBase {
  keyword: Keyword;
  flags: Flag[];
  /** BuildKit's `Node.Original`: the logical line, continuations joined. */
  original: string;
  /** BuildKit's `Node.Next` values, with where each came from. */
  arguments: Text[];
  /** Comments directly above the instruction (BuildKit's `PrevComment`). */
  leadingComments: string[];
  /** Comment lines inside the instruction's continuation lines. */
  innerComments: Comment[];
  heredocs: Heredoc[];
  /** Tokens of the whole instruction: indentation, continuation lines, heredoc bodies, line end. */
  tokens: Token[];
  /** The exec-form JSON attribute of BuildKit. */
  json: boolean;
}

export interface FromInstruction extends InstructionBase {
  type: "From";
  image: Word | null;
  /** The `AS` word, when present. */
  as: Text | null;
  /** The stage name as written (BuildKit lower-cases it: see `Stage.name`). */
  stageName: Word | null;
}

export interface RunInstruction extends InstructionBase {
  type: "Run";
  command: CommandForm | null;
  mounts: Mount[];
  /**
   * The shell-form command is one heredoc word (`<<EOF`, `0<<EOF`, `<< "EOF"`): BuildKit runs that
   * heredoc's body as the script instead of giving the line to the shell (`dispatchRun`:
   * `parser.MustParseHeredoc(args[0])`, whose pattern takes a file descriptor before `<<`).
   */
  heredocScript: boolean;
}

export interface CmdInstruction extends InstructionBase {
  type: "Cmd";
  command: CommandForm | null;
}

export interface EntrypointInstruction extends InstructionBase {
  type: "Entrypoint";
  command: CommandForm | null;
}

export interface ShellInstruction extends InstructionBase {
  type: "Shell";
  command: CommandForm | null;
}

export interface HealthcheckInstruction extends InstructionBase {
  type: "Healthcheck";
  /** `CMD`, `NONE` (upper-cased) or whatever else was written; null when empty. */
  kind: string | null;
  kindRange: Range | null;
  command: CommandForm | null;
}

export interface EnvInstruction extends InstructionBase {
  type: "Env";
  pairs: KeyValue[];
}

export interface LabelInstruction extends InstructionBase {
  type: "Label";
  pairs: KeyValue[];
}

export interface ArgInstruction extends InstructionBase {
  type: "Arg";
  args: ArgDefinition[];
}

export interface ExposeInstruction extends InstructionBase {
  type: "Expose";
  ports: Word[];
}

export interface CopyInstruction extends InstructionBase {
  type: "Copy";
  sources: Word[];
  destination: Word | null;
}

export interface AddInstruction extends InstructionBase {
  type: "Add";
  sources: Word[];
  destination: Word | null;
}

export interface VolumeInstruction extends InstructionBase {
  type: "Volume";
  paths: Word[];
}

export interface WorkdirInstruction extends InstructionBase {
  type: "Workdir";
  path: Word | null;
}

export interface UserInstruction extends InstructionBase {
  type: "User";
  user: Word | null;
}

export interface StopsignalInstruction extends InstructionBase {
  type: "Stopsignal";
  signal: Word | null;
}

export interface MaintainerInstruction extends InstructionBase {
  type: "Maintainer";
  maintainer: Text | null;
}

export interface OnbuildInstruction extends InstructionBase {
  type: "Onbuild";
  trigger: Instruction | null;
}

/** A keyword BuildKit does not know (kept, and reported by the instructions layer). */
export interface UnknownInstruction extends InstructionBase {
  type: "Unknown";
}

export type Instruction =
  | FromInstruction
  | RunInstruction
  | CmdInstruction
  | EntrypointInstruction
  | ShellInstruction
  | HealthcheckInstruction
  | EnvInstruction
  | LabelInstruction
  | ArgInstruction
  | ExposeInstruction
  | CopyInstruction
  | AddInstruction
  | VolumeInstruction
  | WorkdirInstruction
  | UserInstruction
  | StopsignalInstruction
  | MaintainerInstruction
  | OnbuildInstruction
  | UnknownInstruction;

export type InstructionType = Instruction["type"];

/** A build stage: a FROM and the instructions up to the next FROM. */
export interface Stage extends NodeBase {
  type: "Stage";
  index: number;
  /** The lower-cased `AS` name, or null. */
  name: string | null;
  from: FromInstruction;
  instructions: Instruction[];
}

export type TopLevelNode = Directive | Comment | BlankLine | Instruction;

export interface Dockerfile extends NodeBase {
  type: "Dockerfile";
  /** The escape character in effect (`\` or a backtick). */
  escape: string;
  /** Every line in order: the concrete tree. */
  children: TopLevelNode[];
  directives: Directive[];
  /** Every comment, including those inside continuation lines. */
  comments: Comment[];
  instructions: Instruction[];
  /** ARG instructions before the first FROM. */
  globalArgs: ArgInstruction[];
  stages: Stage[];
}

export type DiagnosticSeverity = "error" | "warning";

/**
 * Where BuildKit would report the problem: `parse` aborts the whole file; `instruction` fails
 * the conversion of one instruction; `expand` fails when the builder expands it.
 */
export type DiagnosticStage = "parse" | "instruction" | "expand";

export interface Diagnostic {
  severity: DiagnosticSeverity;
  /** Stable identifier, e.g. `unknown-instruction`, `invalid-flag`, `no-empty-continuation`. */
  code: string;
  /** BuildKit's wording for the same problem. */
  message: string;
  range: Range;
  stage: DiagnosticStage;
  /** Documentation, where Docker has a page for it. */
  url?: string;
}

export interface ParseResult {
  ast: Dockerfile;
  diagnostics: Diagnostic[];
}
