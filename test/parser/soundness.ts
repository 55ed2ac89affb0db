/** What every parse must satisfy, for the property tests on random text and on mutated real Dockerfiles. */
import fc from "fast-check";
import { expect } from "vitest";
import { dump, parse, print } from "@dfbuild/parser";

/** Pieces that matter to a Dockerfile's lexer, so random text hits the interesting paths often. */
export const pieces = [
  "FROM", "RUN", "run", "CMD", "COPY", "ADD", "ENV", "ARG", "LABEL", "ONBUILD", "HEALTHCHECK", "SHELL", "EXPOSE",
  "WORKDIR", "USER", "VOLUME", "STOPSIGNAL", "MAINTAINER", "ENTRYPOINT", "FOO", " ", " ", "\t", "\n", "\n", "\r\n",
  "\r", "\\", "\\\n", "`", "#", "# escape=`", "# syntax=x", "# check=skip=all", "\"", "'", "[", "]", ",", "{", "}",
  "$", "${", "${a:-b}", "<<", "<<EOF", "<<-EOF", "<<'EOF'", "EOF", "\tEOF", "--", "--mount=type=cache,target=/x",
  "--from=a", "=", "a", "b", "x y", "é", "\u00a0", "\ufeff", "1", "AS", "[\"a\", \"b\"]", "[1]", "\\\\",
];

export const dockerfileText = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((parts) => parts.join(""));

export function expectSound(text: string): void {
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
