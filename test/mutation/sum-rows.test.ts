import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { mutationRows, packageRow, sumPackage } from "./sum-rows.mjs";

const HEADER = [
  "| package | module | date | mutants | killed | timed out | survived | no coverage | compile errors | score |",
  "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
];

const table = (...rows: string[]): string => ["intro", "", ...HEADER, ...rows, "", "¹ a footnote | with a bar"].join("\n");

const sample = table(
  "| pkg | `a.ts` | 5 Dec 2026 | 10 | 5 | 1 | 2 (since: 1 killed; 1 equivalent) | 0 | 2 | 75.00% |",
  "| pkg | `b.ts:1-20` (re-run) ⁶ | 5 Dec 2026 | 1,200 | 700 | 0 | 100 | 0 | 400 | 87.50% |",
  "| pkg | `b.ts:21-40` ⁶ | 6 Dec 2026 | 100 | 40 | 0 | 10 | 10 | 40 | 66.67% |",
  "| pkg | `b.ts` (the file) ⁶ | 5 Dec 2026 | 1,300 | 740 | 0 | 110 | 10 | 440 | 86.05% |",
  "| pkg | `c.ts:1-9` | 6 Dec 2026 | 20 | 8 | 2 | 0 | 0 | 10 | 100.00% |",
  "| pkg | `c.ts:10-30` | 5 Dec 2026 | 30 | 9 | 0 | 1 | 0 | 20 | 90.00% |",
  "| **pkg** | **package** ² | 5 Dec 2026 | 99 | 99 | 0 | 0 | 0 | 0 | **100.00%** |",
  "| other | `a.ts` | 4 Dec 2026 | 7 | 7 | 0 | 0 | 0 | 0 | 100.00% |",
);

describe("sum-rows", () => {
  test("sums a file's whole-file row, or its span rows when it has none, and not the summary row nor other packages'", () => {
    const sum = sumPackage(sample, "pkg");
    expect(sum.used.map((row) => row.module)).toEqual(["`a.ts`", "`b.ts` (the file) ⁶", "`c.ts:1-9`", "`c.ts:10-30`"]);
    expect(sum.left.map((row) => row.span)).toEqual(["1-20", "21-40"]);
    expect(sum.files).toBe(3);
    expect(sum.total).toEqual({ mutants: 1360, killed: 762, timedOut: 3, survived: 113, noCoverage: 10, compileErrors: 472 });
    expect([sum.detected, sum.valid]).toEqual([765, 888]);
    expect(sum.score?.toFixed(2)).toBe("86.15");
  });

  test("the package row: counts with thousands separators, the latest date, Stryker's score", () => {
    expect(packageRow("pkg", sumPackage(sample, "pkg"))).toBe(
      "| **pkg** | **the 4 module rows above, summed** | 6 Dec 2026 | 1,360 | 762 | 3 | 113 | 10 | 472 | **86.15%** |",
    );
  });

  test("two whole-file rows of one file are an error until one is excluded", () => {
    const twice = table(
      "| pkg | `e.ts` ³ | 5 Dec 2026 | 10 | 4 | 0 | 1 | 0 | 5 | 80.00% |",
      "| pkg | `e.ts` (re-run of lines 3–9) | 6 Dec 2026 | 6 | 1 | 0 | 1 | 0 | 4 | 50.00% |",
    );
    expect(() => sumPackage(twice, "pkg")).toThrow(/e\.ts has 2 rows that name no span/);
    expect(sumPackage(twice, "pkg", ["re-run of lines 3"]).total.mutants).toBe(10);
  });

  test("a package without rows, and a README without the table, are errors", () => {
    expect(() => sumPackage(sample, "nothing")).toThrow(/no module rows for package "nothing"/);
    expect(() => sumPackage("no table here", "pkg")).toThrow(/no mutation table/);
  });

  test("the README's builder row is the sum of the builder's module rows", () => {
    const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "../../README.md"), "utf8");
    const summary = mutationRows(readme).find((row) => row.package === "builder" && row.summary);
    const { total } = sumPackage(readme, "builder");
    expect(summary && { mutants: summary.mutants, killed: summary.killed, timedOut: summary.timedOut, survived: summary.survived, noCoverage: summary.noCoverage, compileErrors: summary.compileErrors }).toEqual(total);
  });
});
