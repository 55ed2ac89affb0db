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
  test("takes every .hadolint.yaml key: ignored, override, no-fail, format, no-color, trustedRegistries, strict-labels, disable-ignore-pragma (# check=skip= too)", async () => {
    const text = "# check=skip=MaintainerDeprecated\nFROM quay.io/app:1\nLABEL extra=1\n# hadolint ignore=DL3059\nRUN a\nRUN b\nMAINTAINER me\nCMD x\n";
    const yaml = [
      "ignored: [DL3025]",
      "override:",
      "  style: [DL3059]",
      "no-fail: true",
      "format: compact",
      "no-color: true",
      "trustedRegistries: [docker.io]",
      "label-schema:",
      "  owner: text",
      "strict-labels: true",
      "disable-ignore-pragma: true",
      "",
    ].join("\n");
    const root = project({ ".dfbuild.yaml": yaml, "app/Dockerfile": text });
    const result = await runCli(["lint", "app/Dockerfile"], "", root);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n").filter(Boolean).map((line) => line.replace(/^app\/Dockerfile:(\d+):\d+: (\w+): .*\[(.+)\]$/, "$1 $2 $3"))).toEqual([
      "2 info label-required",
      "2 error trusted-registry",
      "3 info label-unexpected",
      "6 style consecutive-run",
      "7 warning maintainer-deprecated",
    ]);
  });
  test("--config and --rule override it", async () => {
    const root = project({ "strict.yaml": "failure-threshold: style\nrules:\n  pin-base-image: error\n", "app/Dockerfile": dockerfile });
    expect(await rulesFound(root, ["--config", join(root, "strict.yaml"), "--rule", "DL3059=off"])).toEqual({ code: 1, rules: ["pin-base-image:error"], stderr: "" });
  });
});

describe(".hadolint.yaml, when there is no .dfbuild.yaml", () => {
  test("ignored, override and failure-threshold work as in hadolint; unknown hadolint codes are accepted", async () => {
    const root = project({
      ".hadolint.yaml": "ignored:\n  - DL3059\n  - DL3031\noverride:\n  error:\n    - DL3006\nfailure-threshold: error\ntrustedRegistries:\n  - docker.io\nlabel-schema:\n  owner: text\n",
      "app/Dockerfile": dockerfile,
    });
    const found = await rulesFound(root);
    // The label schema requires an `owner` label, which the file lacks (DL3049).
    expect(found).toMatchObject({ code: 1, rules: ["label-required:info", "pin-base-image:error"] });
    // Accepted with a warning, located in the file.
    expect(found.stderr).toBe(`dfbuild lint: warning: ${join(root, ".hadolint.yaml")}:3:5: ignored.1: DL3031 names a hadolint rule this dfbuild has no rule for yet; the setting has no effect.\n`);
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

describe("presets", () => {
  // exec-form is in every preset; apt-no-install-recommends is info in recommended, info in hadolint;
  // maintainer-deprecated is a warning in recommended (BuildKit's) and an error in hadolint (DL4000).
  const text = "FROM alpine:3.20\nMAINTAINER me\nRUN a\nRUN b\n";
  async function severities(files: Record<string, string>, args: string[] = []): Promise<string[]> {
    const root = project({ ...files, "app/Dockerfile": text });
    const result = await runCli(["lint", "--format", "json", ...args, "app/Dockerfile"], "", root);
    expect(result.stderr).toBe("");
    return (JSON.parse(result.stdout) as { rule: string; severity: string }[]).map((row) => `${row.rule}:${row.severity}`);
  }
  test("recommended by default: dfbuild's severities, which follow BuildKit's", async () => {
    expect(await severities({})).toEqual(["maintainer-deprecated:warning", "consecutive-run:info"]);
  });
  test("a .hadolint.yaml alone means the hadolint preset: hadolint's severities", async () => {
    expect(await severities({ ".hadolint.yaml": "ignored: []\n" })).toEqual(["maintainer-deprecated:error", "consecutive-run:info"]);
  });
  test("preset: in a configuration, and --preset over it", async () => {
    expect(await severities({ ".dfbuild.yaml": "preset: hadolint@1\n" })).toEqual(["maintainer-deprecated:error", "consecutive-run:info"]);
    expect(await severities({ ".hadolint.yaml": "preset: recommended\n" })).toEqual(["maintainer-deprecated:warning", "consecutive-run:info"]);
    expect(await severities({ ".hadolint.yaml": "{}\n" }, ["--preset", "recommended@latest"])).toEqual(["maintainer-deprecated:warning", "consecutive-run:info"]);
  });
  test("an unknown preset or version is a usage error naming what exists", async () => {
    const bad = await runCli(["lint", "--preset", "recommended@9", "-"], "FROM alpine:3.20\n");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('dfbuild lint: --preset recommended@9: unknown version "9" of preset recommended (this dfbuild knows versions 1 to 1, or "latest"; a newer version needs a newer dfbuild)\n');
    const root = project({ ".dfbuild.yaml": "preset: strictest\n", "app/Dockerfile": text });
    const inFile = await runCli(["lint", "app/Dockerfile"], "", root);
    expect(inFile.stderr).toContain(`${join(root, ".dfbuild.yaml")}:1:9: preset: unknown preset "strictest"`);
  });
});

describe("hadolint's settings", () => {
  const text = "FROM alpine:3.20\nMAINTAINER me\nRUN a\nRUN b\n";
  async function rows(args: string[], env: Record<string, string> = {}, files: Record<string, string> = {}) {
    const root = project({ ...files, "app/Dockerfile": text });
    const result = await runCli(["lint", "--format", "json", ...args, "app/Dockerfile"], "", root, env);
    return { code: result.code, stderr: result.stderr, rules: result.stdout ? (JSON.parse(result.stdout) as { rule: string; severity: string }[]).map((row) => `${row.rule}:${row.severity}`) : [] };
  }
  test("--ignore, --error/--warning/--info/--style: the more severe list wins, --ignore over all", async () => {
    expect((await rows(["--style", "DL3059", "--error", "DL3059"])).rules).toEqual(["maintainer-deprecated:warning", "consecutive-run:error"]);
    expect((await rows(["--error", "DL4000", "--ignore", "DL4000"])).rules).toEqual(["consecutive-run:info"]);
  });
  test("-t, --no-fail", async () => {
    expect((await rows(["-t", "error"])).code).toBe(0);
    expect((await rows(["--no-fail", "--error", "DL3059"])).code).toBe(0);
    expect((await rows(["--error", "DL3059"])).code).toBe(1);
  });
  test("HADOLINT_* environment variables, below the configuration file and the command line", async () => {
    expect((await rows([], { HADOLINT_IGNORE: "DL4000,DL3059" })).rules).toEqual([]);
    expect((await rows([], { HADOLINT_OVERRIDE_ERROR: "DL3059", HADOLINT_FAILURE_THRESHOLD: "error" })).code).toBe(1);
    expect((await rows([], { HADOLINT_NOFAIL: "yes", HADOLINT_OVERRIDE_ERROR: "DL3059" })).code).toBe(0);
    // The file's failure-threshold wins over the environment's, the command line's over both.
    expect((await rows([], { HADOLINT_FAILURE_THRESHOLD: "info" }, { ".dfbuild.yaml": "failure-threshold: error\n" })).code).toBe(0);
    expect((await rows(["-t", "info"], {}, { ".dfbuild.yaml": "failure-threshold: error\n" })).code).toBe(1);
    const bad = await rows([], { HADOLINT_FAILURE_THRESHOLD: "loud" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('dfbuild lint: HADOLINT_FAILURE_THRESHOLD: expected one of error, warning, info, style, ignore, none, got "loud"\n');
  });
  test("label-schema and --require-label are read and checked", async () => {
    const bad = await rows([], {}, { ".dfbuild.yaml": "label-schema:\n  owner: person\n" });
    expect(bad.stderr).toContain(".dfbuild.yaml:2:10: label-schema.owner: expected one of text, url, spdx, rfc3339, semver, hash, email, got \"person\"");
    const flag = await rows(["--require-label", "owner"]);
    expect(flag.stderr).toBe('dfbuild lint: --require-label owner: expected LABEL:TYPE with TYPE one of text, url, spdx, rfc3339, semver, hash, email, got "owner"\n');
    expect((await rows(["--require-label", "owner:text", "--strict-labels", "--trusted-registry", "docker.io"])).code).toBe(1);
  });
  test("--disable-ignore-pragma", async () => {
    const root = project({ "app/Dockerfile": "FROM alpine:3.20\n# hadolint ignore=DL4000\nMAINTAINER me\n" });
    const ignored = await runCli(["lint", "--format", "compact", "app/Dockerfile"], "", root);
    expect(ignored.stdout).toBe("");
    const kept = await runCli(["lint", "--format", "compact", "--disable-ignore-pragma", "app/Dockerfile"], "", root);
    expect(kept.stdout).toContain("[maintainer-deprecated]");
  });
  test("--rule and --ignore accept a hadolint code or BuildKit check dfbuild has no rule for, with a warning", async () => {
    const result = await rows(["--rule", "DL3031=off", "--ignore", "DL3031", "--rule", "InvalidBaseImagePlatform=off"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        "dfbuild lint: warning: --ignore DL3031: DL3031 names a hadolint rule this dfbuild has no rule for yet; the setting has no effect.",
        "dfbuild lint: warning: --rule DL3031=off: DL3031 names a hadolint rule this dfbuild has no rule for yet; the setting has no effect.",
        "dfbuild lint: warning: --rule InvalidBaseImagePlatform=off: InvalidBaseImagePlatform names a BuildKit check this dfbuild has no rule for yet; the setting has no effect.",
        "",
      ].join("\n"),
    );
  });
});
