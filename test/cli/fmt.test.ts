import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runCli } from "../cli.js";
import { tempDir } from "../temp-dir.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = tempDir("dfbuild-fmt-");
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const messy = "from alpine:3.20   as   base\nrun  apk add --no-cache curl\ncmd [ \"sh\" ,\"-c\", \"echo hi\" ]\nfrom base\n";
const tidy = 'FROM alpine:3.20 AS base\nRUN apk add --no-cache curl\nCMD ["sh", "-c", "echo hi"]\n\nFROM base\n';

describe("dfbuild fmt", () => {
  test("rewrites files in place, and only files that change", async () => {
    const root = project({ "app/Dockerfile": messy, "web/Dockerfile": tidy, "README": "not a Dockerfile\n" });
    const result = await runCli(["fmt"], "", root);
    expect(result).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(readFileSync(join(root, "app/Dockerfile"), "utf8")).toBe(tidy);
    expect(readFileSync(join(root, "web/Dockerfile"), "utf8")).toBe(tidy);
  });

  test("--check lists the files that would change and exits 1, changing nothing", async () => {
    const root = project({ "app/Dockerfile": messy, "web/Dockerfile": tidy });
    expect(await runCli(["fmt", "--check", "."], "", root)).toEqual({ code: 1, stdout: "app/Dockerfile\n", stderr: "" });
    expect(readFileSync(join(root, "app/Dockerfile"), "utf8")).toBe(messy);
    expect(await runCli(["fmt", "--check", "web/Dockerfile"], "", root)).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  test("- reads standard input and writes standard output", async () => {
    expect(await runCli(["fmt", "-"], messy)).toEqual({ code: 0, stdout: tidy, stderr: "" });
    expect(await runCli(["fmt", "--check", "-"], messy)).toEqual({ code: 1, stdout: "<stdin>\n", stderr: "" });
  });

  test("the fmt: section of the nearest .dfbuild.yaml, or of --config", async () => {
    const root = project({
      ".dfbuild.yaml": "fmt:\n  keyword-case: lower\n  indent: 2\n",
      "app/Dockerfile": "FROM a\nENV A=1 \\\n        B=2\n",
      "other.yaml": "fmt:\n  indent: tab\n",
    });
    expect(await runCli(["fmt", "-"], "FROM a\nENV A=1 \\\n B=2\n", root)).toEqual({ code: 0, stdout: "from a\nenv A=1 \\\n  B=2\n", stderr: "" });
    expect((await runCli(["fmt", "--config", "other.yaml", "-"], "FROM a\nENV A=1 \\\n B=2\n", root)).stdout).toBe("FROM a\nENV A=1 \\\n\tB=2\n");
    expect(await runCli(["fmt", "app"], "", root)).toMatchObject({ code: 0 });
    expect(readFileSync(join(root, "app/Dockerfile"), "utf8")).toBe("from a\nenv A=1 \\\n  B=2\n");
  });

  test("a bad fmt: setting is one error naming the file, position and key, for fmt and for lint", async () => {
    const root = project({ ".dfbuild.yaml": "fmt:\n  indent: wide\n", "Dockerfile": "FROM alpine:3.20\n" });
    const message = `${join(root, ".dfbuild.yaml")}:2:11: fmt.indent: expected a number of spaces from 0 to 16, or tab, got "wide"`;
    expect(await runCli(["fmt", "Dockerfile"], "", root)).toEqual({ code: 2, stdout: "", stderr: `dfbuild fmt: ${message}\n` });
    expect((await runCli(["lint", "Dockerfile"], "", root)).stderr).toBe(`dfbuild lint: ${message}\n`);
    const unknown = project({ ".dfbuild.yaml": "fmt:\n  indnet: 2\n", "Dockerfile": "FROM alpine:3.20\n" });
    expect((await runCli(["fmt", "Dockerfile"], "", unknown)).stderr).toContain(".dfbuild.yaml:2:3: fmt.indnet: unknown setting (expected keyword-case, indent, blank-line-between-stages)");
  });

  test("a file BuildKit cannot parse: FILE:LINE:COL, exit 2, the file untouched and the others formatted", async () => {
    const broken = 'FROM a\nCMD ["a", 1]\n';
    const root = project({ "a/Dockerfile": broken, "b/Dockerfile": messy });
    const result = await runCli(["fmt", "a", "b"], "", root);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("a/Dockerfile:2:5: when using JSON array syntax, arrays must be comprised of strings only (BuildKit cannot parse the file: fix this before formatting it)\n");
    expect(readFileSync(join(root, "a/Dockerfile"), "utf8")).toBe(broken);
    expect(readFileSync(join(root, "b/Dockerfile"), "utf8")).toBe(tidy);
    // As a filter, it passes what it cannot format through unchanged.
    expect(await runCli(["fmt", "-"], broken)).toMatchObject({ code: 2, stdout: broken });
  });

  test("usage errors", async () => {
    const root = project({ "Dockerfile": tidy });
    expect(await runCli(["fmt", "nope"], "", root)).toEqual({ code: 2, stdout: "", stderr: "dfbuild fmt: cannot read nope: no such file or directory\n" });
    expect((await runCli(["fmt", "--frobnicate"], "", root)).code).toBe(2);
    expect((await runCli(["fmt", "--help"])).stdout).toContain("Usage: dfbuild fmt [--check] [--config FILE] [PATH|GLOB|-]...");
  });
});
