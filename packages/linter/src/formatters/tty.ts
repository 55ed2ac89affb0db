import type { Finding, LintResult, Severity } from "../types.js";
import type { FormatContext, Formatter } from "./types.js";
import { ChunkBuffer } from "./chunks.js";
import { reportPath } from "./paths.js";
import { visible } from "./visible.js";

type Paint = (text: string) => string;

function palette(color: boolean): Record<"red" | "yellow" | "cyan" | "gray" | "bold" | "underline" | "green", Paint> {
  const wrap = (open: number, close: number): Paint => (color ? (text) => `\u001b[${open}m${text}\u001b[${close}m` : (text) => text);
  return { red: wrap(31, 39), yellow: wrap(33, 39), cyan: wrap(36, 39), gray: wrap(90, 39), bold: wrap(1, 22), underline: wrap(4, 24), green: wrap(32, 39) };
}

const MAX_FRAME_LINES = 3;

/** The last source split into lines: findings come grouped by file, so each file is split once, not once per finding. */
let split: { source: string; lines: string[] } | null = null;

function linesOf(source: string): string[] {
  if (split?.source !== source) split = { source, lines: source.split("\n") };
  return split.lines;
}

/** The lines of a finding with its exact range underlined: `  3 | RUN apt-get install` / `    |     ^^^^^^^`. */
export function codeFrame(source: string, finding: Finding, paint: Paint): string {
  const lines = linesOf(source);
  const { start, end } = finding.range;
  const last = Math.min(end.line, start.line + MAX_FRAME_LINES - 1, lines.length);
  const width = String(last).length;
  let out = "";
  for (let line = start.line; line <= last; line++) {
    const text = (lines[line - 1] ?? "").replace(/\r$/, "");
    const from = line === start.line ? start.column - 1 : 0;
    let to = line === end.line ? end.column - 1 : text.length;
    if (to <= from) to = from + 1;
    const gutter = `${String(line).padStart(width)} | `;
    out += `    ${gutter}${visible(text)}\n`;
    // Keep tabs so the carets line up under tab-indented text.
    const indent = text.slice(0, from).replace(/[^\t]/g, " ");
    out += `    ${" ".repeat(width)} | ${indent}${paint("^".repeat(to - from))}\n`;
  }
  if (end.line > last) out += `    ${" ".repeat(width)} | …\n`;
  return out;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * For people at a terminal: findings grouped by file, each with a code frame, then a summary line;
 * yielded in chunks (see `ChunkBuffer`) as it is made (`tty` joins them).
 */
export function* ttyChunks(results: readonly LintResult[], context: FormatContext): Generator<string, void, undefined> {
  const c = palette(context.color);
  // On a colour terminal the rule id links to its documentation (OSC 8 hyperlinks, which
  // terminals without support show as the plain id).
  const link = (text: string, url: string | undefined) => (context.color && url ? `\u001b]8;;${url}\u001b\\${text}\u001b]8;;\u001b\\` : text);
  const severityPaint: Record<Severity, Paint> = { error: c.red, warning: c.yellow, info: c.cyan, style: c.gray };
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, style: 0 };
  let fixable = 0;
  const out = new ChunkBuffer();
  let chunk: string | null;
  const withFindings = results.filter((result: LintResult) => result.findings.length > 0);
  for (const result of withFindings) {
    if ((chunk = out.add(`${c.underline(visible(reportPath(result.filePath, context.cwd)))}\n`)) !== null) yield chunk;
    for (const finding of result.findings) {
      counts[finding.severity]++;
      if (finding.fix) fixable++;
      const paint = severityPaint[finding.severity];
      const aliases = finding.aliases.length > 0 ? c.gray(` (${finding.aliases.join(", ")})`) : "";
      const url = context.registry.get(finding.ruleId)?.meta.docs.url;
      const { start } = finding.range;
      const heading = `  ${c.gray(`${start.line}:${start.column}`)}  ${paint(finding.severity)}  ${visible(finding.message)}  ${c.gray(link(finding.ruleId, url))}${aliases}\n`;
      if ((chunk = out.add(heading + codeFrame(result.source, finding, paint))) !== null) yield chunk;
    }
    if ((chunk = out.add("\n")) !== null) yield chunk;
  }
  const total = counts.error + counts.warning + counts.info + counts.style;
  if (total === 0) {
    yield context.color ? `${c.green("✔")} ${plural(results.length, "file")} checked, no problems\n` : `${plural(results.length, "file")} checked, no problems\n`;
    return;
  }
  const parts = (["error", "warning", "info", "style"] as const).filter((s) => counts[s] > 0).map((s) => (s === "error" || s === "warning" ? plural(counts[s], s) : `${counts[s]} ${s}`));
  const mark = counts.error > 0 ? c.red("✖") : c.yellow("⚠");
  const fixHint = fixable > 0 ? `; ${fixable} fixable with --fix` : "";
  yield out.flush() + `${c.bold(`${mark} ${plural(total, "problem")} (${parts.join(", ")}) in ${plural(withFindings.length, "file")}${fixHint}`)}\n`;
}

/** The terminal report as one string. */
export const tty: Formatter = (results, context) => Array.from(ttyChunks(results, context)).join("");
