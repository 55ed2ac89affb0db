import type { SourceLine } from "./group-lines.js";

/**
 * Inputs that take every decision of the line grammar each way: BOM, indentation, directives,
 * comments and blank lines with and without a line end, continuations (leading, blank and
 * comment lines inside), exec form, flags, ONBUILD, heredocs (one, several, unterminated), CRLF
 * and a last line without a line end.
 */
export const INPUTS = [
  "",
  "\uFEFF",
  "\uFEFFFROM a\n",
  "# syntax=docker/dockerfile:1\n# escape=`\nFROM a\nRUN b `\n  c\n",
  "# syntax=x",
  "# comment",
  "# comment\n\n\nFROM a # not a comment\n",
  "   \n  FROM a\n\t# indented comment\n  ",
  "FROM a\nRUN a \\\n  b \\\n\n # comment inside\n  d\n",
  "\\\nFROM a\n",
  'CMD ["a", "b"]\nHEALTHCHECK --interval=5s CMD ["curl", "-f", "http://x"]\n',
  "COPY --from=x --chown=1:1 a b\nONBUILD RUN make\nONBUILD COPY --link . /\n",
  "RUN <<EOF cat\nhello\nEOF\nRUN true\n",
  "COPY <<A <<B /\na\nA\nb\nB\n",
  "RUN <<-EOT sh\n\techo hi\n\tEOT\n",
  "RUN <<EOF\nnever closed\n",
  "FROM a\r\nRUN b \\\r\n  c\r\n",
  "FROM a",
  "FROM a\nRUN",
];

/** What a grouping says: each line's kind and its tokens' types and text. */
export function described(lines: SourceLine[]): [string, [string, string][]][] {
  return lines.map((line) => [line.kind, line.tokens.map((token) => [token.tokenType.name, token.image])]);
}
