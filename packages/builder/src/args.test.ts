/** Build arguments with the classic builder's scoping (moby builder/dockerfile/buildargs.go). */
import { describe, expect, test } from "vitest";
import { BuildArgs } from "./args.js";

describe("BuildArgs", () => {
  test("unused(): the --build-arg names no ARG declared, proxies and meta ARGs excepted, sorted as docker prints them", () => {
    const args = new BuildArgs(new Map([["ZED", "1"], ["ALPHA", "2"], ["HTTP_PROXY", "p"], ["META", "m"], ["DECLARED", "d"]]), new Map([["META", "x"]]));
    args.stage().declare("DECLARED", null);
    expect(args.unused()).toEqual(["ALPHA", "ZED"]);
  });

  test("a value: --build-arg beats the stage's ARG default, which beats the meta ARG's; a bare ARG takes the meta value", () => {
    const args = new BuildArgs(new Map([["FROM_CLI", "cli"], ["UNSET_CLI", null]]), new Map([["FROM_CLI", "meta"], ["V", "meta-v"], ["W", "meta-w"], ["UNSET_CLI", "meta-u"]]));
    const stage = args.stage();
    for (const [name, value] of [["FROM_CLI", "stage"], ["V", null], ["W", "stage-w"], ["UNSET_CLI", null], ["NONE", null]] as const) stage.declare(name, value);
    expect(Object.fromEntries(stage.effective([]))).toEqual({ FROM_CLI: "cli", V: "meta-v", W: "stage-w", UNSET_CLI: "meta-u" });
    // ENV shadows an ARG of the same name.
    expect(Object.fromEntries(stage.effective(["W=env"]))).toEqual({ FROM_CLI: "cli", V: "meta-v", UNSET_CLI: "meta-u" });
  });

  test("a new stage declares nothing: meta ARGs need a bare ARG again", () => {
    const args = new BuildArgs(new Map(), new Map([["V", "meta"]]));
    args.stage().declare("V", null);
    expect(Object.fromEntries(args.stage().effective([]))).toEqual({});
  });

  test("proxies reach RUN when given, and show in the history only once declared (IsReferencedOrNotBuiltin)", () => {
    const args = new BuildArgs(new Map([["HTTP_PROXY", "http://proxy"]]), new Map());
    const stage = args.stage();
    expect(Object.fromEntries(stage.effective([]))).toEqual({ HTTP_PROXY: "http://proxy" });
    expect(stage.isRecorded("HTTP_PROXY")).toBe(false);
    expect(stage.isRecorded("OTHER")).toBe(true);
    stage.declare("HTTP_PROXY", null);
    expect(stage.isRecorded("HTTP_PROXY")).toBe(true);
  });
});
