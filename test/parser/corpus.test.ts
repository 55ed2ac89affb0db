import { describe, expect, test } from "vitest";
import { parse, print } from "@dfbuild/parser";
import { corpusFiles } from "../shared.js";

/**
 * Real files that BuildKit itself rejects, each with the reason. Any other error diagnostic on
 * the corpus is a parser bug.
 */
const expectedErrors: Record<string, string[]> = {
  // buildah's SELinux mount option `z` is not BuildKit syntax: BuildKit fails the build the same way.
  "containers__buildah/tests__bud__buildkit-mount__Dockerfile": ["4: invalid field 'z' must be a key=value pair"],
  "containers__buildah/tests__bud__buildkit-mount__Dockerfilecacheread": ["4: invalid field 'z' must be a key=value pair"],
  "containers__podman/test__e2e__build__buildkit-mount__Containerfilecachewrite": ["4: invalid field 'z' must be a key=value pair"],
  // Test fixtures that are wrong on purpose.
  "docker__compose/pkg__e2e__fixtures__wrong-composefile__service1__Dockerfile": ["17: unknown instruction: WRONG"],
  "openshift__imagebuilder/dockerclient__testdata__Dockerfile.badhealthcheck": ["2: HEALTHCHECK requires at least one argument"],
  "openshift__imagebuilder/dockerclient__testdata__Dockerfile.unknown": ["2: unknown instruction: HEALTH", "3: unknown instruction: UNRECOGNIZED"],
};

describe("the real-world corpus", () => {
  const files = corpusFiles();

  test("has all 1,235 files", () => {
    expect(files).toHaveLength(1235);
  });

  test("every file parses, round-trips byte for byte, and only BuildKit-rejected files have errors", () => {
    const errors: Record<string, string[]> = {};
    for (const [name, text] of files) {
      const { ast, diagnostics } = parse(text);
      expect(print(ast), name).toBe(text);
      const messages = diagnostics.filter((d) => d.severity === "error").map((d) => `${d.range.start.line}: ${d.message}`);
      if (messages.length > 0) errors[name] = messages;
    }
    expect(errors).toEqual(expectedErrors);
  });
});
