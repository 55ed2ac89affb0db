import { describe, expect, test } from "vitest";
import type { CommandForm, Range, Text } from "./ast.js";
import * as t from "./lexer.js";
import { LineIndex } from "./positions.js";
import { type InstructionFields, InstructionNode, TokenOwner, TokenTable } from "./token-owner.js";

/** Each token's type, text and offsets, as a table gives them. */
function described(tokens: { type: string; text: string; range: Range }[]): [string, string, number, number][] {
  return tokens.map((token) => [token.type, token.text, token.range.start.offset, token.range.end.offset]);
}

describe("TokenTable", () => {
  const text = "FROM a\nRUN b \\\n  c\n";
  const { tokens } = t.tokenize(text);
  const index = new LineIndex(text);

  test("holds the lexer's tokens: type, text and range, each ending where the next starts", () => {
    const table = new TokenTable(tokens, text, t.allTokens, index);
    expect(described(table.tokens(4, 4))).toEqual([
      ["Keyword", "RUN", 7, 10],
      ["Whitespace", " ", 10, 11],
      ["FirstArgText", "b ", 11, 13],
      ["Continuation", "\\\n", 13, 15],
    ]);
    expect(table.tokens(tokens.length - 1, 1).map((token) => token.range.start.line)).toEqual([3]);
    expect(table.source(4, 4)).toBe("RUN b \\\n");
    expect(table.source(0, tokens.length)).toBe(text);
    expect([table.offset(0), table.offset(4), table.offset(tokens.length)]).toEqual([0, 7, text.length]);
  });

  test("the last token ends at `end` when the tokens stop before the text does", () => {
    const table = new TokenTable(tokens.slice(0, 4), text, t.allTokens, index, 7);
    expect(table.offset(4)).toBe(7);
    expect(described(table.tokens(3, 1))).toEqual([["InstructionEnd", "\n", 6, 7]]);
  });

  test("a type the table was not given is the first of its types", () => {
    const table = new TokenTable(tokens.slice(0, 1), "FROM", [t.Whitespace], new LineIndex("FROM"));
    expect(table.tokens(0, 1).map((token) => token.type)).toEqual(["Whitespace"]);
  });

  test("pieces appended one after another make the table of the whole, before and after trim", () => {
    const whole = new TokenTable(tokens, text, t.allTokens, index);
    const pieces = new TokenTable([], text, t.allTokens, index, 0);
    expect(pieces.offset(0)).toBe(0);
    for (const [from, to] of [[0, 1], [1, 4], [4, 5], [5, tokens.length]] as const) {
      const piece = tokens.slice(from, to);
      const next = tokens[to];
      pieces.append(piece, next ? next.startOffset : text.length);
      expect(described(pieces.tokens(0, to)), `after ${String(to)} tokens`).toEqual(described(whole.tokens(0, to)));
      expect(pieces.offset(to)).toBe(whole.offset(to));
    }
    pieces.trim();
    expect(described(pieces.tokens(0, tokens.length))).toEqual(described(whole.tokens(0, tokens.length)));
    // Past the end, trimmed: the end of the text, as for a table made in one go.
    expect(pieces.offset(tokens.length + 1)).toBe(text.length);
    expect(whole.offset(tokens.length + 1)).toBe(text.length);
    pieces.trim();
    expect(pieces.source(0, tokens.length)).toBe(text);
  });

  test("moved: runs of earlier tables, contiguous in the text, moved into a new text", () => {
    // Two versions' tables of the same old text: an incremental parse moves nodes of either.
    const old = `${text}RUN d\n`;
    const oldTokens = t.tokenize(old).tokens;
    const oldIndex = new LineIndex(old);
    const first = new TokenTable(oldTokens, old, t.allTokens, oldIndex);
    const second = new TokenTable(oldTokens, old, t.allTokens, oldIndex);
    const moved = `#\n${old.slice(7)}`;
    // RUN b … (tokens 4 to 10) from the first table, RUN d (11 to 14) from the second, 2 - 7 = -5 characters on.
    const table = TokenTable.moved(
      [
        { table: first, first: 4, count: 7 },
        { table: second, first: 11, count: 4 },
      ],
      -5,
      moved,
      new LineIndex(moved),
    );
    expect(table.source(0, 11)).toBe(moved.slice(2));
    expect(described(table.tokens(0, 1))).toEqual([["Keyword", "RUN", 2, 5]]);
    expect(described(table.tokens(6, 2))).toEqual([
      ["InstructionEnd", "\n", 13, 14],
      ["Keyword", "RUN", 14, 17],
    ]);
    expect(table.offset(11)).toBe(moved.length);
    expect(table.tokens(7, 4).map((token) => [token.type, token.range.start.line])).toEqual([
      ["Keyword", 4],
      ["Whitespace", 4],
      ["FirstArgText", 4],
      ["InstructionEnd", 4],
    ]);
  });
});

describe("TokenOwner", () => {
  const text = "FROM a\nRUN b\n";
  const table = new TokenTable(t.tokenize(text).tokens, text, t.allTokens, new LineIndex(text));

  test("a node's tokens, span, run and source come from its slice of the table", () => {
    const node = TokenOwner.attach(new TokenOwner(), table, 4, 4);
    expect(TokenOwner.span(node)).toEqual({ start: 7, end: 13, table });
    expect(TokenOwner.tokenRun(node)).toEqual({ table, first: 4, count: 4 });
    expect(TokenOwner.source(node)).toBe("RUN b\n");
    expect(node.tokens.map((token) => token.text)).toEqual(["RUN", " ", "b", "\n"]);
    // Made once, then kept.
    expect(node.tokens).toBe(node.tokens);
  });

  test("tokens set on a node are its source; a node without a table has none", () => {
    const node = TokenOwner.attach(new TokenOwner(), table, 0, 4);
    const index = new LineIndex("x y");
    node.tokens = [
      { type: "Unparsed", text: "x", range: index.range(0, 1) },
      { type: "Unparsed", text: " y", range: index.range(1, 3) },
    ];
    expect(TokenOwner.source(node)).toBe("x y");
    const bare = new TokenOwner();
    expect(TokenOwner.span(bare)).toEqual({ start: 0, end: 0, table: undefined });
    expect(TokenOwner.tokenRun(bare)).toBeNull();
    expect(TokenOwner.source(bare)).toBe("");
    expect(bare.tokens).toEqual([]);
  });

  test("JSON holds the node's fields and its tokens", () => {
    const node = Object.assign(TokenOwner.attach(new TokenOwner(), table, 3, 1), { type: "X", value: 1 });
    expect(JSON.parse(JSON.stringify(node))).toEqual({
      type: "X",
      value: 1,
      tokens: [{ type: "InstructionEnd", text: "\n", range: { start: { offset: 6, line: 1, column: 7 }, end: { offset: 7, line: 2, column: 1 } } }],
    });
  });
});

describe("InstructionNode", () => {
  const text = 'CMD ["a", "b"]\nRUN c\n';
  const index = new LineIndex(text);
  const text1 = (value: string, start: number): Text => ({ type: "Text", value, range: index.range(start, start + value.length) });
  const fields = (type: string, range: Range, args: unknown): InstructionFields => ({
    type,
    range,
    keyword: text1(type.toUpperCase(), range.start.offset),
    flags: [],
    original: "original",
    arguments: args,
    leadingComments: [],
    innerComments: [],
    heredocs: [],
    json: false,
  });
  const exec: CommandForm = { type: "ExecForm", elements: [text1("a", 5), text1("b", 10)], range: index.range(4, 14) } as unknown as CommandForm;
  const shell: CommandForm = { type: "ShellForm", value: "c", range: index.range(19, 20) } as unknown as CommandForm;

  test("a command instruction's arguments are made from its command when read: each element, or the one shell string", () => {
    const cmd = new InstructionNode(fields("Cmd", index.range(0, 14), null), { command: exec });
    expect(cmd.arguments).toEqual([text1("a", 5), text1("b", 10)]);
    const run = new InstructionNode(fields("Run", index.range(15, 20), null), { command: shell });
    expect(run.arguments).toEqual([{ type: "Text", value: "c", range: shell.range }]);
    const none = new InstructionNode(fields("Run", index.range(15, 20), null), { command: null });
    expect(none.arguments).toEqual([]);
    const stored = new InstructionNode(fields("Run", index.range(15, 20), ["x"]), {});
    expect(stored.arguments).toEqual(["x"]);
    stored.arguments = ["y"];
    expect(stored.arguments).toEqual(["y"]);
  });

  test("the range is kept as offsets and made when read; set, it is replaced", () => {
    const node = new InstructionNode(fields("Run", index.range(15, 20), null), {});
    expect(JSON.parse(JSON.stringify(node.range))).toEqual({ start: { offset: 15, line: 2, column: 1 }, end: { offset: 20, line: 2, column: 6 } });
    node.range = index.range(0, 3);
    expect([node.range.start.offset, node.range.end.offset]).toEqual([0, 3]);
    const plain: Range = { start: { offset: 1, line: 1, column: 2 }, end: { offset: 2, line: 1, column: 3 } };
    node.range = plain;
    expect(node.range).toBe(plain);
  });

  test("copy moves the range and stored arguments, not the made ones", () => {
    const made = new InstructionNode(fields("Cmd", index.range(0, 14), null), { command: exec });
    const stored = new InstructionNode(fields("Label", index.range(15, 20), [text1("c", 19)]), {});
    const seen: unknown[] = [];
    const move = (value: unknown): unknown => {
      seen.push(value);
      return value === stored.arguments ? ["moved"] : index.range(1, 2);
    };
    const madeCopy = InstructionNode.copy(made, move);
    expect(seen).toHaveLength(1);
    expect([madeCopy.range.start.offset, madeCopy.range.end.offset]).toEqual([1, 2]);
    expect(madeCopy.arguments).toEqual(made.arguments);
    expect(madeCopy.type).toBe("Cmd");
    const storedCopy = InstructionNode.copy(stored, move);
    expect(storedCopy.arguments).toEqual(["moved"]);
    expect(seen).toHaveLength(3);
  });

  test("JSON lays the fields out in their order, range after type and arguments after original, tokens last", () => {
    const node = TokenOwner.attach(new InstructionNode(fields("Run", index.range(15, 20), null), { command: shell }), new TokenTable(t.tokenize(text).tokens, text, t.allTokens, index), 0, 1);
    const json = node.toJSON() as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(["type", "range", "keyword", "flags", "original", "arguments", "leadingComments", "innerComments", "heredocs", "json", "command", "tokens"]);
    expect(json.arguments).toEqual([{ type: "Text", value: "c", range: shell.range }]);
    expect((json.range as Range).start.offset).toBe(15);
    expect((json.tokens as { text: string }[]).map((token) => token.text)).toEqual(["CMD"]);
  });
});
