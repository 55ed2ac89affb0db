import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { dump, parse, print } from "@dfbuild/parser";
import { corpusFiles } from "../shared.js";

/** Pieces that matter to a Dockerfile's lexer, so random text hits the interesting paths often. */
const pieces = [
  "FROM", "RUN", "run", "CMD", "COPY", "ADD", "ENV", "ARG", "LABEL", "ONBUILD", "HEALTHCHECK", "SHELL", "EXPOSE",
  "WORKDIR", "USER", "VOLUME", "STOPSIGNAL", "MAINTAINER", "ENTRYPOINT", "FOO", " ", " ", "\t", "\n", "\n", "\r\n",
  "\r", "\\", "\\\n", "`", "#", "# escape=`", "# syntax=x", "# check=skip=all", "\"", "'", "[", "]", ",", "{", "}",
  "$", "${", "${a:-b}", "<<", "<<EOF", "<<-EOF", "<<'EOF'", "EOF", "\tEOF", "--", "--mount=type=cache,target=/x",
  "--from=a", "=", "a", "b", "x y", "é", "\u00a0", "\ufeff", "1", "AS", "[\"a\", \"b\"]", "[1]", "\\\\",
];

const dockerfileText = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((parts) => parts.join(""));

function expectSound(text: string): void {
  const { ast, diagnostics } = parse(text);
  expect(print(ast)).toBe(text);
  expect(diagnostics.filter((d) => d.code === "internal-error")).toEqual([]);
  expect(() => dump(ast)).not.toThrow();
  for (const node of ast.children) {
    expect(node.range.start.offset).toBeLessThanOrEqual(node.range.end.offset);
    expect(node.range.end.offset).toBeLessThanOrEqual(text.length);
  }
  for (const diagnostic of diagnostics) {
    expect(diagnostic.range.start.offset).toBeGreaterThanOrEqual(0);
    expect(diagnostic.range.end.offset).toBeLessThanOrEqual(text.length);
  }
}

describe("random Dockerfiles", () => {
  test("never throw and always round-trip", () => {
    fc.assert(fc.property(dockerfileText, expectSound), { numRuns: 3000 });
  });

  test("any string at all round-trips", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), expectSound), { numRuns: 2000 });
  });
});

describe("mutated real Dockerfiles", () => {
  const corpus = corpusFiles().map(([, text]) => text);
  const mutation = fc.record({
    file: fc.nat({ max: corpus.length - 1 }),
    edits: fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat({ max: 8 }), insert: fc.constantFrom(...pieces, "") }), {
      minLength: 1,
      maxLength: 6,
    }),
  });

  test("never throw and always round-trip", () => {
    fc.assert(
      fc.property(mutation, ({ file, edits }) => {
        let text = corpus[file] ?? "";
        for (const edit of edits) {
          const at = Math.floor(edit.at * text.length);
          text = text.slice(0, at) + edit.insert + text.slice(at + edit.remove);
        }
        expectSound(text);
      }),
      { numRuns: 1500 },
    );
  });
});

/** Large and pathological inputs: correct results, no stack overflow (their timing is in bench/parser.ts). */
describe("large inputs", () => {
  test("5 MB of instructions", () => {
    const text = "FROM alpine:3.20\nRUN apk add --no-cache curl \\\n    && echo done\n".repeat(80_000);
    const { ast, diagnostics } = parse(text);
    expect(text.length).toBeGreaterThan(5_000_000);
    expect(ast.instructions).toHaveLength(160_000);
    expect(diagnostics).toEqual([]);
  });

  test("one instruction with 100,000 continuation lines", () => {
    const text = `RUN true \\\n${"  && echo line \\\n".repeat(100_000)}  && echo end\n`;
    const { ast } = parse(`FROM a\n${text}`);
    expect(ast.instructions).toHaveLength(2);
    expect(ast.instructions[1]?.range.end.line).toBe(100_003);
  });

  test("6,000 heredocs on one line", () => {
    // 6,000 markers keep the line under BuildKit's 64 KiB line limit.
    const names = Array.from({ length: 6_000 }, (_, i) => `E${i}`);
    const text = `FROM a\nRUN cat ${names.map((n) => `<<${n}`).join(" ")}\n${names.map((n) => `body ${n}\n${n}\n`).join("")}RUN done\n`;
    const { ast, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(ast.instructions[1]?.heredocs).toHaveLength(6_000);
    expect(ast.instructions[1]?.heredocs[5_999]).toMatchObject({ name: "E5999", content: "body E5999\n" });
    expect(ast.instructions[2]?.original).toBe("RUN done");
  });

  test("a 5 MB line is reported, not choked on", () => {
    const text = `FROM a\nRUN echo ${"x".repeat(5_000_000)}\n`;
    const { ast, diagnostics } = parse(text);
    expect(print(ast)).toBe(text);
    expect(diagnostics.map((d) => d.message)).toEqual(["dockerfile line greater than max allowed size of 65535"]);
  });

  test("unterminated heredoc at the end of a large file", () => {
    const text = `FROM a\nRUN <<EOF\n${"line\n".repeat(200_000)}`;
    const { ast, diagnostics } = parse(text);
    expect(diagnostics.map((d) => d.message)).toEqual(["unterminated heredoc"]);
    expect(ast.instructions[1]?.heredocs[0]?.content.length).toBe(1_000_000);
  });
});
