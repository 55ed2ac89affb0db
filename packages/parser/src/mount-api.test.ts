import { describe, expect, test } from "vitest";
import { resolveMount, validateMount } from "./mount-api.js";

// BuildKit's builder expands every field value of a `RUN --mount` with the stage's variables
// before `parseMount` checks it (dockerfile2llb/convert_runmount.go, instructions/commands_runmount.go).
describe("resolveMount and validateMount (a mount once variables are known)", () => {
  test("each field value is expanded with the environment before it is checked", () => {
    const result = resolveMount("type=$T,target=${DIR}/c,id=x", { T: "cache", DIR: "/root" });
    expect(result).toMatchObject({ ok: true, mount: { type: "cache", target: "/root/c", id: "x" } });
    expect(validateMount("type=$T,target=/c", { T: "cache" })).toBeNull();
  });

  test("BuildKit's message when the expanded mount is invalid", () => {
    expect(resolveMount("type=$T,target=/c", { T: "nope" })).toEqual({ ok: false, message: "unsupported mount type \"nope\"" });
    expect(validateMount("type=$T,target=/c", { T: "nope" })).toBe("unsupported mount type \"nope\"");
  });

  test("an expansion error is the mount's error", () => {
    const message = validateMount("target=${A:?is required}", {});
    expect(message).toBe("failed to process \"${A:?is required}\": A: is required");
    expect(resolveMount("target=${A:?is required}", {})).toEqual({ ok: false, message });
  });

  test("the escape character expansion uses is the file's", () => {
    expect(resolveMount("target=/a`$B", { B: "x" }, "`")).toMatchObject({ ok: true, mount: { target: "/a$B" } });
    expect(resolveMount("target=/a\\$B", { B: "x" })).toMatchObject({ ok: true, mount: { target: "/a$B" } });
    expect(resolveMount("target=/a\\$B", { B: "x" }, "`")).toMatchObject({ ok: true, mount: { target: "/a\\x" } });
    // validateMount's default escape is the backslash too.
    expect(validateMount("type=\\$T", { T: "x" })).toBe('unsupported mount type "$T"');
  });
});
