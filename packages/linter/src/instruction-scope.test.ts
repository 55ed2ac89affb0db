/** What an instruction-scoped rule may read of the file (its instruction's own facts) and what it may not. */
import { parse } from "@dfbuild/parser";
import { describe, expect, test } from "vitest";
import { LintFile } from "./file.js";
import { InstructionScopeFile, RuleScopeError } from "./instruction-scope.js";

const text = "# escape=`\nARG V=1\nFROM alpine:3.20 AS base\nRUN echo `\n  $V\n";
const { ast, diagnostics } = parse(text);
const whole = new LintFile(text, ast, diagnostics, "app/Dockerfile", { dockerignore: "*.log\n" });
/** Made in each test: a view made at import would escape the mutants Stryker activates per test. */
function scopedView(): InstructionScopeFile {
  return new InstructionScopeFile(whole, "some-rule");
}
const from = ast.instructions[1];
const image = from?.type === "From" ? from.image : null;

describe("InstructionScopeFile", () => {
  test("the text, its positions, the file's name and escape character are readable", () => {
    const scoped = scopedView();
    expect(scoped.text).toBe(text);
    expect(scoped.name).toBe("app/Dockerfile");
    expect(scoped.lines).toBe(whole.lines);
    expect(whole.escape).toBe("`");
    expect(scoped.escape).toBe("`");
    expect(scoped.ruleId).toBe("some-rule");
  });

  test.each<[string, () => unknown]>([
    ["ast", () => scopedView().ast],
    ["diagnostics", () => scopedView().diagnostics],
    ["semantic", () => scopedView().semantic],
    ["dockerignore", () => scopedView().dockerignore],
    ["stages", () => scopedView().stages],
    ["preamble", () => scopedView().preamble],
    ["stageOf", () => scopedView().stageOf()],
    ["scopeAt", () => scopedView().scopeAt()],
    ["resolve", () => (from && image ? scopedView().resolve(image, from) : null)],
    ["findStage", () => scopedView().findStage()],
  ])("reading file.%s, which depends on other instructions, is a RuleScopeError naming it", (name, read) => {
    expect(() => read()).toThrow(RuleScopeError);
    expect(() => read()).toThrow(`rule some-rule declares meta.scope "instruction" but read file.${name}, which depends on other instructions; declare scope "file" instead`);
    try {
      read();
    } catch (error) {
      expect(error).toMatchObject({ name: "RuleScopeError", code: "rule-scope", ruleId: "some-rule", did: `read file.${name}` });
    }
  });

  test("the whole file answers what the scoped view refuses", () => {
    expect(whole.ast).toBe(ast);
    expect(whole.stages.map((stage) => stage.name)).toEqual(["base"]);
    expect(whole.dockerignore).not.toBeNull();
    expect(from && image ? whole.resolve(image, from) : null).toBe("alpine:3.20");
  });
});
