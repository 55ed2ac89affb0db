import { type Instruction, parse } from "@dfbuild/parser";
import type * as Unbash from "unbash";
import { describe, expect, test, vi } from "vitest";
import { LineIndex } from "../positions.js";
import { parseScript, parseScripts, scriptPieces, shellFormOf } from "./index.js";
import { concatMapped, heredocText } from "./source-map.js";

// unbash's parser recovers from every syntax error; to test what parseScript does should it throw
// anyway, a test makes it throw.
const unbash = vi.hoisted(() => ({ fail: false }));
vi.mock("unbash", async (importOriginal) => {
  const actual = await importOriginal<typeof Unbash>();
  return {
    ...actual,
    parse: (...args: Parameters<typeof actual.parse>) => {
      if (unbash.fail) throw new Error("unbash failed");
      return actual.parse(...args);
    },
  };
});

function instructions(text: string): Instruction[] {
  return parse(text).ast.instructions;
}

function nth(list: readonly Instruction[], index: number): Instruction {
  const found = list[index];
  if (!found) throw new Error(`no instruction ${String(index)}`);
  return found;
}

function second(text: string): Instruction {
  return nth(instructions(text), 1);
}

/** Each script offset's source offset, the end included. */
function offsets(piece: { text: string; toSource(offset: number): number }): number[] {
  return Array.from({ length: piece.text.length + 1 }, (_, i) => piece.toSource(i));
}

describe("shellFormOf", () => {
  test("RUN, CMD, ENTRYPOINT and HEALTHCHECK in shell form; not exec form, nor other instructions", () => {
    for (const keyword of ["RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK CMD"]) {
      expect(shellFormOf(second(`FROM a\n${keyword} echo hi\n`))?.value, keyword).toBe("echo hi");
      expect(shellFormOf(second(`FROM a\n${keyword} ["echo", "hi"]\n`)), keyword).toBeNull();
    }
    expect(shellFormOf(second("FROM a\nHEALTHCHECK NONE\n"))).toBeNull();
    expect(shellFormOf(second("FROM a\nSHELL [\"sh\", \"-c\"]\n"))).toBeNull();
    expect(shellFormOf(second("FROM a\nWORKDIR /x\n"))).toBeNull();
  });
});

describe("scriptPieces", () => {
  test("the command line without continuations, each character mapped to its source", () => {
    const [line, ...rest] = scriptPieces(second("FROM a\nRUN a \\\n  b\n")) ?? [];
    expect(rest).toEqual([]);
    expect(line?.text).toBe("a   b");
    // "a " at 11–12, then "  b" from 15 (after the backslash and line break); the end maps after `b`.
    expect(line && offsets(line)).toEqual([11, 12, 15, 16, 17, 18]);
  });

  test("heredocs run as the script: `RUN <<EOF` (as BuildKit reads it: `0<<EOF`, `<< EOF`), and after a shell (`RUN bash <<EOF`, by path too)", () => {
    for (const command of ["<<EOF", "0<<EOF", "<< EOF", '<<E"O"F', "bash <<EOF", "bash  <<EOF", "/bin/sh <<-'EOF'", '/usr/bin/env <<"EOF"']) {
      const text = `FROM a\nRUN ${command}\necho hi\nEOF\n`;
      const pieces = scriptPieces(second(text)) ?? [];
      expect(pieces.map((piece) => piece.text), command).toEqual(["echo hi\n"]);
      const body = text.indexOf("echo");
      expect(pieces[0] && offsets(pieces[0]), command).toEqual([...Array.from({ length: 8 }, (_, i) => body + i), body + 8]);
    }
    // Two script heredocs: two pieces.
    expect(scriptPieces(second("FROM a\nRUN <<A <<B\na\nA\nb\nB\n"))?.map((piece) => piece.text)).toEqual(["a\n", "b\n"]);
  });

  test("other heredocs are data for their command: one piece, the line then each body and its end marker", () => {
    const text = "FROM a\nRUN cat <<EOF > /x\nhello\nEOF\n";
    const [piece, ...rest] = scriptPieces(second(text)) ?? [];
    expect(rest).toEqual([]);
    expect(piece?.text).toBe("cat <<EOF > /x\nhello\nEOF\n");
    // The line, the glued line break (mapped on to the body), the body, then the marker (mapped to the body's end).
    expect(piece && offsets(piece)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 26, 26, 27, 28, 29, 30, 31, 32, 32, 32, 32, 32]);
    for (const command of ["sh -c <<EOF", "sh x <<EOF", "cat <<EOF", "<<EOF cat", "<<EOF sh", "bash <<EOF x", "bash <<1EOF"]) {
      const pieces = scriptPieces(second(`FROM a\nRUN ${command}\nbody\nEOF\n`)) ?? [];
      expect(pieces.length, command).toBe(1);
      expect(pieces[0]?.text.startsWith(command), command).toBe(true);
    }
  });

  test("no shell form, no pieces", () => {
    expect(scriptPieces(second('FROM a\nRUN ["a"]\n'))).toBeNull();
    expect(scriptPieces(second("FROM a\nENV A=1\n"))).toBeNull();
  });
});

describe("parseScript and parseScripts", () => {
  test("a script per shell-form instruction, mapped to the file's positions", () => {
    const text = 'FROM a\nRUN apt-get update && apt-get install x\nCMD ["a"]\nENTRYPOINT b c\n';
    const lines = new LineIndex(text);
    const all = instructions(text);
    const scripts = parseScripts(all, lines);
    expect([...scripts.keys()].map((each) => each.type)).toEqual(["Run", "Entrypoint"]);
    const run = scripts.get(nth(all, 1));
    expect(run?.commands.map((command) => command.name)).toEqual(["apt-get", "apt-get"]);
    expect(run?.commandCount).toBe(2);
    expect(run?.andChain).toBe(true);
    expect(run?.commands[1]?.range.start).toMatchObject({ line: 2, column: 23 });
    expect(parseScript(nth(all, 2), lines)).toBeNull();
    expect(parseScript(nth(all, 0), lines)).toBeNull();
  });

  test("a shell parser that throws gives a script the rules cannot read, not a failed lint", () => {
    const text = "FROM a\nRUN A=1 && make\n";
    unbash.fail = true;
    try {
      expect(parseScript(nth(instructions(text), 1), new LineIndex(text))).toStrictEqual({
        commands: [],
        pipelines: [],
        commandCount: 0,
        hasErrors: true,
        andChain: false,
        setsShellState: false,
      });
    } finally {
      unbash.fail = false;
    }
  });
});

describe("mapped text", () => {
  test("concatMapped: pieces keep their mapping; glue maps on to what follows, and at the end to the end of the last piece", () => {
    const joined = concatMapped([heredocText("ab", 10), "-", heredocText("cd", 20), "!"]);
    expect(joined.text).toBe("ab-cd!");
    expect(offsets(joined)).toEqual([10, 11, 20, 20, 21, 22, 22]);
    expect(offsets(concatMapped(["x", heredocText("ab", 10)]))).toEqual([10, 10, 11, 12]);
    expect(offsets(concatMapped([]))).toEqual([0]);
  });

  test("heredocText maps verbatim from the body's start; past the end, to the body's end", () => {
    const body = heredocText("a\nb", 7);
    expect(offsets(body)).toEqual([7, 8, 9, 10]);
    expect(body.toSource(10)).toBe(10);
    expect(offsets(heredocText("", 7))).toEqual([7]);
  });
});
