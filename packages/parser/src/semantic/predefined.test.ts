import { describe, expect, test } from "vitest";
import { PLATFORM_ARGS, platformArgValues } from "./predefined.js";

describe("platformArgValues (BuildKit's automatic platform ARGs)", () => {
  test("every platform ARG, in defaultArgs' order, formatted as containerd's platforms.Format", () => {
    const values = platformArgValues({ os: "linux", architecture: "arm64", variant: "v8" }, { os: "windows", architecture: "amd64" });
    expect([...values.keys()]).toEqual([...PLATFORM_ARGS]);
    expect(Object.fromEntries(values)).toEqual({
      BUILDPLATFORM: "windows/amd64",
      BUILDOS: "windows",
      BUILDOSVERSION: "",
      BUILDARCH: "amd64",
      BUILDVARIANT: "",
      TARGETPLATFORM: "linux/arm64/v8",
      TARGETOS: "linux",
      TARGETOSVERSION: "",
      TARGETARCH: "arm64",
      TARGETVARIANT: "v8",
    });
  });

  test("a variant on the build platform, none on the target", () => {
    const values = platformArgValues({ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm", variant: "v7" });
    expect(values.get("BUILDPLATFORM")).toBe("linux/arm/v7");
    expect(values.get("BUILDVARIANT")).toBe("v7");
    expect(values.get("TARGETPLATFORM")).toBe("linux/amd64");
    expect(values.get("TARGETVARIANT")).toBe("");
  });
});
