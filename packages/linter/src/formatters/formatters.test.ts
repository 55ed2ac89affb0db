/**
 * Every report format, exactly, on findings built by hand: each severity, a finding with its own
 * code (ShellCheck's), one with a fix and a suggestion, one over several lines, messages with the
 * characters each format must escape, and paths inside, outside and without the working directory.
 */
import { describe, expect, test } from "vitest";
import { LineIndex } from "../positions.js";
import { RuleRegistry } from "../registry.js";
import { defineRule } from "../rule.js";
import type { Finding, LintResult, Severity } from "../types.js";
import { type FormatContext, formatters, isFormatName } from "./index.js";
import { reportPath } from "./paths.js";
import { visible } from "./visible.js";

const first = defineRule({
  meta: { id: "test-first", aliases: ["TST1", "TestFirst"], severity: "warning", type: "problem", fixable: true, docs: { description: "first test rule", url: "https://example.com/first" }, messages: { m: "m" } },
  create: () => ({}),
});
const second = defineRule({
  meta: { id: "test-second", severity: "info", type: "suggestion", docs: { description: "second test rule" }, messages: { m: "m" } },
  create: () => ({}),
});

/** The item at `index`, which the test knows is there. */
function nth<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`no item ${String(index)}`);
  return item;
}

const source = "FROM a\nRUN x\tb\n  && c\nRUN d\n";

/** Built per test (a mutant Stryker activates for one test must see fresh objects). */
function fixtures(): { context: FormatContext; results: LintResult[] } {
  const registry = new RuleRegistry([first, second]);
  // defineRule fills docs.url from the id where a rule gives none: the SARIF rule list shows it.
  const lines = new LineIndex(source);
  const finding = (severity: Severity, start: number, end: number, extra: Partial<Finding> = {}): Finding => ({
    ruleId: "test-first",
    aliases: ["TST1", "TestFirst"],
    severity,
    message: "plain",
    range: lines.range(start, end),
    ...extra,
  });
  const inside: LintResult = {
    filePath: "/work/app/Dockerfile",
    source,
    parseFailed: false,
    findings: [
      finding("error", 0, 6, { message: `a <b> & "c" 'd'\te%f:g,h\r\ni\u0007`, fix: [{ range: [2, 4], text: "om" }] }),
      // "RUN x\tb" from `x` (line 2, column 5) to line 3's end.
      finding("warning", 11, 21, { ruleId: "test-second", aliases: [], code: "SC2086", suggestions: [{ message: "quote it", fix: [{ range: [11, 12], text: '"x"' }] }] }),
      finding("info", 21, 21),
      finding("style", 26, 27),
    ],
  };
  const outside: LintResult = { filePath: "/elsewhere/Dockerfile", source: "FROM b\n", parseFailed: false, findings: [finding("warning", 0, 4)] };
  const clean: LintResult = { filePath: "relative/Dockerfile", source: "FROM c\n", parseFailed: false, findings: [] };
  return { context: { color: false, cwd: "/work", registry, version: "1.2.3" }, results: [inside, outside, clean] };
}

describe("formats", () => {
  test("compact: file:line:col: severity: message [rule/code], control characters shown as pictures", () => {
    const { context, results } = fixtures();
    expect(formatters.compact(results, context)).toBe(
      [
        `app/Dockerfile:1:1: error: a <b> & "c" 'd'\te%f:g,h\u240d\ni\u2407 [test-first]`,
        "app/Dockerfile:2:5: warning: plain [test-second/SC2086]",
        "app/Dockerfile:3:7: info: plain [test-first]",
        "app/Dockerfile:4:5: style: plain [test-first]",
        "/elsewhere/Dockerfile:1:1: warning: plain [test-first]",
        "",
      ].join("\n"),
    );
    expect(formatters.compact([], context)).toBe("");
    // Past one chunk (64 KB): the chunks are joined as they are.
    const [inside] = results;
    if (!inside) throw new Error("no result");
    const many = { ...inside, findings: Array.from({ length: 3000 }, () => nth(inside.findings, 3)) };
    expect(formatters.compact([many], context)).toBe("app/Dockerfile:4:5: style: plain [test-first]\n".repeat(3000));
  });

  test("json: one row per finding, 1-based positions, code, fix and suggestions only when present", () => {
    const { context, results } = fixtures();
    const rows = JSON.parse(formatters.json(results, context)) as Record<string, unknown>[];
    expect(rows).toEqual([
      { file: "app/Dockerfile", rule: "test-first", aliases: ["TST1", "TestFirst"], severity: "error", message: `a <b> & "c" 'd'\te%f:g,h\r\ni\u0007`, line: 1, column: 1, endLine: 1, endColumn: 7, fix: [{ range: [2, 4], text: "om" }] },
      {
        file: "app/Dockerfile",
        rule: "test-second",
        aliases: [],
        code: "SC2086",
        severity: "warning",
        message: "plain",
        line: 2,
        column: 5,
        endLine: 3,
        endColumn: 7,
        suggestions: [{ message: "quote it", fix: [{ range: [11, 12], text: '"x"' }] }],
      },
      { file: "app/Dockerfile", rule: "test-first", aliases: ["TST1", "TestFirst"], severity: "info", message: "plain", line: 3, column: 7, endLine: 3, endColumn: 7 },
      { file: "app/Dockerfile", rule: "test-first", aliases: ["TST1", "TestFirst"], severity: "style", message: "plain", line: 4, column: 5, endLine: 4, endColumn: 6 },
      { file: "/elsewhere/Dockerfile", rule: "test-first", aliases: ["TST1", "TestFirst"], severity: "warning", message: "plain", line: 1, column: 1, endLine: 1, endColumn: 5 },
    ]);
    expect(formatters.json([], context)).toBe("[]\n");
  });

  test("json: written row by row, the report is byte for byte JSON.stringify of its rows with two-space indents", () => {
    const { context, results } = fixtures();
    const report = formatters.json(results, context);
    expect(report).toBe(`${JSON.stringify(JSON.parse(report), null, 2)}\n`);
    const one = { ...results[0], findings: results[0]?.findings.slice(0, 1) ?? [] } as (typeof results)[number];
    const single = formatters.json([one], context);
    expect(single).toBe(`${JSON.stringify(JSON.parse(single), null, 2)}\n`);
    // Past one chunk (64 KB): the chunks are joined as they are.
    const many = { ...one, findings: Array.from({ length: 1000 }, () => nth(one.findings, 0)) };
    const long = formatters.json([many], context);
    expect(long.length).toBeGreaterThan(65_536);
    expect(long).toBe(`${JSON.stringify(Array.from({ length: 1000 }, () => nth(JSON.parse(single) as unknown[], 0)), null, 2)}\n`);
  });

  test("checkstyle: XML-escaped attributes, style as info, forbidden characters as U+FFFD, every file listed", () => {
    const { context, results } = fixtures();
    expect(formatters.checkstyle(results, context)).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<checkstyle version="4.3">',
        '  <file name="app/Dockerfile">',
        '    <error line="1" column="1" severity="error" message="a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;&#9;e%f:g,h&#13;&#10;i\ufffd" source="dfbuild.test-first"/>',
        '    <error line="2" column="5" severity="warning" message="plain" source="dfbuild.test-second/SC2086"/>',
        '    <error line="3" column="7" severity="info" message="plain" source="dfbuild.test-first"/>',
        '    <error line="4" column="5" severity="info" message="plain" source="dfbuild.test-first"/>',
        "  </file>",
        '  <file name="/elsewhere/Dockerfile">',
        '    <error line="1" column="1" severity="warning" message="plain" source="dfbuild.test-first"/>',
        "  </file>",
        '  <file name="relative/Dockerfile">',
        "  </file>",
        "</checkstyle>",
        "",
      ].join("\n"),
    );
  });

  test("github: workflow commands with escaped data and properties, an inclusive end column on one line only", () => {
    const { context, results } = fixtures();
    expect(formatters.github(results, context)).toBe(
      [
        `::error file=app/Dockerfile,line=1,col=1,endLine=1,endColumn=6,title=test-first::a <b> & "c" 'd'\te%25f:g,h\u240d%0Ai\u2407`,
        "::warning file=app/Dockerfile,line=2,col=5,endLine=3,title=test-second/SC2086::plain",
        // An empty range: the end column is the start column.
        "::notice file=app/Dockerfile,line=3,col=7,endLine=3,endColumn=7,title=test-first::plain",
        "::notice file=app/Dockerfile,line=4,col=5,endLine=4,endColumn=5,title=test-first::plain",
        "::warning file=/elsewhere/Dockerfile,line=1,col=1,endLine=1,endColumn=4,title=test-first::plain",
        "",
      ].join("\n"),
    );
    const { context: plain } = fixtures();
    const odd: LintResult = { filePath: "/work/a:b,c%d/Dockerfile", source: "FROM a\n", parseFailed: false, findings: [] };
    const [base] = fixtures().results;
    const one = base?.findings[3];
    if (!one) throw new Error("no finding");
    expect(formatters.github([{ ...odd, findings: [{ ...one, code: "X:1,2" }] }], plain)).toBe(
      "::notice file=a%3Ab%2Cc%25d/Dockerfile,line=4,col=5,endLine=4,endColumn=5,title=test-first/X%3A1%2C2::plain\n",
    );
  });

  test("gitlab: Code Quality issues with severities, lines and a fingerprint of path, rule, message and source text (not the line)", () => {
    const { context, results } = fixtures();
    const issues = JSON.parse(formatters.gitlab(results, context)) as { description: string; check_name: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number; end: number } } }[];
    expect(issues.map(({ fingerprint: _, ...rest }) => rest)).toEqual([
      { description: `a <b> & "c" 'd'\te%f:g,h\r\ni\u0007`, check_name: "test-first", severity: "major", location: { path: "app/Dockerfile", lines: { begin: 1, end: 1 } } },
      { description: "plain", check_name: "test-second/SC2086", severity: "minor", location: { path: "app/Dockerfile", lines: { begin: 2, end: 3 } } },
      { description: "plain", check_name: "test-first", severity: "info", location: { path: "app/Dockerfile", lines: { begin: 3, end: 3 } } },
      { description: "plain", check_name: "test-first", severity: "info", location: { path: "app/Dockerfile", lines: { begin: 4, end: 4 } } },
      { description: "plain", check_name: "test-first", severity: "minor", location: { path: "/elsewhere/Dockerfile", lines: { begin: 1, end: 1 } } },
    ]);
    const { createHash } = process.getBuiltinModule("node:crypto");
    const sha = (text: string) => createHash("sha256").update(text).digest("hex");
    expect(issues.map((issue) => issue.fingerprint)).toEqual([
      sha(`app/Dockerfile\0test-first\0a <b> & "c" 'd'\te%f:g,h\r\ni\u0007\0FROM a`),
      sha("app/Dockerfile\0test-second\0plain\0x\tb\n  && c"),
      sha("app/Dockerfile\0test-first\0plain\0"),
      sha("app/Dockerfile\0test-first\0plain\0d"),
      sha("/elsewhere/Dockerfile\0test-first\0plain\0FROM"),
    ]);
  });

  test("sarif: rules with their index, levels, exact regions, code as a property, fixes as replacements, artifacts once each", () => {
    const { context, results } = fixtures();
    const log = JSON.parse(formatters.sarif([...results, nth(results, 0)], context)) as {
      $schema: string;
      version: string;
      runs: { tool: { driver: Record<string, unknown> }; artifacts: unknown[]; columnKind: string; results: Record<string, unknown>[] }[];
    };
    expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(log.version).toBe("2.1.0");
    const [run] = log.runs;
    // Every rule of the registry (the core rules first), each result pointing at its rule's index.
    const ids = context.registry.rules.map((rule) => rule.meta.id);
    expect(ids.slice(-2)).toEqual(["test-first", "test-second"]);
    expect((run?.tool.driver.rules as { id: string }[]).map((rule) => rule.id)).toEqual(ids);
    expect({ ...run?.tool.driver, rules: (run?.tool.driver.rules as unknown[]).slice(-2) }).toEqual({
      name: "dfbuild",
      version: "1.2.3",
      informationUri: "https://github.com/dfbuild/dfbuild",
      rules: [
        { id: "test-first", shortDescription: { text: "first test rule" }, helpUri: "https://example.com/first", defaultConfiguration: { level: "warning" }, properties: { aliases: ["TST1", "TestFirst"], fixable: true } },
        { id: "test-second", shortDescription: { text: "second test rule" }, helpUri: second.meta.docs.url, defaultConfiguration: { level: "note" }, properties: { aliases: [], fixable: false } },
      ],
    });
    expect(run?.artifacts).toEqual([{ location: { uri: "app/Dockerfile" } }, { location: { uri: "/elsewhere/Dockerfile" } }, { location: { uri: "relative/Dockerfile" } }]);
    expect(run?.columnKind).toBe("utf16CodeUnits");
    const location = (uri: string, index: number, startLine: number, startColumn: number, endLine: number, endColumn: number, charOffset: number, charLength: number) => [
      { physicalLocation: { artifactLocation: { uri, index }, region: { startLine, startColumn, endLine, endColumn, charOffset, charLength } } },
    ];
    const app = { uri: "app/Dockerfile", index: 0 };
    const [error, warning, info, style, elsewhere, again] = run?.results ?? [];
    expect(error).toEqual({
      ruleId: "test-first",
      ruleIndex: ids.indexOf("test-first"),
      level: "error",
      message: { text: `a <b> & "c" 'd'\te%f:g,h\r\ni\u0007` },
      locations: location("app/Dockerfile", 0, 1, 1, 1, 7, 0, 6),
      fixes: [{ description: { text: "Fix test-first" }, artifactChanges: [{ artifactLocation: app, replacements: [{ deletedRegion: { charOffset: 2, charLength: 2 }, insertedContent: { text: "om" } }] }] }],
    });
    expect(warning).toEqual({ ruleId: "test-second", ruleIndex: ids.indexOf("test-second"), level: "warning", message: { text: "plain" }, properties: { code: "SC2086" }, locations: location("app/Dockerfile", 0, 2, 5, 3, 7, 11, 10) });
    expect(info).toMatchObject({ level: "note", locations: location("app/Dockerfile", 0, 3, 7, 3, 7, 21, 0) });
    expect(style).toMatchObject({ level: "note" });
    expect(elsewhere).toMatchObject({ level: "warning", locations: location("/elsewhere/Dockerfile", 1, 1, 1, 1, 5, 0, 4) });
    // The same file reported twice is one artifact.
    expect(again).toMatchObject({ locations: location("app/Dockerfile", 0, 1, 1, 1, 7, 0, 6) });
    // A finding of a rule the registry does not list has no index.
    const unlisted = formatters.sarif([{ ...nth(results, 1), findings: [{ ...nth(nth(results, 1).findings, 0), ruleId: "elsewhere" }] }], context);
    expect((JSON.parse(unlisted) as typeof log).runs[0]?.results[0]).not.toHaveProperty("ruleIndex");
  });

  test("tty: findings grouped by file with code frames, then a summary", () => {
    const { context, results } = fixtures();
    expect(formatters.tty(results, context)).toBe(
      [
        "app/Dockerfile",
        `  1:1  error  a <b> & "c" 'd'\te%f:g,h\u240d`,
        "i\u2407  test-first (TST1, TestFirst)",
        "    1 | FROM a",
        "      | ^^^^^^",
        "  2:5  warning  plain  test-second",
        "    2 | RUN x\tb",
        "      |     ^^^",
        "    3 |   && c",
        "      | ^^^^^^",
        "  3:7  info  plain  test-first (TST1, TestFirst)",
        "    3 |   && c",
        "      |       ^",
        "  4:5  style  plain  test-first (TST1, TestFirst)",
        "    4 | RUN d",
        "      |     ^",
        "",
        "/elsewhere/Dockerfile",
        "  1:1  warning  plain  test-first (TST1, TestFirst)",
        "    1 | FROM b",
        "      | ^^^^",
        "",
        "✖ 5 problems (1 error, 2 warnings, 1 info, 1 style) in 2 files; 1 fixable with --fix",
        "",
      ].join("\n"),
    );
  });

  test("tty: colours, links to the rule's page, the summary's words and marks", () => {
    const { context, results } = fixtures();
    const coloured = { ...context, color: true };
    const [inside] = results;
    if (!inside) throw new Error("no result");
    const only = (severity: Severity, count = 1) => [{ ...inside, findings: Array.from({ length: count }, () => ({ ...nth(inside.findings, 3), severity })) }];
    const warnings = formatters.tty(only("warning", 2), coloured);
    expect(warnings).toContain("\u001b[4mapp/Dockerfile\u001b[24m\n");
    expect(warnings).toContain("  \u001b[90m4:5\u001b[39m  \u001b[33mwarning\u001b[39m  plain  \u001b[90m\u001b]8;;https://example.com/first\u001b\\test-first\u001b]8;;\u001b\\\u001b[39m\u001b[90m (TST1, TestFirst)\u001b[39m\n");
    expect(warnings).toContain("      |     \u001b[33m^\u001b[39m\n");
    expect(warnings.endsWith("\u001b[1m\u001b[33m⚠\u001b[39m 2 problems (2 warnings) in 1 file\u001b[22m\n")).toBe(true);
    expect(formatters.tty(only("error"), coloured)).toContain("\u001b[31merror\u001b[39m");
    expect(formatters.tty(only("error"), coloured).endsWith("\u001b[1m\u001b[31m✖\u001b[39m 1 problem (1 error) in 1 file\u001b[22m\n")).toBe(true);
    expect(formatters.tty(only("error", 2), context).endsWith("✖ 2 problems (2 errors) in 1 file\n")).toBe(true);
    expect(formatters.tty(only("info"), coloured)).toContain("\u001b[36minfo\u001b[39m");
    expect(formatters.tty(only("style", 3), coloured)).toContain("\u001b[90mstyle\u001b[39m");
    expect(formatters.tty(only("style", 3), context).endsWith("⚠ 3 problems (3 style) in 1 file\n")).toBe(true);
    expect(formatters.tty(only("info", 2), context).endsWith("⚠ 2 problems (2 info) in 1 file\n")).toBe(true);
    // A rule the registry does not know has no link.
    const unknown = [{ ...inside, findings: [{ ...nth(inside.findings, 3), ruleId: "nowhere", aliases: [] }] }];
    expect(formatters.tty(unknown, coloured)).toContain("\u001b[90mnowhere\u001b[39m\n");
    expect(formatters.tty([], context)).toBe("0 files checked, no problems\n");
    expect(formatters.tty(results.slice(2), context)).toBe("1 file checked, no problems\n");
    expect(formatters.tty(results.slice(2), coloured)).toBe("\u001b[32m✔\u001b[39m 1 file checked, no problems\n");
  });

  test("tty: a frame shows at most three lines, CRs dropped, a mark under an empty range", () => {
    const { context } = fixtures();
    const text = "RUN a \\\r\n  b \\\r\n  c \\\r\n  d\r\n";
    const lines = new LineIndex(text);
    const long: Finding = { ruleId: "test-first", aliases: [], severity: "info", message: "m", range: lines.range(4, text.length - 2) };
    expect(formatters.tty([{ filePath: "/work/D", source: text, parseFailed: false, findings: [long] }], context)).toBe(
      ["D", "  1:5  info  m  test-first", "    1 | RUN a \\", "      |     ^^^", "    2 |   b \\", "      | ^^^^^", "    3 |   c \\", "      | ^^^^^", "      | …", "", "✖ 1 problem (1 info) in 1 file", ""]
        .join("\n")
        .replace("✖", "⚠"),
    );
    // A CR inside a line is shown (as a control picture); only the one ending the line is dropped.
    const inner = "RUN a\rb\r\n";
    const cr: Finding = { ruleId: "test-first", aliases: [], severity: "info", message: "m", range: new LineIndex(inner).range(0, 3) };
    expect(formatters.tty([{ filePath: "/work/D", source: inner, parseFailed: false, findings: [cr] }], context)).toContain("    1 | RUN a\u240db\n      | ^^^\n");
    // Ten lines: the gutter is as wide as the last line number shown.
    const tall = `${"\n".repeat(9)}RUN x\n`;
    const at10: Finding = { ruleId: "test-first", aliases: [], severity: "info", message: "m", range: new LineIndex(tall).range(9, 12) };
    expect(formatters.tty([{ filePath: "/work/D", source: tall, parseFailed: false, findings: [at10] }], context)).toContain("    10 | RUN x\n       | ^^^\n");
  });
});

describe("report helpers", () => {
  test("report paths: relative inside the working directory, as given elsewhere, forward slashes", () => {
    expect(reportPath("/work/a/Dockerfile", "/work")).toBe("a/Dockerfile");
    expect(reportPath("/workshop/Dockerfile", "/work")).toBe("/workshop/Dockerfile");
    expect(reportPath("/Dockerfile", "/work")).toBe("/Dockerfile");
    expect(reportPath("<stdin>", "/work")).toBe("<stdin>");
    expect(reportPath("a/Dockerfile", "/work")).toBe("a/Dockerfile");
  });

  test("visible: C0 controls as control pictures, DEL as ␡, C1 as U+FFFD; tab and line feed kept", () => {
    expect(visible("a\u0000\u0008\t\n\u000b\u001b\u001f\u007f\u0080\u009f\u00a0z")).toBe("a\u2400\u2408\t\n\u240b\u241b\u241f\u2421\ufffd\ufffd\u00a0z");
  });

  test("format names are the formatters' own keys only", () => {
    expect(isFormatName("sarif")).toBe(true);
    expect(isFormatName("toString")).toBe(false);
    expect(isFormatName("xml")).toBe(false);
  });
});
