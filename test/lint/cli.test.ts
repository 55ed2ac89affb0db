import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import AjvDraft04 from "ajv-draft-04";
import { RuleRegistry } from "@dfbuild/linter";
import { rules } from "@dfbuild/rules";
import { run } from "dfbuild";
import { describe, expect, test } from "vitest";
import { runCli } from "../cli.js";
import { project } from "./helpers.js";

const messy = "FROM ubuntu\nMAINTAINER Jane <jane@example.com>\nRUN apt-get update\nRUN apt-get install python\nCMD python app.py\n";
const clean = 'FROM alpine:3.20\nCMD ["true"]\n';

interface JsonFinding {
  file: string;
  rule: string;
  aliases: string[];
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fix?: { range: [number, number]; text: string }[];
}

async function lintJson(args: string[], stdin = "", cwd?: string): Promise<{ code: number; findings: JsonFinding[]; stderr: string }> {
  const result = await runCli(["lint", "--format", "json", ...args], stdin, cwd);
  return { code: result.code, findings: result.stdout ? (JSON.parse(result.stdout) as JsonFinding[]) : [], stderr: result.stderr };
}

describe("exit codes", () => {
  test("0 when nothing is at or above the threshold", async () => {
    expect((await runCli(["lint", "-"], clean)).code).toBe(0);
    expect((await runCli(["lint", "--failure-threshold", "error", "-"], "FROM alpine:3.20\nRUN a\nRUN b\n")).code).toBe(0);
  });
  test("1 when there are findings", async () => {
    expect((await runCli(["lint", "-"], messy)).code).toBe(1);
  });
  test("the default failure threshold is info, as hadolint's: an info finding fails, a style finding does not", async () => {
    // hadolint's `--failure-threshold` defaults to info (Hadolint.Config: `failureThreshold = DLInfoC`).
    const info = await lintJson(["-"], "FROM alpine:3.20\nRUN a\nRUN b\n");
    expect(info.findings.map((finding) => [finding.rule, finding.severity])).toEqual([["consecutive-run", "info"]]);
    expect(info.code).toBe(1);
    expect((await runCli(["lint", "-t", "warning", "-"], "FROM alpine:3.20\nRUN a\nRUN b\n")).code).toBe(0);
    const style = await lintJson(["-"], 'FROM alpine:3.20\nLABEL com.docker.label="foo"\nCMD ["true"]\n');
    expect(style.findings.map((finding) => [finding.rule, finding.severity])).toEqual([["label-key", "style"]]);
    expect(style.code).toBe(0);
    expect((await runCli(["lint", "-t", "style", "-"], 'FROM alpine:3.20\nLABEL com.docker.label="foo"\nCMD ["true"]\n')).code).toBe(1);
  });
  test("1 for a parse error, reported with its exact position, while the rest is still linted", async () => {
    const { code, findings } = await lintJson(["-"], "FROM alpine:3.20\nRUN --bogus=1 true\nMAINTAINER me\n");
    expect(code).toBe(1);
    expect(findings.find((finding) => finding.rule === "parse-error")).toMatchObject({ line: 2, aliases: ["DL1000"] });
    expect(findings.map((finding) => finding.rule)).toContain("maintainer-deprecated");
  });
  test("2 for usage errors, with a message saying what to do", async () => {
    const unknownFormat = await runCli(["lint", "--format", "xml", "-"], clean);
    expect(unknownFormat.code).toBe(2);
    expect(unknownFormat.stderr).toContain('unknown format "xml"');
    const unknownRule = await runCli(["lint", "--rule", "consecutive-rum=off", "-"], clean);
    expect(unknownRule.code).toBe(2);
    expect(unknownRule.stderr).toContain('Did you mean "consecutive-run"?');
    const missing = await runCli(["lint", "no/such/Dockerfile"], "");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read no/such/Dockerfile");
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("the problems the corpus review found", () => {
  test("a UTF-8 byte-order mark does not shift line 1's columns, and --fix keeps it", async () => {
    const { findings } = await lintJson(["-"], "\uFEFFFROM ubuntu\n");
    expect(findings[0]).toMatchObject({ rule: "pin-base-image", line: 1, column: 6, endColumn: 12 });
    const fixed = await runCli(["lint", "--fix", "--format", "compact", "-"], "\uFEFFFROM alpine:3.20\nMAINTAINER me\n");
    expect(fixed.stdout).toBe('\uFEFFFROM alpine:3.20\nLABEL maintainer="me"\n');
  });
  test("a binary file's control characters never reach the terminal in the line formats", async () => {
    for (const format of ["compact", "github", "tty"]) {
      const { stdout } = await runCli(["lint", "--format", format, "-"], "FROM ubuntu\nRUN a\u001b[31m\n\u0000\u0001\u001b[2J");
      // No C0 control character but tab and line feed, and no DEL.
      expect(Array.from(stdout.matchAll(/\p{Cc}/gu), (match) => match[0]).filter((char) => char !== "\t" && char !== "\n"), format).toEqual([]);
      expect(stdout, format).toContain("\u241b[2J");
    }
  });
  test("with parse-error off, a broken file is linted for the rest, reported clean and exits 0", async () => {
    const result = await runCli(["lint", "--rule", "parse-error=off", "-"], "FROM alpine:3.20\nRUN --bogus=1 true\n");
    expect(result).toEqual({ code: 0, stdout: "1 file checked, no problems\n", stderr: "" });
    const kept = await runCli(["lint", "--format", "compact", "-"], "FROM alpine:3.20\nRUN --bogus=1 true\n");
    expect(kept.code).toBe(1);
  });
});

describe("files", () => {
  const root = project({
    Dockerfile: clean,
    "api/Containerfile": clean,
    "api/Dockerfile.prod": clean,
    "web/web.Dockerfile": clean,
    "web/Dockerfile.dockerignore": "node_modules\n",
    "web/README.md": "# web\n",
    "node_modules/pkg/Dockerfile": "FROM x\n",
    "tools/Dockerfile-dev": clean,
    "tools/Dockerfile-windows": clean,
    "tools/Dockerfile2": clean,
    "tools/Dockerfile.template": "FROM {{ base }}\n",
    "tools/Dockerfile.j2": "FROM {{ base }}\n",
    "tools/dockerfile-lint.sh": "#!/bin/sh\n",
    "tools/Dockerfile.in": "FROM @BASE@\n",
    "tools/Dockerfile.bak": "FROM x\n",
    "tools/Dockerfile.md": "# notes\n",
    // Any case: names are matched as VS Code and `docker build -f` treat them.
    "lower/dockerfile": clean,
    "lower/Dockerfile_windows": clean,
    "lower/web.containerfile": clean,
    ".git/Dockerfile": "FROM x\n",
  });
  test("a directory finds Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*, Dockerfile-* and Dockerfile2, not templates", async () => {
    const result = await runCli(["lint", "--format", "compact", "--rule", "pin-base-image=error", "-"], "FROM x\n", root);
    expect(result.stdout).toContain("<stdin>:1:6: error:");
    const { code } = await lintJson(["."], "", root);
    expect(code).toBe(0);
    const sarif = JSON.parse((await runCli(["lint", "--format", "sarif", "."], "", root)).stdout) as { runs: { artifacts: { location: { uri: string } }[] }[] };
    expect(sarif.runs[0]?.artifacts.map((artifact) => artifact.location.uri)).toEqual([
      "Dockerfile",
      "api/Containerfile",
      "api/Dockerfile.prod",
      "lower/Dockerfile_windows",
      "lower/dockerfile",
      "lower/web.containerfile",
      "tools/Dockerfile-dev",
      "tools/Dockerfile-windows",
      "tools/Dockerfile2",
      "web/web.Dockerfile",
    ]);
  });
  test("globs and files", async () => {
    const sarif = JSON.parse((await runCli(["lint", "--format", "sarif", "api/*", "Dockerfile"], "", root)).stdout) as { runs: { artifacts: { location: { uri: string } }[] }[] };
    expect(sarif.runs[0]?.artifacts.map((artifact) => artifact.location.uri)).toEqual(["api/Containerfile", "api/Dockerfile.prod", "Dockerfile"]);
  });
  test("a file named on the command line is linted whatever its name", async () => {
    const { code, findings } = await lintJson(["--rule", "pin-base-image=error", "tools/Dockerfile.bak", ".git/Dockerfile"], "", root);
    expect(code).toBe(1);
    expect(findings.filter((finding) => finding.rule === "pin-base-image").map((finding) => finding.file)).toEqual(["tools/Dockerfile.bak", ".git/Dockerfile"]);
  });
});

describe("--rule and aliases", () => {
  test("an alias switches its rule off", async () => {
    const { findings } = await lintJson(["--rule", "DL3006=off", "--rule", "MaintainerDeprecated=off", "-"], messy);
    expect(findings.map((finding) => finding.rule)).not.toContain("pin-base-image");
    expect(findings.map((finding) => finding.rule)).not.toContain("maintainer-deprecated");
  });
  test("a level changes the severity", async () => {
    const { findings } = await lintJson(["--rule", "consecutive-run=error", "-"], messy);
    expect(findings.find((finding) => finding.rule === "consecutive-run")?.severity).toBe("error");
  });
});

describe("formats", () => {
  test("json: 1-based positions, aliases and the fix edits", async () => {
    const { findings } = await lintJson(["-"], messy);
    expect(findings.find((finding) => finding.rule === "maintainer-deprecated")).toEqual({
      file: "<stdin>",
      rule: "maintainer-deprecated",
      aliases: ["DL4000", "MaintainerDeprecated"],
      severity: "warning",
      message: 'MAINTAINER is deprecated; use LABEL maintainer="…", which tools and registries read.',
      line: 2,
      column: 1,
      endLine: 2,
      endColumn: 11,
      fix: [{ range: [12, 46], text: 'LABEL maintainer="Jane <jane@example.com>"' }],
    });
  });

  test("sarif is valid SARIF 2.1.0", async () => {
    const require = createRequire(import.meta.url);
    const schemaPath = join(dirname(require.resolve("@microsoft/jest-sarif/package.json")), "lib", "schemas", "sarif-2.1.0-rtm.5.json");
    const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as object;
    // A CommonJS module: its class is the `default` export of what NodeNext sees as the module.
    const validate = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
    const log = JSON.parse((await runCli(["lint", "--format", "sarif", "-"], messy)).stdout) as { runs: { results: { ruleId: string; fixes?: unknown[] }[] }[] };
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.runs[0]?.results.map((result) => result.ruleId)).toContain("pin-base-image");
    expect(log.runs[0]?.results.some((result) => result.fixes)).toBe(true);
  });

  test("sarif regions: 1-based lines, UTF-16 columns, the end column just past the last character (SARIF 2.1.0 §3.30)", async () => {
    // A character outside the BMP before a finding: two UTF-16 code units (the run's columnKind).
    const text = 'FROM ubuntu\nLABEL x="\u{1F600}" com.docker.label="foo"\nCMD python \\\n  app.py\n';
    const log = JSON.parse((await runCli(["lint", "--format", "sarif", "-"], text)).stdout) as {
      runs: { columnKind: string; results: { ruleId: string; locations: { physicalLocation: { region: Record<string, number> } }[] }[] }[];
    };
    const run = log.runs[0];
    expect(run?.columnKind).toBe("utf16CodeUnits");
    const regions = Object.fromEntries((run?.results ?? []).map((result) => [result.ruleId, result.locations[0]?.physicalLocation.region]));
    expect(regions).toEqual({
      "pin-base-image": { startLine: 1, startColumn: 6, endLine: 1, endColumn: 12, charOffset: 5, charLength: 6 },
      "label-key": { startLine: 2, startColumn: 14, endLine: 2, endColumn: 30, charOffset: 25, charLength: 16 },
      "exec-form": { startLine: 3, startColumn: 5, endLine: 4, endColumn: 9, charOffset: 52, charLength: 17 },
    });
    // Each region read by its lines and columns is the text read by its offset and length, and the
    // text the rule is about.
    const lineStarts = [0, ...Array.from(text.matchAll(/\n/g), (match) => match.index + 1)];
    const byColumns = (region: Record<string, number>): string =>
      text.slice((lineStarts[(region.startLine ?? 0) - 1] ?? NaN) + (region.startColumn ?? 0) - 1, (lineStarts[(region.endLine ?? 0) - 1] ?? NaN) + (region.endColumn ?? 0) - 1);
    const byOffsets = (region: Record<string, number>): string => text.slice(region.charOffset, (region.charOffset ?? 0) + (region.charLength ?? 0));
    expect(Object.fromEntries(Object.entries(regions).map(([rule, region = {}]) => [rule, [byColumns(region), byOffsets(region)]]))).toEqual({
      "pin-base-image": ["ubuntu", "ubuntu"],
      "label-key": ["com.docker.label", "com.docker.label"],
      "exec-form": ["python \\\n  app.py", "python \\\n  app.py"],
    });
  });

  test("checkstyle", async () => {
    const { stdout } = await runCli(["lint", "--format", "checkstyle", "-"], messy);
    expect(stdout).toContain('<file name="&lt;stdin&gt;">');
    expect(stdout).toContain('<error line="1" column="6" severity="warning" message="ubuntu has no tag');
    expect(stdout).toContain('source="dfbuild.pin-base-image"/>');
  });

  test("checkstyle stays well-formed XML for a binary file's control characters", async () => {
    const { stdout } = await runCli(["lint", "--format", "checkstyle", "-"], "FROM a:1\nRU\u0001N x\u001b[2J\n");
    // XML 1.0 allows no C0 control character but tab, line feed and carriage return, not even as a reference.
    expect(stdout.replace(/[\t\n\r]/g, "")).not.toMatch(/\p{Cc}/u);
    expect(stdout).toContain('message="unknown instruction: RU\uFFFDN');
  });

  test("gitlab code quality", async () => {
    const issues = JSON.parse((await runCli(["lint", "--format", "gitlab", "-"], messy)).stdout) as { check_name: string; severity: string; fingerprint: string; location: { path: string; lines: { begin: number } } }[];
    const maintainer = issues.find((issue) => issue.check_name === "maintainer-deprecated");
    expect(maintainer).toMatchObject({ severity: "minor", location: { path: "<stdin>", lines: { begin: 2 } } });
    expect(maintainer?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(issues.map((issue) => issue.fingerprint)).size).toBe(issues.length);
  });

  test("github workflow annotations", async () => {
    const { stdout } = await runCli(["lint", "--format", "github", "-"], messy);
    expect(stdout).toContain("::warning file=<stdin>,line=1,col=6,endLine=1,endColumn=11,title=pin-base-image::ubuntu has no tag");
    expect(stdout).toContain("::notice file=<stdin>,line=4,col=1,endLine=4,endColumn=3,title=consecutive-run::");
  });

  test("compact", async () => {
    const { stdout } = await runCli(["lint", "--format", "compact", "-"], messy);
    expect(stdout.split("\n")[0]).toBe("<stdin>:1:6: warning: ubuntu has no tag, so it means latest and changes under you; pin a release tag, e.g. ubuntu:<version>. [pin-base-image]");
  });

  test("hadolint's names gitlab_codeclimate and gnu give the gitlab and compact reports", async () => {
    for (const [hadolint, ours] of [["gitlab_codeclimate", "gitlab"], ["gnu", "compact"]] as const) {
      expect((await runCli(["lint", "--format", hadolint, "-"], messy)).stdout).toBe((await runCli(["lint", "--format", ours, "-"], messy)).stdout);
    }
  });

  test("tty: a code frame underlining the exact range, and a summary line", async () => {
    const { stdout } = await runCli(["lint", "-"], messy);
    expect(stdout).toContain("    4 | RUN apt-get install python\n      |     ^^^^^^^^^^^^^^^^^^^^^^\n");
    const warnings = stdout.match(/^ {2}\d+:\d+ {2}warning {2}/gm)?.length ?? 0;
    const infos = stdout.match(/^ {2}\d+:\d+ {2}info {2}/gm)?.length ?? 0;
    expect(warnings).toBeGreaterThan(0);
    expect(stdout).toMatch(new RegExp(`⚠ ${warnings + infos} problems \\(${warnings} warnings, ${infos} info\\) in 1 file; \\d+ fixable with --fix\\n$`));
    expect(stdout).not.toContain("\u001b[");
  });

  test("tty: a Dockerfile's control characters never reach the terminal", async () => {
    const { stdout } = await runCli(["lint", "--no-color", "-"], "FROM ubuntu\nWORKDIR app\u001b[2J\n");
    expect(stdout).toContain("    2 | WORKDIR app\u241b[2J\n      |         ^^^^^^^\n");
    expect(stdout).not.toContain("\u001b");
  });

  test("tty: colour on a terminal, none with NO_COLOR or --no-color", async () => {
    const lint = async (env: Record<string, string>, args: string[] = []) => {
      let stdout = "";
      await run(["lint", ...args, "-"], { stdout: (text) => (stdout += text), stderr: () => undefined, readStdin: () => Promise.resolve(messy), cwd: process.cwd(), env, isTTY: true });
      return stdout;
    };
    expect(await lint({})).toContain("\u001b[33mwarning\u001b[39m");
    expect(await lint({}, ["--rule", "maintainer-deprecated=error"])).toContain("\u001b[31merror\u001b[39m");
    expect(await lint({ NO_COLOR: "1" })).not.toContain("\u001b[");
    expect(await lint({}, ["--no-color"])).not.toContain("\u001b[");
  });
});

describe("--fix", () => {
  test("rewrites the file and reports what is left", async () => {
    const root = project({ Dockerfile: messy });
    const result = await runCli(["lint", "--fix", "--format", "compact", "Dockerfile"], "", root);
    expect(readFileSync(join(root, "Dockerfile"), "utf8")).toBe(
      // --no-install-recommends is only a suggestion: it could drop a package the image needs.
      'FROM ubuntu\nLABEL maintainer="Jane <jane@example.com>"\nRUN apt-get update && \\\n    apt-get install -y python\nCMD python app.py\n',
    );
    expect(result.stdout).toContain("[pin-base-image]");
    expect(result.stdout).toContain("[exec-form]");
    expect(result.stdout).not.toContain("[consecutive-run]");
    expect(result.code).toBe(1);
  });
  test("on stdin prints the fixed text, and the report on stderr", async () => {
    const result = await runCli(["lint", "--fix", "--format", "compact", "-"], "FROM alpine:3.20\nMAINTAINER me\n");
    expect(result.stdout).toBe('FROM alpine:3.20\nLABEL maintainer="me"\n');
    expect(result.stderr).toBe("");
    const unchanged = await runCli(["lint", "--fix", "--format", "compact", "-"], clean);
    expect(unchanged.stdout).toBe(clean);
  });
});

describe("dfbuild rules", () => {
  test("--format json lists every rule with aliases, severity, fixable and description", async () => {
    const result = await runCli(["rules", "--format", "json"]);
    const rows = JSON.parse(result.stdout) as { id: string; aliases: string[]; severity: string; fixable: boolean; description: string }[];
    expect(rows.find((row) => row.id === "consecutive-run")).toMatchObject({
      aliases: ["DL3059"],
      severity: "info",
      presets: { recommended: "info", strict: "info", hadolint: "info" },
      presetVersion: 1,
      fixable: true,
      url: "https://github.com/dfbuild/dfbuild/blob/main/rules/src/consecutive-run.md",
    });
    expect(rows.every((row) => row.description.length > 10)).toBe(true);
    expect(rows.map((row) => row.id)).toEqual(new RuleRegistry(rules).rules.map((rule) => rule.meta.id));
  });
  test("text lists them as a table", async () => {
    const result = await runCli(["rules"]);
    expect(result.stdout).toMatch(/^pin-base-image +DL3006 +warning +warning +warning +Tag the base image/m);
    // Severity per preset: BuildKit's warning in recommended, hadolint's error in hadolint.
    expect(result.stdout).toMatch(/^maintainer-deprecated +DL4000, MaintainerDeprecated +warning +warning +error +yes +Use LABEL/m);
    expect(result.stdout).toMatch(/^no-empty-continuation +NoEmptyContinuation +warning +warning +off {9}/m);
  });
});
