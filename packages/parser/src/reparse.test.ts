/**
 * `reparse` gives exactly `parse`'s result — tree, tokens, positions and diagnostics, in order —
 * on seeded random edits, each version re-parsed from the one before (so reused nodes are reused
 * again, over many versions), and reuses the nodes before an edit. reparse-edits.test.ts has
 * chosen edits, one behaviour each.
 */
import { describe, expect, test } from "vitest";
import { type PreviousParse, parse, reparse } from "./parse.js";
import { newTables, observed } from "./reparse.test-helper.js";
import { seededRandom } from "./seeded-random.test-helper.js";

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
});
