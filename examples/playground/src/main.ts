import { FmtError, formatDockerfile } from "@dfbuild/fmt";
import { type Finding, RuleRegistry, type Severity, fixText, lintText, severities } from "@dfbuild/linter";
import { rules } from "@dfbuild/rules";

/** Every rule `dfbuild lint` runs, in the recommended preset (the default configuration). */
const registry = new RuleRegistry(rules);

const SAMPLE = `FROM node:latest as Build
WORKDIR /app
COPY . .
RUN npm install
RUN npm run build
from nginx:1.27-alpine
COPY --from=build /app/dist /usr/share/nginx/html
EXPOSE 80
CMD nginx -g "daemon off;"
`;

function byId<T extends HTMLElement>(id: string, type: abstract new () => T): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`the page has no #${id} ${type.name}`);
  return node;
}

const source = byId("source", HTMLTextAreaElement);
const highlight = byId("highlight", HTMLPreElement);
const list = byId("findings", HTMLOListElement);
const status = byId("status", HTMLSpanElement);

/** The most serious of these severities (error first). */
function worst(found: readonly Severity[]): Severity {
  return severities.find((severity) => found.includes(severity)) ?? "style";
}

/**
 * The text as nodes, each stretch covered by findings wrapped in a <mark> of the most serious
 * one's severity. A finding of no width (an insertion point) underlines the character at it.
 */
function underlined(text: string, findings: readonly Finding[]): Node[] {
  const spans = findings.map((finding) => {
    const start = finding.range.start.offset;
    let end = finding.range.end.offset;
    if (end === start && start < text.length && text[start] !== "\n") end = start + 1;
    return { start, end, severity: finding.severity };
  });
  const cuts = [...new Set([0, text.length, ...spans.flatMap((span) => [span.start, span.end])])]
    .filter((offset) => offset >= 0 && offset <= text.length)
    .sort((a, b) => a - b);
  const nodes: Node[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i] ?? 0;
    const to = cuts[i + 1] ?? 0;
    const piece = text.slice(from, to);
    const covering = spans.filter((span) => span.start <= from && span.end >= to && span.end > span.start).map((span) => span.severity);
    if (covering.length === 0) {
      nodes.push(document.createTextNode(piece));
      continue;
    }
    const mark = document.createElement("mark");
    mark.className = worst(covering);
    mark.textContent = piece;
    nodes.push(mark);
  }
  // A final newline needs a line after it, or the two layers scroll apart.
  nodes.push(document.createTextNode("\n"));
  return nodes;
}

function where(finding: Finding): string {
  const { start, end } = finding.range;
  return `${String(start.line)}:${String(start.column)}-${String(end.line)}:${String(end.column)}`;
}

function listItem(finding: Finding): HTMLLIElement {
  const item = document.createElement("li");
  item.className = `finding ${finding.severity}`;
  item.dataset.rule = finding.ruleId;
  item.dataset.range = where(finding);
  item.dataset.severity = finding.severity;
  const position = document.createElement("span");
  position.className = "where";
  position.textContent = `${String(finding.range.start.line)}:${String(finding.range.start.column)}`;
  const rule = document.createElement("a");
  rule.className = "rule";
  rule.textContent = finding.ruleId;
  const url = registry.get(finding.ruleId)?.meta.docs.url;
  if (url !== undefined) {
    rule.href = url;
    rule.target = "_blank";
    rule.rel = "noopener";
  }
  const message = document.createElement("span");
  message.className = "message";
  message.textContent = finding.message;
  item.append(position, rule);
  if (finding.fix) {
    const fixable = document.createElement("span");
    fixable.className = "fixable";
    fixable.textContent = "fixable";
    item.append(fixable);
  }
  item.append(message);
  // Clicking a finding selects its range in the editor.
  item.addEventListener("click", (event) => {
    if (event.target instanceof HTMLAnchorElement) return;
    source.focus();
    source.setSelectionRange(finding.range.start.offset, finding.range.end.offset);
  });
  return item;
}

function say(text: string, failed = false): void {
  status.textContent = text;
  status.classList.toggle("failed", failed);
}

function render(): void {
  const text = source.value;
  const { findings } = lintText(text, { registry, filePath: "Dockerfile" });
  highlight.replaceChildren(...underlined(text, findings));
  list.replaceChildren(...findings.map(listItem));
  const counts = severities.map((severity) => [severity, findings.filter((finding) => finding.severity === severity).length] as const).filter(([, count]) => count > 0);
  say(findings.length === 0 ? "No findings" : counts.map(([severity, count]) => `${String(count)} ${severity}${count > 1 && severity !== "info" ? "s" : ""}`).join(", "));
  document.body.dataset.linted = String(findings.length);
  syncScroll();
}

function syncScroll(): void {
  highlight.scrollTop = source.scrollTop;
  highlight.scrollLeft = source.scrollLeft;
}

/** Replaces the whole text, the caret kept on its line where it can be. */
function replaceText(text: string): void {
  const line = source.value.slice(0, source.selectionStart).split("\n").length;
  source.value = text;
  const lines = text.split("\n");
  const caret = lines.slice(0, Math.min(line, lines.length) - 1).reduce((offset, each) => offset + each.length + 1, 0);
  source.setSelectionRange(caret, caret);
  render();
}

byId("format", HTMLButtonElement).addEventListener("click", () => {
  try {
    const { text, changed } = formatDockerfile(source.value);
    if (changed) replaceText(text);
    say(changed ? "Formatted" : "Already formatted");
  } catch (error) {
    // FmtError: the parser cannot read the file (or formatting would change its meaning).
    if (!(error instanceof FmtError)) throw error;
    say(`Cannot format: line ${error.message}`, true);
  }
});

byId("fix", HTMLButtonElement).addEventListener("click", () => {
  const result = fixText(source.value, { registry, filePath: "Dockerfile" });
  if (result.fixed) replaceText(result.output);
  say(result.fixed ? `Fixed; ${String(result.findings.length)} findings left` : "Nothing to fix");
});

source.addEventListener("input", render);
source.addEventListener("scroll", syncScroll);
source.value = SAMPLE;
render();
