import { describe, expect, test } from "vitest";
import { queryString, segment } from "./api-client.js";
import { compareApiVersions } from "./api-version.js";
import { EngineError } from "./errors.js";
import { splitReference } from "./images.js";

describe("compareApiVersions", () => {
  test("compares numerically, not as text", () => {
    expect(compareApiVersions("1.9", "1.41")).toBeLessThan(0);
    expect(compareApiVersions("1.41", "1.41")).toBe(0);
    expect(compareApiVersions("1.52", "1.41")).toBeGreaterThan(0);
    expect(compareApiVersions("2.0", "1.99")).toBeGreaterThan(0);
  });
});

describe("splitReference", () => {
  test.each([
    ["busybox", { name: "busybox", tag: "latest" }],
    ["busybox:1.36", { name: "busybox", tag: "1.36" }],
    ["localhost:5000/app", { name: "localhost:5000/app", tag: "latest" }],
    ["localhost:5000/app:2", { name: "localhost:5000/app", tag: "2" }],
    ["app@sha256:0123", { name: "app", tag: "sha256:0123" }],
  ])("%s", (reference, expected) => {
    expect(splitReference(reference)).toEqual(expected);
  });
});

describe("request paths", () => {
  test("query strings encode booleans as 1/0, repeat arrays and skip undefined", () => {
    expect(queryString({ v: true, force: false, tail: 10, skip: undefined, changes: ["ENV A=1", "CMD [\"/x\"]"] })).toBe(
      "?v=1&force=0&tail=10&changes=ENV+A%3D1&changes=CMD+%5B%22%2Fx%22%5D",
    );
    expect(queryString({})).toBe("");
  });

  test("names keep their slashes and colons, other characters are escaped", () => {
    expect(segment("dfbuild-test/busybox:latest")).toBe("dfbuild-test/busybox:latest");
    expect(segment("a b?c#d")).toBe("a%20b%3Fc%23d");
  });
});

describe("EngineError", () => {
  test("leads with the engine's message and says which request got which status", () => {
    const error = new EngineError({ status: 404, engineMessage: "No such image: x:1", method: "GET", path: "/v1.41/images/x:1/json" });
    expect(error.message).toBe("No such image: x:1 (the engine answered 404 to GET /v1.41/images/x:1/json)");
    expect(error).toMatchObject({ name: "EngineError", code: "DFB_ENGINE_RESPONSE", status: 404 });
  });
});
