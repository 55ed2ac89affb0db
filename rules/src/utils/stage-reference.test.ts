/** The helpers the stage-reference rules share: flags, BuildKit's report line, references per instruction. */
import { LintFile } from "@dfbuild/linter";
import { parse } from "@dfbuild/parser";
import { describe, expect, test } from "vitest";
import { describeSource, flagOf, onFirstLine, stageSourcesByInstruction } from "./stage-reference.js";

function fileOf(text: string): LintFile {
  const { ast, diagnostics } = parse(text);
  return new LintFile(text, ast, diagnostics, "Dockerfile");
}

describe("flagOf", () => {
  const [copy] = parse("COPY --from=a --chown=1 --from=b --link . /\n").ast.instructions;
  test("the last flag of that name counts", () => {
    if (!copy) throw new Error("no COPY");
    expect(flagOf(copy, "from")?.text).toBe("--from=b");
    expect(flagOf(copy, "chown")?.text).toBe("--chown=1");
    expect(flagOf(copy, "link")?.text).toBe("--link");
  });
  test("none of that name: null", () => {
    if (!copy) throw new Error("no COPY");
    expect(flagOf(copy, "chmod")).toBeNull();
    expect(flagOf(copy, "")).toBeNull();
  });
});

describe("onFirstLine", () => {
  const text = "FROM a\nCOPY --from=a \\\n  --chown=1 x /\n";
  const copy = parse(text).ast.instructions[1];
  test("a node on the instruction's first line keeps its range; one on a continuation line gives the keyword's", () => {
    if (!copy) throw new Error("no COPY");
    const [from, chown] = copy.flags;
    if (!from || !chown) throw new Error("no flags");
    expect(onFirstLine(copy, from)).toBe(from.range);
    expect(onFirstLine(copy, chown)).toEqual(copy.keyword.range);
  });
});

describe("stageSourcesByInstruction", () => {
  test("COPY --from and RUN --mount from= references by instruction, in order; not FROM, not ONBUILD triggers", () => {
    const text = [
      "FROM alpine:3.20 AS a",
      "FROM a AS b",
      "COPY --from=a /x /x",
      "RUN --mount=type=cache,from=a,target=/c --mount=type=bind,from=b,target=/d true",
      "ONBUILD COPY --from=a /y /y",
      "COPY --from=b /z /z",
      "",
    ].join("\n");
    const file = fileOf(text);
    const byInstruction = stageSourcesByInstruction(file);
    const described = [...byInstruction].map(([instruction, references]) => [instruction.range.start.line, references.map(describeSource)]);
    expect(described).toEqual([
      [3, ["COPY --from=a"]],
      [4, ["RUN --mount from=a", "RUN --mount from=b"]],
      [6, ["COPY --from=b"]],
    ]);
  });
  test("a file without references: an empty map", () => {
    expect(stageSourcesByInstruction(fileOf("FROM a AS b\nFROM b\n")).size).toBe(0);
  });
});
