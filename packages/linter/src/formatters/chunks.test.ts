/**
 * The CLI writes the line-per-finding reports (tty, compact) chunk by chunk as they are made:
 * joined, the chunks must be exactly the formatter's report, and no chunk may grow with the
 * number of findings.
 */
import { describe, expect, test } from "vitest";
import { lintText } from "../engine.js";
import { RuleRegistry } from "../registry.js";
import { defineRule } from "../rule.js";
import { ChunkBuffer, REPORT_CHUNK } from "./chunks.js";
import { type FormatName, formatNames, formatters, reportChunks } from "./index.js";

const everyRun = defineRule({
  meta: { id: "test-every-run", aliases: ["TEST1"], severity: "warning", type: "problem", docs: { description: "test rule" }, messages: { run: "RUN number {{n}}" } },
  create: (context) => ({
    Run: (node) => {
      context.report({ node: node.keyword, messageId: "run", data: { n: node.range.start.line } });
    },
  }),
});
const registry = new RuleRegistry([everyRun]);
const context = { color: false, cwd: "/work", registry, version: "0.0.0" };

function results(runs: number, files = 2) {
  const text = `FROM alpine:3.20\n${Array.from({ length: runs }, (_, i) => `RUN echo ${i}\n`).join("")}`;
  return Array.from({ length: files }, (_, i) => lintText(text, { registry, filePath: `/work/dir${i}/Dockerfile` }));
}

describe("ChunkBuffer", () => {
  test("holds pieces until they reach a chunk's size, then hands them on and starts afresh; flush hands on the rest once", () => {
    const buffer = new ChunkBuffer();
    const half = "a".repeat(REPORT_CHUNK / 2);
    expect(buffer.add(half)).toBeNull();
    expect(buffer.add(half.slice(1))).toBeNull();
    expect(buffer.add("b")).toBe(`${half}${half.slice(1)}b`);
    expect(buffer.add("c")).toBeNull();
    expect(buffer.flush()).toBe("c");
    expect(buffer.flush()).toBe("");
    expect(buffer.add("d")).toBeNull();
    expect(buffer.flush()).toBe("d");
  });
});

describe("reportChunks", () => {
  test("every format: the chunks joined are the formatter's report, with and without findings", () => {
    const inputs = [results(0), results(3), results(300)];
    for (const name of formatNames) {
      for (const each of inputs) {
        expect([...reportChunks(name, each, context)].join(""), name).toBe(formatters[name](each, context));
      }
    }
  });

  test("tty, compact and json come in bounded chunks however many findings there are", () => {
    const many = results(2500);
    for (const name of ["tty", "compact", "json"] as FormatName[]) {
      const chunks = [...reportChunks(name, many, context)];
      const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
      expect(total, name).toBeGreaterThan(4 * REPORT_CHUNK);
      expect(chunks.length, name).toBeGreaterThanOrEqual(4);
      // A chunk passes the limit by at most one finding's lines.
      for (const chunk of chunks) expect(chunk.length, name).toBeLessThan(REPORT_CHUNK + 1024);
    }
  });

  test("colour codes survive the chunking", () => {
    const each = results(500, 1);
    const coloured = { ...context, color: true };
    expect([...reportChunks("tty", each, coloured)].join("")).toBe(formatters.tty(each, coloured));
    expect(formatters.tty(each, coloured)).toContain("\u001b[33mwarning\u001b[39m");
  });
});
