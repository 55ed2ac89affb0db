import { describe, expect, test } from "vitest";
import { formatDockerfile } from "@dfbuild/fmt";
import { type Dockerfile, dump, parse } from "@dfbuild/parser";
import { corpusFiles } from "../shared.js";

/**
 * What BuildKit reads from a file: its dump (with FROM's `AS`, which BuildKit reads in any case, in
 * upper case), the heredoc bodies, the comments and the directives.
 */
function meaning(ast: Dockerfile): string {
  const lines = dump(ast)
    .split("\n")
    .map((line) => line.replace(/^(\(from (?:\[[^\]]*\] )?"(?:[^"\\]|\\.)*" )"(as)"( "(?:[^"\\]|\\.)*"\))$/i, (_match, head: string, as: string, tail: string) => `${head}"${as.toUpperCase()}"${tail}`));
  const heredocs = ast.instructions.map((instruction) => instruction.heredocs.map((heredoc) => [heredoc.name, heredoc.content, heredoc.expand, heredoc.chomp]));
  return JSON.stringify([lines, heredocs, ast.comments.map((comment) => comment.value), ast.directives.map((directive) => [directive.name, directive.value])]);
}

describe("dfbuild fmt on the real-world corpus", () => {
  const files = corpusFiles();

  test("has all 1,235 files", () => {
    expect(files).toHaveLength(1235);
  });

  test("every file BuildKit can parse formats to the same meaning, and formatting again changes nothing", () => {
    let changed = 0;
    const refused: string[] = [];
    for (const [name, text] of files) {
      const parsed = parse(text);
      if (parsed.diagnostics.some((diagnostic) => diagnostic.severity === "error" && diagnostic.stage === "parse")) {
        refused.push(name);
        expect(() => formatDockerfile(text), name).toThrow();
        continue;
      }
      const first = formatDockerfile(text);
      expect(meaning(parse(first.text).ast), name).toBe(meaning(parsed.ast));
      expect(formatDockerfile(first.text).text, name).toBe(first.text);
      if (first.changed) changed++;
    }
    expect(refused).toEqual([]);
    // A formatter that changed nothing would pass the checks above: the corpus has plenty to format.
    expect(changed).toBeGreaterThan(300);
  });
});
