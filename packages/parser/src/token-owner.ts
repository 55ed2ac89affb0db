import type { IToken, TokenType } from "chevrotain";
import type { CommandForm, Range, Text, Token } from "./ast.js";
import { type LineIndex, SourceRange } from "./positions.js";

/**
 * The tokens of a whole file in two typed arrays: a type index and a start offset per token (a
 * token ends where the next begins). Nodes refer to a slice of it, so the lexer's token objects
 * can be freed as soon as the tree is built — on large files they were most of the memory.
 */
export class TokenTable {
  // Set in the constructor, or by `moved` (which builds them from earlier tables); past `count`
  // (and the end after it), room for tokens `append` adds.
  private types: Uint8Array;
  private starts: Int32Array;
  private count = 0;
  private readonly typeIndex: ReadonlyMap<TokenType, number>;

  /** `end`: where the last token ends (the end of the text, unless the tokens stop before it). */
  constructor(
    tokens: readonly IToken[],
    private readonly text: string,
    private readonly tokenTypes: readonly TokenType[],
    private readonly index: LineIndex,
    end = text.length,
  ) {
    this.typeIndex = new Map(tokenTypes.map((type, i) => [type, i]));
    this.types = new Uint8Array(tokens.length);
    this.starts = new Int32Array(tokens.length + 1);
    this.append(tokens, end);
  }

  /**
   * Adds tokens after the table's last, the next piece of a file lexed a piece at a time; `end`:
   * where the last of them ends (where the next piece starts).
   */
  append(tokens: readonly IToken[], end: number): void {
    const count = this.count + tokens.length;
    if (count + 1 > this.starts.length) {
      const capacity = Math.max(count + 1, this.starts.length * 2);
      const types = new Uint8Array(capacity);
      const starts = new Int32Array(capacity);
      types.set(this.types.subarray(0, this.count));
      starts.set(this.starts.subarray(0, this.count));
      this.types = types;
      this.starts = starts;
    }
    let at = this.count;
    for (const token of tokens) {
      this.types[at] = this.typeIndex.get(token.tokenType) ?? 0;
      this.starts[at] = token.startOffset;
      at++;
    }
    this.starts[count] = end;
    this.count = count;
  }

  /** Drops the room `append` kept for more tokens, once the last piece is in. */
  trim(): void {
    if (this.starts.length === this.count + 1) return;
    this.types = this.types.slice(0, this.count);
    this.starts = this.starts.slice(0, this.count + 1);
  }

  /**
   * The tokens of consecutive nodes of earlier parses, in order, moved `by` characters into
   * `text` (whose line index is `index`): one table for the nodes an incremental parse moves.
   * The runs must be contiguous in the text, the last one ending at its end.
   */
  static moved(runs: readonly { table: TokenTable; first: number; count: number }[], by: number, text: string, index: LineIndex): TokenTable {
    const total = runs.reduce((sum, run) => sum + run.count, 0);
    const types = new Uint8Array(total);
    const starts = new Int32Array(total + 1);
    let at = 0;
    for (const run of runs) {
      types.set(run.table.types.subarray(run.first, run.first + run.count), at);
      for (let i = 0; i < run.count; i++) starts[at + i] = (run.table.starts[run.first + i] ?? 0) + by;
      at += run.count;
    }
    starts[total] = text.length;
    const table = new TokenTable([], text, runs[0]?.table.tokenTypes ?? [], index);
    table.types = types;
    table.starts = starts;
    table.count = total;
    return table;
  }

  tokens(first: number, count: number): Token[] {
    const result: Token[] = [];
    for (let i = first; i < first + count; i++) {
      const start = this.starts[i] ?? 0;
      const end = this.starts[i + 1] ?? start;
      result.push({ type: this.tokenTypes[this.types[i] ?? 0]?.name ?? "", text: this.text.slice(start, end), range: this.index.range(start, end) });
    }
    return result;
  }

  /** Where token `index` starts; the end of the text for the index after the last token. */
  offset(index: number): number {
    return this.starts[index] ?? this.text.length;
  }

  source(first: number, count: number): string {
    return this.text.slice(this.starts[first] ?? 0, this.starts[first + count] ?? 0);
  }
}

/**
 * Base of the nodes that own source tokens (instructions, comments, directives, blank lines).
 * Tokens are converted on first access: most consumers never read them. `toJSON` includes
 * them like any other property.
 */
export class TokenOwner {
  #table: TokenTable | undefined;
  #first = 0;
  #count = 0;
  #tokens: Token[] | undefined;

  /** Gives a node its tokens (not part of the public AST interface). */
  static attach<T extends TokenOwner>(node: T, table: TokenTable, first: number, count: number): T {
    node.#table = table;
    node.#first = first;
    node.#count = count;
    return node;
  }

  /**
   * Where the node's tokens start and end in the text it was parsed from (its indentation and
   * line end included), and the token table they live in: an incremental parse reuses nodes
   * whose tokens all lie before an edit.
   */
  static span(node: TokenOwner): { start: number; end: number; table: TokenTable | undefined } {
    const table = node.#table;
    if (!table) return { start: 0, end: 0, table };
    return { start: table.offset(node.#first), end: table.offset(node.#first + node.#count), table };
  }

  /** The node's tokens: a run of its table (for an incremental parse that moves the node). */
  static tokenRun(node: TokenOwner): { table: TokenTable; first: number; count: number } | null {
    const table = node.#table;
    return table ? { table, first: node.#first, count: node.#count } : null;
  }

  /** The node's exact source text (what its tokens print). */
  static source(node: TokenOwner): string {
    if (node.#tokens) return node.#tokens.map((token) => token.text).join("");
    return node.#table?.source(node.#first, node.#count) ?? "";
  }

  get tokens(): Token[] {
    this.#tokens ??= this.#table?.tokens(this.#first, this.#count) ?? [];
    return this.#tokens;
  }

  set tokens(value: Token[]) {
    this.#tokens = value;
  }

  toJSON(): object {
    // The own properties are the node's fields; the tokens live behind the accessor.
    return { ...Object.fromEntries(Object.entries(this)), tokens: this.tokens };
  }
}

/** The fields every instruction has; `InstructionNode` lays them out in this order. */
export interface InstructionFields {
  type: string;
  range: Range;
  keyword: unknown;
  flags: unknown;
  original: string;
  /** null: the command's (see `InstructionNode.arguments`). */
  arguments: unknown;
  leadingComments: unknown;
  innerComments: unknown;
  heredocs: unknown;
  json: boolean;
}

/**
 * An instruction node. All fields are set in the constructor, so V8 keeps them inside the object
 * instead of in a separate property store: large files hold hundreds of thousands of these.
 */
export class InstructionNode extends TokenOwner {
  type: string;
  // The range, made when read (see `SourceRange.keep`).
  #where: LineIndex | Range;
  #start: number;
  #end: number;
  keyword: unknown;
  flags: unknown;
  original: string;
  #arguments: unknown;
  leadingComments: unknown;
  innerComments: unknown;
  heredocs: unknown;
  json: boolean;

  /** `args`: the arguments to store (null: the command's); by default `common`'s. */
  constructor(common: InstructionFields, specific: object, args: unknown = common.arguments) {
    super();
    this.type = common.type;
    this.#where = SourceRange.keep(common.range);
    this.#start = SourceRange.startOffsetOf(common.range);
    this.#end = SourceRange.endOffsetOf(common.range);
    this.keyword = common.keyword;
    this.flags = common.flags;
    this.original = common.original;
    this.#arguments = args;
    this.leadingComments = common.leadingComments;
    this.innerComments = common.innerComments;
    this.heredocs = common.heredocs;
    this.json = common.json;
    Object.assign(this, specific);
  }

  get range(): Range {
    return SourceRange.remake(this.#where, this.#start, this.#end);
  }

  set range(value: Range) {
    this.#where = SourceRange.keep(value);
    this.#start = SourceRange.startOffsetOf(value);
    this.#end = SourceRange.endOffsetOf(value);
  }

  /**
   * BuildKit's `Node.Next` values. Those of RUN, CMD, ENTRYPOINT and SHELL are their command's
   * (its one string in shell form, its elements in exec form), so the node does not store them:
   * they are made from the command when read (rarely: `dump`, the formatter), two objects fewer
   * per instruction on files with hundreds of thousands of RUNs.
   */
  get arguments(): unknown {
    return this.#arguments ?? commandArguments((this as { command?: CommandForm | null }).command ?? null);
  }

  set arguments(value: unknown) {
    this.#arguments = value;
  }

  /**
   * A copy of `node` (the same fields in the same order); `move` maps its range and stored
   * arguments (made ones stay made). The caller moves the other fields.
   */
  static copy(node: InstructionNode, move: (value: unknown) => unknown): InstructionNode {
    const copy = new InstructionNode(node, node, node.#arguments === null ? null : move(node.#arguments));
    copy.range = move(node.range) as Range;
    return copy;
  }

  override toJSON(): object {
    const json: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this)) {
      json[key] = value;
      // Where the fields were when they were stored, so that the JSON is the same either way.
      if (key === "type") json.range = this.range;
      if (key === "original") json.arguments = this.arguments;
    }
    json.tokens = this.tokens;
    return json;
  }
}

/** The `Node.Next` values of a command instruction: its command's strings, at the same ranges. */
function commandArguments(command: CommandForm | null): Text[] {
  if (command === null) return [];
  if (command.type === "ShellForm") return [{ type: "Text", value: command.value, range: command.range }];
  return command.elements.map((element) => ({ type: "Text", value: element.value, range: element.range }));
}
