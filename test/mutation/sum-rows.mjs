#!/usr/bin/env node
/**
 * `node test/mutation/sum-rows.mjs PACKAGE [--exclude TEXT]…`: sums one package's module rows of
 * the README's mutation table into its package row, the score being Stryker's, (killed + timed
 * out) / (mutants − compile errors), as the builder's and linter's summary rows are written.
 *
 * Which rows count: every row of the package but its summary row (the bold one); of a file that
 * has a row for the whole file (`analyze.ts`'s "(the file)"), that row, not its span rows
 * (`analyze.ts:1-420`), which it already holds; of a file that has only span rows (`lexer.ts:1-330`
 * …), the spans. Two whole-file rows of one file (`engine.ts` and its re-run of lines 664–768,
 * which names no span) are an error: `--exclude TEXT` leaves out the rows whose module cell
 * contains TEXT. Prints the rows it summed, the total and a README row to paste.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { argv, exit, stderr, stdout } from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";

const HEADER = "| package | module | date | mutants | killed | timed out | survived | no coverage | compile errors | score |";
const COUNTS = ["mutants", "killed", "timedOut", "survived", "noCoverage", "compileErrors"];

/** A cell's leading number: `1,490` is 1490, `12 (since: 4 killed…)` is 12. */
function count(cell) {
  const match = /^[\d,]+/.exec(cell);
  if (match === null) throw new Error(`not a count: ${JSON.stringify(cell)}`);
  return Number(match[0].replaceAll(",", ""));
}

/** The table's rows as cells (`\|` inside a cell is not a separator), read as the README writes them. */
export function mutationRows(readme) {
  const lines = readme.split("\n");
  const start = lines.indexOf(HEADER);
  if (start < 0) throw new Error(`no mutation table (a line ${HEADER})`);
  const rows = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    const cells = line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim());
    const [pkg = "", module = "", date = ""] = cells;
    const numbers = cells.slice(3, 9).map(count);
    const file = /`([^`]+)`/.exec(module)?.[1] ?? "";
    const span = /^(.*):(\d+-\d+)$/.exec(file);
    rows.push({
      package: pkg.replaceAll("*", ""),
      summary: pkg.startsWith("**"),
      module,
      file: span ? span[1] : file,
      span: span ? span[2] : null,
      date,
      ...Object.fromEntries(COUNTS.map((key, i) => [key, numbers[i]])),
    });
  }
  return rows;
}

/**
 * The rows that make up the package's sum (see the header), and their total. Throws when a file
 * has two whole-file rows that `exclude` does not tell apart.
 */
export function sumPackage(readme, name, exclude = []) {
  const rows = mutationRows(readme).filter((row) => row.package === name && !row.summary && !exclude.some((text) => row.module.includes(text)));
  if (rows.length === 0) throw new Error(`no module rows for package ${JSON.stringify(name)}`);
  const byFile = new Map();
  for (const row of rows) byFile.set(row.file, [...(byFile.get(row.file) ?? []), row]);
  const used = [];
  const left = [];
  for (const [file, fileRows] of byFile) {
    const whole = fileRows.filter((row) => row.span === null);
    if (whole.length > 1) {
      throw new Error(`${file} has ${whole.length} rows that name no span (${whole.map((row) => row.module).join("; ")}): leave all but one out with --exclude TEXT`);
    }
    used.push(...(whole.length === 1 ? whole : fileRows));
    left.push(...(whole.length === 1 ? fileRows.filter((row) => row.span !== null) : []));
  }
  const total = Object.fromEntries(COUNTS.map((key) => [key, used.reduce((sum, row) => sum + row[key], 0)]));
  const detected = total.killed + total.timedOut;
  const valid = total.mutants - total.compileErrors;
  return { used, left, files: byFile.size, total, detected, valid, score: valid === 0 ? null : (100 * detected) / valid };
}

const DAY = /^(\d+) (\w+) (\d+)$/;

/** The latest of the rows' dates (`6 Dec 2026`). */
function latest(dates) {
  return dates.reduce((best, date) => (Date.parse(date.replace(DAY, "$2 $1, $3")) > Date.parse(best.replace(DAY, "$2 $1, $3")) ? date : best));
}

/** The package row to paste into the table (the footnote mark is left to the writer). */
export function packageRow(name, sum) {
  const n = (value) => value.toLocaleString("en-US");
  const t = sum.total;
  const score = sum.score === null ? "n/a" : `${sum.score.toFixed(2)}%`;
  return `| **${name}** | **the ${sum.used.length} module rows above, summed** | ${latest(sum.used.map((row) => row.date))} | ${n(t.mutants)} | ${n(t.killed)} | ${n(t.timedOut)} | ${n(t.survived)} | ${n(t.noCoverage)} | ${n(t.compileErrors)} | **${score}** |`;
}

function main(args) {
  const exclude = [];
  let name;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--exclude" && args[i + 1] !== undefined) exclude.push(args[++i]);
    else if (name === undefined && !args[i].startsWith("--")) name = args[i];
    else {
      stderr.write(`sum-rows: unexpected ${JSON.stringify(args[i])}\nusage: node test/mutation/sum-rows.mjs PACKAGE [--exclude TEXT]…\n`);
      return 2;
    }
  }
  if (name === undefined) {
    stderr.write("usage: node test/mutation/sum-rows.mjs PACKAGE [--exclude TEXT]…\n");
    return 2;
  }
  const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "../../README.md"), "utf8");
  let sum;
  try {
    sum = sumPackage(readme, name, exclude);
  } catch (error) {
    stderr.write(`sum-rows: ${error.message}\n`);
    return 2;
  }
  const columns = (row) => COUNTS.map((key) => String(row[key]).padStart(8)).join("");
  stdout.write(`${"row".padEnd(60)}${["mutants", "killed", "timeout", "survived", "nocov", "errors"].map((h) => h.padStart(8)).join("")}\n`);
  for (const row of sum.used) stdout.write(`${row.module.slice(0, 59).padEnd(60)}${columns(row)}\n`);
  stdout.write(`${"total".padEnd(60)}${columns(sum.total)}\n\n`);
  stdout.write(`${sum.used.length} rows of ${sum.files} files; score (killed + timed out) / (mutants - compile errors) = ${sum.detected} / ${sum.valid}`);
  stdout.write(sum.score === null ? "\n" : ` = ${sum.score.toFixed(2)}%\n`);
  if (sum.left.length > 0) stdout.write(`left out (their file has a whole-file row): ${sum.left.map((row) => row.module).join("; ")}\n`);
  if (exclude.length > 0) stdout.write(`excluded: rows containing ${exclude.map((text) => JSON.stringify(text)).join(", ")}\n`);
  stdout.write(`\n${packageRow(name, sum)}\n`);
  return 0;
}

if (argv[1] !== undefined && import.meta.url === pathToFileURL(argv[1]).href) exit(main(argv.slice(2)));
