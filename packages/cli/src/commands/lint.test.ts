import { expect, test } from "vitest";
import { parseLintArgs } from "./lint.js";

// A trailing "--" ends the options without adding a positional, so Node's parseArgs reads the same
// command line with it; it also keeps parseLintArgs off its own reading. The two must agree.
test.each([
  [[]],
  [["Dockerfile"]],
  [["-"]],
  [["a/Dockerfile", "-", "b.Dockerfile"]],
  [["--fix", "Dockerfile"]],
  [["Dockerfile", "--fix", "--fix"]],
  [[""]],
  [["--no-fail", "--no-color", "--strict-labels", "--disable-ignore-pragma", "--help", "Dockerfile"]],
  [["--preset", "strict", "--rule", "shellcheck=off", "--rule", "DL3008=error", "Dockerfile"]],
  [["--format", "json", "--format", "sarif", "--config", "-", "--failure-threshold", "", "a", "b"]],
  [["--ignore", "DL3008", "--error", "DL3009", "--warning", "x", "--info", "y", "--style", "z", "--trusted-registry", "r.io", "--require-label", "maintainer:email"]],
])("%j parses as Node's parseArgs reads it", (argv) => {
  const parsed = parseLintArgs(argv);
  expect(parsed).toStrictEqual(parseLintArgs([...argv, "--"]));
  expect(Object.getPrototypeOf(parsed.values)).toBeNull();
});

test("other command lines go through Node's parseArgs, errors included", () => {
  expect(parseLintArgs(["-f", "json", "--rule=shellcheck=off", "Dockerfile"])).toMatchObject({ values: { format: "json", rule: ["shellcheck=off"] }, positionals: ["Dockerfile"] });
  expect(parseLintArgs(["-h"]).values.help).toBe(true);
  expect(parseLintArgs(["--", "--fix"])).toMatchObject({ values: { fix: false }, positionals: ["--fix"] });
  for (const argv of [["--fix=yes"], ["--preset"], ["--preset", "--fix"], ["--rule", "-x"]]) {
    expect(() => parseLintArgs(argv), argv.join(" ")).toThrow(expect.objectContaining({ code: "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" }));
  }
  expect(() => parseLintArgs(["--unknown", "Dockerfile"])).toThrow(expect.objectContaining({ code: "ERR_PARSE_ARGS_UNKNOWN_OPTION" }));
});
