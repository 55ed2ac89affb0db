/**
 * The shellcheck rule through the CLI: ShellCheck's codes work wherever a rule name does, reports
 * show them, and a missing program is said once, never silently.
 */
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { shellcheckPath } from "../../rules/src/utils/shellcheck-runner.js";
import { runCli } from "../cli.js";
import { project } from "./helpers.js";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const available = shellcheckPath() !== null;
const text = "FROM debian:12\nRUN rm $FILES && rm $(cat list)\n";

async function codes(args: string[], files: Record<string, string> = {}, dockerfile = text): Promise<string[]> {
  const root = project({ ...files, Dockerfile: dockerfile });
  const result = await runCli(["lint", "--format", "json", "--preset", "strict", ...args, "Dockerfile"], "", root);
  return (JSON.parse(result.stdout) as { rule: string; code?: string; severity: string }[]).filter((row) => row.rule === "shellcheck").map((row) => `${row.code ?? ""}:${row.severity}`);
}

test("CI has the shellcheck program (scripts/shellcheck.sh installs it)", () => {
  if (process.env.CI === "true") expect(available).toBe(true);
});

describe.skipIf(!available)("ShellCheck codes", () => {
  test("findings carry ShellCheck's code and severity", async () => {
    expect(await codes([])).toEqual(["SC2086:info", "SC2046:warning"]);
    const root = project({ Dockerfile: text });
    const compact = await runCli(["lint", "--format", "compact", "--preset", "strict", "Dockerfile"], "", root);
    expect(compact.stdout).toContain("Dockerfile:2:8: info: Double quote to prevent globbing and word splitting. [shellcheck/SC2086]");
  });
  test("configuration names codes: --rule, --ignore, hadolint's override and ignored", async () => {
    expect(await codes(["--rule", "SC2086=off"])).toEqual(["SC2046:warning"]);
    expect(await codes(["--ignore", "SC2046", "--error", "SC2086"])).toEqual(["SC2086:error"]);
    expect(await codes([], { ".dfbuild.yaml": "preset: strict\noverride:\n  style: [SC2046]\nignored: [SC2086]\n" })).toEqual(["SC2046:style"]);
    expect(await codes(["--rule", "shellcheck=error"])).toEqual(["SC2086:error", "SC2046:error"]);
  });
  test("inline ignores name codes", async () => {
    expect(await codes([], {}, `FROM debian:12\n# hadolint ignore=SC2086\n${text.split("\n")[1] ?? ""}\n`)).toEqual(["SC2046:warning"]);
    expect(await codes([], {}, `FROM debian:12\n# dfbuild-ignore SC2046 -- listing on purpose\n${text.split("\n")[1] ?? ""}\n`)).toEqual(["SC2086:info"]);
  });
  test("the hadolint preset runs it; recommended does not (opt-in)", async () => {
    const root = project({ Dockerfile: text, ".hadolint.yaml": "{}\n" });
    const hadolint = await runCli(["lint", "--format", "compact", "Dockerfile"], "", root);
    expect(hadolint.stdout).toContain("[shellcheck/SC2046]");
    const recommended = await runCli(["lint", "--format", "compact", "--preset", "recommended", "Dockerfile"], "", root);
    expect(recommended.stdout).not.toContain("shellcheck");
  });
});

test("without the program, a run that wants the rule says so once, and lints the rest", () => {
  const root = project({ Dockerfile: text, "b/Dockerfile": text });
  const bin = join(repo, "packages", "cli", "bin", "dfbuild.cjs");
  // strict also asks every image for a HEALTHCHECK and a digest; this file is about shellcheck alone.
  const run = spawnSync(process.execPath, [bin, "lint", "--preset", "strict", "--rule", "require-healthcheck=off", "--rule", "base-image-digest=off", "--format", "compact", "."], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DFBUILD_SHELLCHECK: join(root, "no-such-shellcheck") },
  });
  expect(run.stderr).toBe(`dfbuild lint: warning: the shellcheck rule is on but did not run: DFBUILD_SHELLCHECK=${join(root, "no-such-shellcheck")} is not an executable file.\n`);
  expect(run.stdout).not.toContain("shellcheck");
  expect(run.status).toBe(0);
  const rules = spawnSync(process.execPath, [bin, "rules"], { encoding: "utf8", env: { ...process.env, DFBUILD_SHELLCHECK: "/no/such/shellcheck" } });
  expect(rules.stdout).toContain("shellcheck: cannot run here: DFBUILD_SHELLCHECK=/no/such/shellcheck is not an executable file.");
});
