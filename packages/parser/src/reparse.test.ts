/**
 * `reparse` gives exactly `parse`'s result — tree, tokens, positions and diagnostics, in order —
 * on seeded random edits, each version re-parsed from the one before (so reused nodes are reused
 * again, over many versions), and reuses the nodes before an edit.
 */
import { describe, expect, test } from "vitest";
import type { ParseResult } from "./ast.js";
import { type PreviousParse, parse, reparse } from "./parse.js";
import { seededRandom } from "./seeded-random.test-helper.js";
import { TokenOwner } from "./token-owner.js";

/** Token tables the nodes a reparse did not keep come from: two when it moved the nodes after the edit (one for what it built). */
function newTables(result: ParseResult, previous: ParseResult): number {
  const kept = new Set<unknown>(previous.ast.children);
  return new Set(result.ast.children.filter((child) => !kept.has(child)).map((child) => TokenOwner.span(child as unknown as TokenOwner).table)).size;
}

const SEEDS = [
  `# syntax=docker/dockerfile:1
# check=skip=StageNameCasing
ARG BASE=debian:12.5
FROM \${BASE} AS Builder
ARG VERSION=1.2.3
ENV APP_HOME=/opt/app \\
    PATH=/opt/app/bin:$PATH
WORKDIR $APP_HOME
# hadolint ignore=DL3008
RUN apt-get update \\
    # a comment inside
    && apt-get install -y curl git \\

    && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/var/cache/apt sudo yum install httpd && cd /tmp
COPY --from=builder /opt/app /opt/prev
RUN <<EOF
set -e
apk add curl
EOF
COPY <<-A <<B /dst/
\tone
\tA
two
B
LABEL org.opencontainers.image.version="\${VERSION}" maintainer=me
MAINTAINER someone <a@b.c>
EXPOSE 8080/TCP 22
FROM alpine:latest
ONBUILD RUN sudo apk add curl
  USER root
cmd ["sh", "-c", "echo $HOME"]
HEALTHCHECK --interval=5s CMD curl -f http://localhost/
RUN useradd -u 100000 app
`,
  "# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nRUN powershell -Command `\r\n    Write-Host hi\r\n\r\nCOPY a.txt C:/app/\r\nRUN echo \\\r\n",
  "FROM a\nRUN x\nRUN <<EOF\nbody\n",
  "\uFEFFFROM a\n\\\nRUN b\nBOGUS c\nFROM\nARG\n",
];

/** What an edit inserts: the syntax that joins, splits, opens and closes instructions, and single characters. */
const FRAGMENTS = [
  "\n", "\n", "\r\n", "\r", " ", "x", "\\\n", "\\", "`", "`\n", "\"", "[", "#", "# c\n", "\t", "=", "<<EOF\n", "EOF\n", "EOF", "<<",
  "RUN a\n", "FROM b AS c\n", "ARG X\n", "ONBUILD ", "# escape=`\n", "# syntax=x\n", "\uFEFF", "--mount=type=cache,target=/x ", "  ",
];

function edit(text: string, next: () => number): string {
  let at = Math.floor(next() * (text.length + 1));
  const where = next();
  // Edits at line starts and line ends: where instructions are split, joined and closed.
  if (where < 0.3) at = text.lastIndexOf("\n", at - 1) + 1;
  else if (where < 0.5) {
    const lineEnd = text.indexOf("\n", at);
    at = lineEnd < 0 ? text.length : lineEnd;
  }
  const roll = next();
  const removed = roll < 0.55 ? 0 : roll < 0.85 ? 1 + Math.floor(next() * 3) : Math.max(0, text.indexOf("\n", at) + 1 - at);
  const inserted = next() < 0.85 ? (FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] ?? "") : "";
  return text.slice(0, at) + inserted + text.slice(at + removed);
}

/** Everything a parse says: JSON keeps every node's fields, tokens and positions (offset, line, column). */
const observed = (result: ParseResult) => JSON.stringify(result);

describe("reparse", () => {
  test("equals a full parse over chains of random edits", () => {
    let versions = 0;
    let reusedNodes = 0;
    let moves = 0;
    for (const [index, seed] of SEEDS.entries()) {
      for (let chain = 0; chain < 3; chain++) {
        const next = seededRandom(7000 + index * 100 + chain);
        let previous: PreviousParse = { text: seed, parsed: parse(seed) };
        for (let step = 0; step < 40; step++) {
          const text = edit(previous.text, next);
          const incremental = reparse(text, previous);
          expect(observed(incremental), `seed ${String(index)}, chain ${String(chain)}, edit ${String(step)}:\n${JSON.stringify(text)}`).toBe(observed(parse(text)));
          const before = new Set(previous.parsed.ast.instructions);
          reusedNodes += incremental.ast.instructions.filter((instruction) => before.has(instruction)).length;
          if (newTables(incremental, previous.parsed) > 1) moves++;
          previous = { text, parsed: incremental };
          versions++;
        }
      }
    }
    expect(versions).toBe(SEEDS.length * 3 * 40);
    // Reuse happened: on average, several instructions per version came from the one before.
    expect(reusedNodes).toBeGreaterThan(versions * 2);
    // And the nodes after the edit were moved, not built again, in many of them.
    expect(moves).toBeGreaterThan(versions / 10);
  });

  test("moves the instructions after an edit instead of building them again: same tree, positions and diagnostics", () => {
    const text = "FROM a\nRUN b\n# about c\nRUN c \\\n  # inner\n  d\nCOPY --chown=1:1 x /y\nBOGUS e\nRUN <<EOF\nbody\nEOF\nONBUILD RUN f\n";
    const previous = parse(text);
    for (const edited of [text.replace("RUN b", "RUN bb\nRUN b2"), text.replace("RUN b", "RUN")]) {
      const result = reparse(edited, { text, parsed: previous });
      expect(newTables(result, previous)).toBe(2);
      expect(observed(result)).toBe(observed(parse(edited)));
      // The moved nodes' tokens and ranges are read from the new text.
      expect(result.ast.instructions.at(-1)?.tokens.map((token) => token.text).join("")).toBe("ONBUILD RUN f\n");
      expect(result.diagnostics.map((diagnostic) => diagnostic.range.start.line)).toEqual(parse(edited).diagnostics.map((diagnostic) => diagnostic.range.start.line));
    }
    // A line end escaped, a heredoc opened: what follows reads differently; nodes are moved only
    // from where the reading is back in step (the COPY after the joined lines), or not at all
    // (the heredoc takes every line to the end).
    const cases: [string, number][] = [
      [text.replace("RUN b", "RUN b \\"), 2],
      [text.replace("COPY --chown=1:1 x", "COPY <<X"), 1],
      [text.replace("ONBUILD RUN f", "ONBUILD RUN g"), 1],
    ];
    for (const [edited, tables] of cases) {
      const result = reparse(edited, { text, parsed: previous });
      expect(newTables(result, previous)).toBe(tables);
      expect(observed(result)).toBe(observed(parse(edited)));
    }
  });

  test("keeps the instructions before the edit and builds the rest", () => {
    const text = "FROM a\n# about b\nRUN b\nRUN c\n";
    const previous = parse(text);
    const edited = text.replace("RUN c", "RUN cc");
    const result = reparse(edited, { text, parsed: previous });
    expect(result.ast.instructions[0]).toBe(previous.ast.instructions[0]);
    expect(result.ast.instructions[1]).toBe(previous.ast.instructions[1]);
    expect(result.ast.instructions[2]).not.toBe(previous.ast.instructions[2]);
    expect(result.ast.instructions[2]?.range.start).toEqual({ offset: 23, line: 4, column: 1 });
    expect(observed(result)).toBe(observed(parse(edited)));
  });

  test("an edit on an instruction's line, in its heredoc or in the comments above it rebuilds that instruction", () => {
    const text = "FROM a\n# about b\nRUN <<EOF\nbody\nEOF\nRUN c\n";
    const previous = parse(text);
    for (const edited of [text.replace("# about b", "# about bb"), text.replace("body", "bod"), text.replace("EOF\nRUN", "EO\nRUN"), `${text}RUN d\n`]) {
      const result = reparse(edited, { text, parsed: previous });
      expect(observed(result)).toBe(observed(parse(edited)));
    }
    expect(reparse(text.replace("body", "bod"), { text, parsed: previous }).ast.instructions[0]).toBe(previous.ast.instructions[0]);
    expect(reparse(text.replace("body", "bod"), { text, parsed: previous }).ast.instructions[1]).not.toBe(previous.ast.instructions[1]);
  });

  test("text appended after a last instruction continued to the end of the file joins it", () => {
    for (const text of ["FROM a\nRUN b \\\n", "FROM a\nRUN <<EOF\nx\n", "FROM a\nRUN b\r", "FROM a\nRUN <<EOF\nEOF"]) {
      const edited = `${text}\nc\nRUN d\n`;
      expect(observed(reparse(edited, { text, parsed: parse(text) }))).toBe(observed(parse(edited)));
    }
  });

  test("a line over BuildKit's 65,535 bytes is reported once, before or after the edit", () => {
    const long = `RUN echo ${"x".repeat(65_536)}\n`;
    for (const text of [`FROM a\n${long}RUN b\nRUN c\n`, `FROM a\nRUN b\nRUN c\n${long}`]) {
      const edited = text.replace("RUN c", "RUN cc");
      const result = reparse(edited, { text, parsed: parse(text) });
      expect(result.diagnostics.filter((diagnostic) => diagnostic.code === "line-too-long")).toHaveLength(1);
      expect(observed(result)).toBe(observed(parse(edited)));
    }
  });

  test("a tree that would draw on more than 8 versions' token tables is parsed afresh", () => {
    let text = "FROM a\nRUN 0\n";
    let previous: PreviousParse = { text, parsed: parse(text) };
    const reused: boolean[] = [];
    for (let version = 1; version <= 12; version++) {
      text = `${text}RUN ${String(version)}\n`;
      const parsed = reparse(text, previous);
      expect(observed(parsed)).toBe(observed(parse(text)));
      reused.push(parsed.ast.instructions[0] === previous.parsed.ast.instructions[0]);
      previous = { text, parsed };
    }
    // Each version adds the table of its last instructions; the ninth would keep nodes of nine.
    expect(reused).toEqual([true, true, true, true, true, true, true, true, false, true, true, true]);
  });

  test("an escape directive changed at the top parses the whole file again", () => {
    const text = "# escape=`\nFROM a\nRUN b `\n  c\nRUN d \\\n";
    const edited = text.replace("# escape=`", "# escape=\\");
    const result = reparse(edited, { text, parsed: parse(text) });
    expect(result.ast.escape).toBe("\\");
    expect(observed(result)).toBe(observed(parse(edited)));
  });
});
