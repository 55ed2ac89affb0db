import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parse, print } from "@dfbuild/parser";
import { dockerfileText, expectSound } from "./soundness.js";

describe("random Dockerfiles", () => {
  test("never throw and always round-trip", () => {
    fc.assert(fc.property(dockerfileText, expectSound), { numRuns: 3000 });
  });

  test("any string at all round-trips", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), expectSound), { numRuns: 2000 });
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
