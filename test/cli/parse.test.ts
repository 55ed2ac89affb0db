import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { runCli } from "../cli.js";
import { tempDir } from "../temp-dir.js";

function tempFile(name: string, text: string): string {
  const dir = tempDir("dfbuild-parse-");
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe("dfbuild parse", () => {
  test("dump of a file", async () => {
    const file = tempFile("Dockerfile", "FROM alpine AS build\nRUN echo hi\n");
    const result = await runCli(["parse", "--format", "dump", file]);
    expect(result).toEqual({ code: 0, stdout: '(from "alpine" "AS" "build")\n(run "echo hi")\n', stderr: "" });
  });

  test("JSON of stdin, with the diagnostics", async () => {
    const result = await runCli(["parse"], "FROM a\nCOPY x\n");
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout) as { ast: { instructions: { type: string }[] }; diagnostics: { message: string }[] };
    expect(output.ast.instructions.map((i) => i.type)).toEqual(["From", "Copy"]);
    expect(output.diagnostics.map((d) => d.message)).toEqual([
      "COPY requires at least two arguments, but only one was provided. Destination could not be determined",
    ]);
    expect(result.stdout).not.toContain('"tokens"');
  });

  test("--tokens adds the lossless token list", async () => {
    const result = await runCli(["parse", "--tokens"], "FROM a\n");
    expect(result.stdout).toContain('"type": "Keyword"');
  });

  test("errors go to stderr as FILE:LINE:COL: message; the dump still prints after instruction errors", async () => {
    const file = tempFile("Dockerfile.bad", "FROM a\nFROOM b\n");
    const result = await runCli(["parse", "--format", "dump", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`${file}:2:1: unknown instruction: FROOM (did you mean FROM?)\n`);
    expect(result.stdout).toBe('(from "a")\n(froom "")\n');
  });

  test("no dump when BuildKit's parser itself fails", async () => {
    const result = await runCli(["parse", "--format", "dump"], "FROM a\nENV X\n");
    expect(result).toEqual({ code: 1, stdout: "", stderr: "<stdin>:2:5: ENV must have two arguments\n" });
  });

  test("usage errors exit 2 with a clear message", async () => {
    expect(await runCli(["parse", "/no/such/Dockerfile"])).toMatchObject({ code: 2, stderr: "dfbuild: cannot read /no/such/Dockerfile: no such file\n" });
    const badFormat = await runCli(["parse", "--format", "yaml"]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('unknown format "yaml" (expected json or dump)');
    const badFlag = await runCli(["parse", "--nope"]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("Unknown option '--nope'");
    expect(await runCli(["frobnicate"])).toMatchObject({ code: 2 });
  });

  test("the installed binary runs", async () => {
    const bin = resolve(import.meta.dirname, "../../node_modules/.bin/dfbuild");
    const file = tempFile("Dockerfile", "FROM scratch\n");
    const { stdout } = await promisify(execFile)(bin, ["parse", "--format", "dump", file]);
    expect(stdout).toBe('(from "scratch")\n');
  });
});
