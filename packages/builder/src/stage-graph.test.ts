import { describe, expect, test } from "vitest";
import { BASE, engineWithBase, fakeBuild } from "./build-harness.test-helper.js";
import type { BuildEvent } from "./events.js";

/** The lines of the steps a build ran, by step number (independent stages run at the same time). */
function stepLines(events: BuildEvent[]): number[] {
  return events.flatMap((event) => (event.type === "step" ? [event] : [])).sort((a, b) => a.step - b.step).map((event) => event.line);
}

describe("stages, FROM and meta ARGs (from the parser's semantic model, classic rules)", () => {
  test("only the stages the target needs are built: its FROM chain, COPY --from and a base stage's ONBUILD", async () => {
    const dockerfile = [
      `FROM ${BASE} AS unused`,
      "ENV U=1",
      `FROM ${BASE} AS assets`,
      "ENV A=1",
      `FROM ${BASE} AS tools`,
      "ENV T=1",
      `FROM ${BASE} AS base`,
      "ONBUILD COPY --from=assets /etc/group /group",
      "FROM base AS app",
      "COPY --from=TOOLS /etc/passwd /passwd",
      `FROM ${BASE} AS after`,
      "",
    ].join("\n");
    const { error, events } = await fakeBuild(engineWithBase(), dockerfile, { target: "APP" });
    expect(error).toBeUndefined();
    expect(stepLines(events)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
  });

  test("meta ARGs name the base, with --build-arg over the default; a stage named through one is that stage", async () => {
    const dockerfile = `ARG BASE_STAGE=first\nFROM ${BASE} AS first\nENV WHICH=first\nFROM ${BASE} AS second\nENV WHICH=second\nFROM \${BASE_STAGE}\n`;
    const first = await fakeBuild(engineWithBase(), dockerfile);
    expect(first.image?.config.Env).toContain("WHICH=first");
    const second = await fakeBuild(engineWithBase(), dockerfile, { buildArgs: new Map([["BASE_STAGE", "Second"]]) });
    expect(second.image?.config.Env).toContain("WHICH=second");
    expect(stepLines(second.events)).toEqual([1, 4, 5, 6]);
  });

  test("a meta ARG whose default fails to expand fails the build at its line", async () => {
    const required = await fakeBuild(engineWithBase(), `ARG VERSION=\${RELEASE:?required}\nFROM ${BASE}\n`);
    expect(required.error?.message).toBe('failed to process "${RELEASE:?required}": RELEASE: required');
    expect(required.error?.location).toEqual({ file: "Dockerfile", line: 1, column: 1 });
  });

  test("a FROM that expands to nothing, and a --target no stage has", async () => {
    const blank = await fakeBuild(engineWithBase(), "ARG IMAGE\nFROM ${IMAGE}\n");
    expect(blank.error?.message).toBe("base name (${IMAGE}) should not be blank");
    expect(blank.error?.location).toEqual({ file: "Dockerfile", line: 2, column: 1 });
    const target = await fakeBuild(engineWithBase(), `FROM ${BASE} AS one\n`, { target: "two" });
    expect(target.error?.message).toBe('target stage "two" could not be found');
  });

  test("build args no ARG declares are reported, meta ARGs and proxies count as declared", async () => {
    const { result } = await fakeBuild(engineWithBase(), `ARG META\nFROM ${BASE}\nARG LOCAL\n`, {
      buildArgs: new Map([["META", "1"], ["LOCAL", "2"], ["HTTP_PROXY", "http://p"], ["NOBODY", "3"]]),
    });
    expect(result?.unusedBuildArgs).toEqual(["NOBODY"]);
  });
});
