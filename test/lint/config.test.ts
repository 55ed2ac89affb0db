import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runCli } from "../cli.js";
import { project } from "./helpers.js";

const dockerfile = "FROM ubuntu\nRUN a\nRUN b\n";

async function rulesFound(cwd: string, args: string[] = []): Promise<{ code: number; rules: string[]; stderr: string }> {
  const result = await runCli(["lint", "--format", "json", ...args, "app/Dockerfile"], "", cwd);
  const rows = result.stdout ? (JSON.parse(result.stdout) as { rule: string; severity: string }[]) : [];
  return { code: result.code, rules: rows.map((row) => `${row.rule}:${row.severity}`), stderr: result.stderr };
}

describe(".dfbuild.yaml", () => {
  test("found by walking up from the Dockerfile; rules by id or alias, and the threshold", async () => {
    const root = project({ ".dfbuild.yaml": "rules:\n  DL3006: off\n  consecutive-run: error\n", "app/Dockerfile": dockerfile });
    expect(await rulesFound(root)).toEqual({ code: 1, rules: ["consecutive-run:error"], stderr: "" });
  });
  test("the nearest file wins, and failure-threshold decides the exit code", async () => {
    const root = project({ ".dfbuild.yaml": "rules:\n  consecutive-run: error\n", "app/.dfbuild.yml": "failure-threshold: error\n", "app/Dockerfile": dockerfile });
    expect(await rulesFound(root)).toEqual({ code: 0, rules: ["pin-base-image:warning", "consecutive-run:info"], stderr: "" });
  });
  test("--config and --rule override it", async () => {
    const root = project({ "strict.yaml": "failure-threshold: style\nrules:\n  pin-base-image: error\n", "app/Dockerfile": dockerfile });
    expect(await rulesFound(root, ["--config", join(root, "strict.yaml"), "--rule", "DL3059=off"])).toEqual({ code: 1, rules: ["pin-base-image:error"], stderr: "" });
  });
});

describe(".hadolint.yaml, when there is no .dfbuild.yaml", () => {
  test("ignored, override and failure-threshold work as in hadolint; unknown hadolint codes are accepted", async () => {
    const root = project({
      ".hadolint.yaml": "ignored:\n  - DL3059\n  - DL3008\noverride:\n  error:\n    - DL3006\nfailure-threshold: error\ntrustedRegistries:\n  - docker.io\nlabel-schema:\n  owner: text\n",
      "app/Dockerfile": dockerfile,
    });
    expect(await rulesFound(root)).toEqual({ code: 1, rules: ["pin-base-image:error"], stderr: "" });
  });
  test("is not read when a .dfbuild.yaml is found", async () => {
    const root = project({ ".hadolint.yaml": "ignored: [DL3006]\n", "app/.dfbuild.yaml": "rules: {}\n", "app/Dockerfile": dockerfile });
    expect((await rulesFound(root)).rules).toContain("pin-base-image:warning");
  });
});

describe("a bad configuration is one clear error naming the file and the key", () => {
  test.each([
    ["rules:\n  consecutive-rum: off\n", '.dfbuild.yaml:2:3: rules.consecutive-rum: unknown rule "consecutive-rum". Did you mean "consecutive-run"?'],
    ["rules:\n  consecutive-run: loud\n", ".dfbuild.yaml:2:20: rules.consecutive-run: expected one of off, error, warning, info, style, got \"loud\""],
    ["failure-threshold: 3\n", '.dfbuild.yaml:1:20: failure-threshold: expected one of error, warning, info, style, ignore, none, got 3'],
    ["colour: true\n", ".dfbuild.yaml:1:1: colour: unknown setting"],
    ["rules: [\n", ".dfbuild.yaml:2:1: invalid YAML"],
  ])("%j", async (yaml, message) => {
    const root = project({ ".dfbuild.yaml": yaml, "app/Dockerfile": dockerfile });
    const result = await runCli(["lint", "app/Dockerfile"], "", root);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`dfbuild lint: ${join(root, message)}`);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
  test("a missing --config file", async () => {
    const result = await runCli(["lint", "--config", "nope.yaml", "-"], "FROM alpine:3.20\n");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("dfbuild lint: nope.yaml: cannot read the configuration: no such file\n");
  });
});
