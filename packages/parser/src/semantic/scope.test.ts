import { describe, expect, test } from "vitest";
import { ScopeFrame, namesBefore, resolveIn } from "./scope.js";
import type { VariableDefinition, VariableKind } from "./types.js";

/** A definition as the semantic model makes it, with only what the scope rules read filled in. */
function definition(kind: VariableKind, name: string, value?: string): VariableDefinition {
  const written = { instruction: null, stage: null, nameRange: null, range: null, valueWord: null, inherits: null, error: null };
  return { ...written, kind, name, source: value === undefined ? "none" : "default", state: value === undefined ? "unset" : "set", value, certain: true };
}

describe("scope frames", () => {
  test("a frame's point is one object until a definition is added", () => {
    const frame = new ScopeFrame(null, "image");
    const empty = frame.point();
    expect(frame.point()).toBe(empty);
    frame.add(definition("arg", "A", "1"));
    const one = frame.point();
    expect(one).not.toBe(empty);
    expect([empty.count, one.count, frame.point().count]).toEqual([0, 1, 1]);
  });
});

describe("the global scope", () => {
  // Meta ARGs: the latest with a value for BuildKit, the latest for the classic builder, in
  // every context (FROM's scope is the global one).
  const global = new ScopeFrame(null, "global");
  const valued = definition("arg", "V", "1");
  const declared = definition("arg", "V");
  global.add(valued);
  global.add(declared);
  const point = global.point();

  test.each(["build", "run", "container"] as const)("a meta ARG resolves in the %s context", (context) => {
    expect(resolveIn(point, "V", context, "buildkit")).toBe(valued);
    expect(resolveIn(point, "V", context, "classic")).toBe(declared);
    expect(namesBefore(point, context, "buildkit")).toEqual(["V"]);
    expect(namesBefore(point, context, "classic")).toEqual(["V"]);
  });
});

describe("a stage built on another stage", () => {
  const base = new ScopeFrame(null, "image");
  const baseArg = definition("arg", "A", "1");
  const baseEnv = definition("env", "E", "1");
  const baseDeclared = definition("arg", "U");
  base.add(baseArg);
  base.add(baseEnv);
  base.add(baseDeclared);
  const stage = new ScopeFrame(base.point(), "image");
  // `ARG A` again, without a value.
  const redeclared = definition("arg", "A");
  const own = definition("arg", "C", "2");
  stage.add(redeclared);
  stage.add(own);
  const point = stage.point();
  // Defined after the point: not seen from it.
  stage.add(definition("arg", "LATER", "3"));

  test("the container sees ENV only, through the base stage", () => {
    expect(resolveIn(point, "E", "container", "buildkit")).toBe(baseEnv);
    expect(resolveIn(point, "C", "container", "buildkit")).toBeNull();
    expect(namesBefore(point, "container", "buildkit")).toEqual(["E"]);
    expect(namesBefore(point, "container", "classic")).toEqual(["E"]);
  });

  test("BuildKit: the base stage's ARGs carry over, with a value or only declared; a declaration keeps the value", () => {
    expect(resolveIn(point, "A", "build", "buildkit")).toBe(baseArg);
    expect(resolveIn(point, "U", "run", "buildkit")).toBe(baseDeclared);
    expect(resolveIn(point, "C", "build", "buildkit")).toBe(own);
    expect(namesBefore(point, "build", "buildkit")).toEqual(["A", "E", "U", "C"]);
  });

  test("classic: ARGs are the stage's own, ENV carries over", () => {
    expect(resolveIn(point, "A", "build", "classic")).toBe(redeclared);
    expect(resolveIn(point, "U", "build", "classic")).toBeNull();
    expect(resolveIn(point, "E", "run", "classic")).toBe(baseEnv);
    expect(resolveIn(point, "C", "build", "classic")).toBe(own);
    expect(namesBefore(point, "run", "classic")).toEqual(["E", "A", "C"]);
  });

  test("a definition after the point is not seen", () => {
    expect(resolveIn(point, "LATER", "build", "buildkit")).toBeNull();
    expect(namesBefore(point, "build", "buildkit")).not.toContain("LATER");
  });
});
