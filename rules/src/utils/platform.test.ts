import { lintText, RuleRegistry, defineRule } from "@dfbuild/linter";
import type { FromInstruction } from "@dfbuild/parser";
import { afterEach, describe, expect, test } from "vitest";
import { type PlatformExpansion, expandPlatform, parsePlatform, platformPlaceholder } from "./platform.js";

/** `expandPlatform` of each FROM's `--platform` value, read by a rule over `text`. */
function expansions(text: string): (PlatformExpansion | null)[] {
  const seen: (PlatformExpansion | null)[] = [];
  const rule = defineRule({
    meta: { id: "probe", severity: "info", type: "suggestion", docs: { description: "expands FROM --platform" }, messages: {} },
    create: (context) => ({
      From: (node: FromInstruction) => {
        const flag = node.flags.find((f) => f.name === "platform");
        if (flag?.value !== null && flag?.value !== undefined) seen.push(expandPlatform(context.file, node, flag.value));
      },
    }),
  });
  lintText(text, { registry: new RuleRegistry([rule]) });
  return seen;
}

describe("expandPlatform", () => {
  test("an automatic ARG's placeholder is its name between NUL characters, which no ARG value can hold", () => {
    expect(platformPlaceholder("TARGETARCH")).toBe("\u0000TARGETARCH\u0000");
  });

  test("automatic platform ARGs expand to their placeholders, global ARGs to their defaults", () => {
    expect(expansions("ARG OS=linux\nFROM --platform=$OS/$TARGETARCH a\n")).toEqual([
      { value: `linux/${platformPlaceholder("TARGETARCH")}`, matched: ["OS", "TARGETARCH"], unmatched: [] },
    ]);
  });

  test("a global ARG without a value is unmatched", () => {
    expect(expansions("ARG OS\nFROM --platform=$OS a\n")).toEqual([{ value: "", matched: [], unmatched: ["OS"] }]);
  });

  test("an automatic ARG declared globally with a default takes that default", () => {
    expect(expansions("ARG TARGETOS=windows\nFROM --platform=$TARGETOS a\n")).toEqual([{ value: "windows", matched: ["TARGETOS"], unmatched: [] }]);
  });

  test("the file's escape character is the expansion's", () => {
    expect(expansions("# escape=`\nFROM --platform=`$BUILDOS a\n")).toEqual([{ value: "$BUILDOS", matched: [], unmatched: [] }]);
  });

  test("a value that does not expand gives null", () => {
    expect(expansions("FROM --platform=${OS:?unset} a\n")).toEqual([null]);
  });
});

describe("parsePlatform (containerd's platforms.Parse)", () => {
  const arch = Object.getOwnPropertyDescriptor(process, "arch");
  afterEach(() => {
    if (arch) Object.defineProperty(process, "arch", arch);
  });

  test.each([
    ["linux/amd64", "linux", "amd64"],
    ["Linux/AMD64", "linux", "amd64"],
    ["linux/x86_64", "linux", "amd64"],
    ["linux/x86-64", "linux", "amd64"],
    ["linux/i386", "linux", "386"],
    ["linux/aarch64", "linux", "arm64"],
    ["linux/arm64/v8", "linux", "arm64"],
    ["linux/armhf", "linux", "arm"],
    ["linux/armel", "linux", "arm"],
    ["linux/arm/v7", "linux", "arm"],
    ["windows/riscv64", "windows", "riscv64"],
    ["plan9/anything_else", "plan9", "anything_else"],
    ["x86_64", "linux", "amd64"],
    ["aarch64", "linux", "arm64"],
    ["s390x", "linux", "s390x"],
  ])("%s: %s/%s", (text, os, architecture) => {
    expect(parsePlatform(text)).toEqual({ os, architecture });
  });

  test.each(["", "linux/", "/amd64", "linux/amd64/", "linux/amd64/v8/x", "linux/am d64", "linux/amd64*", "nosuchthing", "linux//amd64"])("%j does not parse", (text) => {
    expect(parsePlatform(text)).toBeNull();
  });

  test.each([
    ["x64", "amd64"],
    ["ia32", "386"],
    ["arm64", "arm64"],
    ["ppc64", "ppc64"],
  ])("an OS alone takes the machine's architecture (Node's %s is %s)", (nodeArch, architecture) => {
    Object.defineProperty(process, "arch", { value: nodeArch, configurable: true });
    expect(parsePlatform("linux")).toEqual({ os: "linux", architecture });
    expect(parsePlatform("windows")).toEqual({ os: "windows", architecture });
  });
});
