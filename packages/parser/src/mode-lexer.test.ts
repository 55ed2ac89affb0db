import { type CustomPatternMatcherReturn, type IToken, type ITokenConfig, Lexer, type TokenType, createToken, tokenMatcher } from "chevrotain";
import { describe, expect, test } from "vitest";
import * as t from "./lexer.js";
import { INPUTS } from "./line-inputs.test-helper.js";
import { ModeLexer, defineToken, isOfCategory } from "./mode-lexer.js";
import { seededRandom } from "./seeded-random.test-helper.js";

/** Chevrotain's lexer on the same definition, configured as the parser configured it before ModeLexer. */
const chevrotains = new Lexer(t.lexerDefinition, { positionTracking: "onlyOffset", safeMode: true, skipValidations: true });

/** Chevrotain's tokens for `text`, from the state `tokenize` starts in (lexing "" resets it). */
function chevrotainTokens(text: string): IToken[] {
  t.tokenize("");
  const { tokens, errors } = chevrotains.tokenize(text);
  expect(errors).toEqual([]);
  return tokens;
}

/** Whole files: the kinds of line a real Dockerfile has, in both escapes and line ends. */
const FILES = [
  '# syntax=docker/dockerfile:1\nARG BASE=debian:bookworm-slim\nFROM ${BASE} AS build\nRUN --mount=type=cache,target=/var/cache/apt \\\n    apt-get update && apt-get install -y --no-install-recommends \\\n      gcc make \\\n    # tools\n      git\nCOPY --chown=1000:1000 --from=src ["/a b", "/c"]\nRUN <<EOF bash\nset -e\necho "$HOME"\nEOF\nHEALTHCHECK --interval=5s CMD ["curl", "-f", "http://localhost/"]\nONBUILD RUN make\nENTRYPOINT ["/app", "--flag"]\n',
  "# escape=`\r\nFROM mcr.microsoft.com/windows/servercore\r\nRUN powershell -Command `\r\n    Write-Host hi\r\nCOPY [\"a\", `\r\n  \"C:\\\\b\"]\r\n",
];

/** Random texts from pieces that open, join and close every kind of line, in both escapes. */
function randomTexts(count: number): string[] {
  const pieces = [
    "FROM a\n", "RUN b\n", "RUN c \\\n", "  d\n", "RUN e `\n", "\n", "# f\n", "# escape=`\n", "# syntax=x\n", "\uFEFF", "RUN <<EOF\n", "RUN <<-A <<B\n", "EOF\n",
    "\tA\n", "B\n", "x\n", "\\\n", 'CMD ["a", 1,\n', '"b"]\n', "]\n", "{}", "\r\n", "\r", "HEALTHCHECK CMD [", "ONBUILD RUN g\n", "ONBUILD ", "COPY --from=a \\\n", "--chown=1 ", "-- ", '"q ', "  ",
  ];
  const next = seededRandom(2024);
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(next() * 24) }, () => pieces[Math.floor(next() * pieces.length)] ?? "").join(""));
}

describe("ModeLexer", () => {
  test("makes Chevrotain's tokens on the line inputs, whole files and random texts", () => {
    const texts = [
      ...INPUTS,
      ...FILES,
      ...randomTexts(3000),
    ];
    for (const text of texts) {
      const ours = t.tokenize(text).tokens;
      expect(ours, JSON.stringify(text)).toEqual(chevrotainTokens(text));
    }
  });

  test("reports an error where no pattern matches, and where a token pops the only mode", () => {
    const A = createToken({ name: "A", pattern: { exec: (text, offset) => (text.startsWith("a", offset) ? ["a"] : null) }, line_breaks: false });
    const Pop = createToken({ name: "Pop", pattern: { exec: (text, offset) => (text.startsWith("p", offset) ? ["p"] : null) }, line_breaks: false, pop_mode: true });
    const lexer = new ModeLexer({ defaultMode: "only", modes: { only: [A, Pop] } });
    expect(lexer.tokenize("aab").errors).toEqual([{ offset: 2, message: "unexpected character: ->b<- at offset: 2, in mode only" }]);
    const popped = lexer.tokenize("apa");
    expect(popped.errors).toEqual([{ offset: 1, message: "Unable to pop Lexer Mode after encountering Token ->p<- The Mode Stack is empty" }]);
    expect(popped.tokens.map((token) => token.image)).toEqual(["a", "p", "a"]);
  });

  test("a token that pops the only mode and pushes another is a transition, not an error", () => {
    const Switch = defineToken({ name: "Switch", pattern: { exec: (text, offset) => (text.startsWith("s", offset) ? ["s"] : null) }, pop_mode: true, push_mode: "other" });
    const B = defineToken({ name: "B", pattern: { exec: (text, offset) => (text.startsWith("b", offset) ? ["b"] : null) } });
    const { tokens, errors } = new ModeLexer({ defaultMode: "only", modes: { only: [Switch], other: [B] } }).tokenize("sbb");
    expect(errors).toEqual([]);
    expect(tokens.map((token) => token.tokenType.name)).toEqual(["Switch", "B", "B"]);
  });

  test("a token has the fields Chevrotain's has: payload only when the pattern gave one, tokenTypeIdx -1 for a type Chevrotain never registered", () => {
    const match: CustomPatternMatcherReturn = Object.assign(["a"] as [string], { payload: 1 });
    const A = defineToken({ name: "A", pattern: { exec: (text, offset) => (text.startsWith("a", offset) ? match : text.startsWith("b", offset) ? ["b"] : null) } });
    const { tokens } = new ModeLexer({ defaultMode: "m", modes: { m: [A] } }).tokenize("ab");
    expect(tokens.map((token) => Object.keys(token).sort())).toEqual([
      ["image", "payload", "startOffset", "tokenType", "tokenTypeIdx"],
      ["image", "startOffset", "tokenType", "tokenTypeIdx"],
    ]);
    expect(tokens.map((token) => token.tokenTypeIdx)).toEqual([-1, -1]);
  });

  test("refuses a definition it cannot run", () => {
    const Regex = createToken({ name: "Regex", pattern: /a/ });
    expect(() => new ModeLexer({ defaultMode: "m", modes: { m: [Regex] } })).toThrow(/Regex needs a custom pattern/);
    const NoExec = { name: "NoExec", PATTERN: {} } as TokenType;
    expect(() => new ModeLexer({ defaultMode: "m", modes: { m: [NoExec] } })).toThrow("ModeLexer: token type NoExec needs a custom pattern ({ exec })");
    const Push = createToken({ name: "Push", pattern: { exec: () => null }, line_breaks: false, push_mode: "nowhere" });
    expect(() => new ModeLexer({ defaultMode: "m", modes: { m: [Push] } })).toThrow(/unknown mode "nowhere"/);
  });

  test("defineToken makes createToken's token type, less what Chevrotain adds when it registers one", () => {
    const Category = defineToken({ name: "Category" });
    const exec = () => null;
    const configs: ITokenConfig[] = [
      { name: "Plain", pattern: { exec }, line_breaks: false },
      { name: "Moves", pattern: { exec }, line_breaks: true, start_chars_hint: ["\n"], pop_mode: true, push_mode: "other", categories: [Category] },
      { name: "OneCategory", pattern: { exec }, categories: Category },
      // A category: no pattern, and no PATTERN key.
      { name: "NoPattern" },
    ];
    const registration = ["tokenTypeIdx", "categoryMatches", "categoryMatchesMap", "isParent"];
    for (const config of configs) {
      // createToken also gives every type a CATEGORIES list, empty when it has none.
      const chevrotains = Object.fromEntries(
        Object.entries(createToken(config)).filter(([key]) => !registration.includes(key) && (key !== "CATEGORIES" || config.categories !== undefined)),
      );
      expect(defineToken(config), config.name).toStrictEqual(chevrotains);
    }
  });

  test("isOfCategory matches as Chevrotain's tokenMatcher does", () => {
    const tokens = t.tokenize('RUN --mount=x a \\\n  b\nCMD ["c"]\n').tokens;
    const types = [...t.allTokens];
    for (const token of tokens) for (const type of types) expect(isOfCategory(token, type), `${token.tokenType.name} ${type.name}`).toBe(tokenMatcher(token, type));
    expect(tokens.filter((token) => isOfCategory(token, t.InstructionBody)).length).toBeGreaterThan(3);
  });
});
