/** expand-words.ts: a word as BuildKit's ProcessWords splits it, with the variables in scope, or null when the build may see another value. */
import { LintFile } from "@dfbuild/linter";
import { type ExposeInstruction, parse } from "@dfbuild/parser";
import { describe, expect, test } from "vitest";
import { buildsOnImage, expandWords } from "./expand-words.js";

/** The words of the last EXPOSE of `text`'s first port word. */
function exposed(text: string): string[] | null {
  const { ast, diagnostics } = parse(text);
  const file = new LintFile(text, ast, diagnostics, "Dockerfile");
  const expose = ast.instructions.findLast((instruction): instruction is ExposeInstruction => instruction.type === "Expose");
  const word = expose?.ports[0];
  if (expose === undefined || word === undefined) throw new Error(`no EXPOSE word in ${text}`);
  return expandWords(file, word, expose);
}

describe("expandWords", () => {
  test("ARG and ENV values in scope, split into words", () => {
    expect(exposed("FROM scratch\nARG P=80\nEXPOSE $P\n")).toEqual(["80"]);
    expect(exposed('FROM scratch\nENV P="80 443/udp"\nEXPOSE $P\n')).toEqual(["80", "443/udp"]);
    expect(exposed("FROM alpine\nARG P=80\nEXPOSE 8$P\n")).toEqual(["880"]);
  });

  test("a variable the file does not define: empty on scratch, unknown on an image (its environment may set it)", () => {
    expect(exposed("FROM scratch\nEXPOSE 80$P\n")).toEqual(["80"]);
    expect(exposed("FROM scratch AS base\nFROM base\nEXPOSE 80$P\n")).toEqual(["80"]);
    expect(exposed("FROM alpine\nEXPOSE 80$P\n")).toBeNull();
    expect(exposed("FROM alpine AS base\nFROM base\nEXPOSE 80$P\n")).toBeNull();
  });

  test("null when a value is not certain: an ARG without a default, or a value computed from one", () => {
    expect(exposed("FROM scratch\nARG P\nEXPOSE 80$P\n")).toBeNull();
    expect(exposed("FROM scratch\nARG A\nARG P=8$A\nEXPOSE $P\n")).toBeNull();
  });

  test("null when the expansion fails", () => {
    expect(exposed("FROM scratch\nEXPOSE ${P:?no port}\n")).toBeNull();
  });

  test("the file's escape character", () => {
    expect(exposed("# escape=`\nFROM scratch\nARG P=80\nEXPOSE \\$P\n")).toEqual(["\\80"]);
    expect(exposed("FROM scratch\nARG P=80\nEXPOSE \\$P\n")).toEqual(["$P"]);
  });
});

test("buildsOnImage: no stage builds on nothing", () => {
  expect(buildsOnImage(null)).toBe(false);
});
