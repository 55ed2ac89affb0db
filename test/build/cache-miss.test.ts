/**
 * Why a step missed the cache, against the engine: `--progress json` carries the reason as data,
 * `plain` says it in one line; and metadata steps make their images without a container.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runCli } from "../cli.js";
import { BUSYBOX, dfbuild, makeContext, testScope, uniqueTag } from "./helpers.js";

const { contexts, images } = testScope();

interface JsonEvent {
  type: string;
  step?: number;
  instruction?: string;
  reason?: { kind: string; [field: string]: unknown };
}

async function buildJson(context: string, args: string[] = []): Promise<JsonEvent[]> {
  const tag = uniqueTag("miss");
  images.push(tag);
  const result = await runCli(["build", "--progress", "json", "-t", tag, ...args, context]);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as JsonEvent);
}

/** The reason of each step that missed, by the step's instruction. */
function reasons(events: JsonEvent[]): Record<string, JsonEvent["reason"]> {
  const instructions = new Map(events.filter((event) => event.type === "step").map((event) => [event.step, event.instruction]));
  return Object.fromEntries(events.filter((event) => event.type === "cache-miss").map((event) => [instructions.get(event.step) ?? "", event.reason]));
}

const DOCKERFILE = `FROM ${BUSYBOX}
ARG V=1
ENV A=1
COPY . /app/
RUN echo $V > /v
LABEL done=1
`;

describe("cache-miss reasons", () => {
  test("first build, a changed file, a changed build arg, --no-cache", async () => {
    const context = await makeContext({ Dockerfile: DOCKERFILE, "a.txt": "a\n", "b.txt": "b\n" });
    contexts.push(context);
    const first = reasons(await buildJson(context));
    expect(first["ARG V=1"]).toEqual({ kind: "new-step" });
    expect(first["ENV A=1"]).toEqual({ kind: "earlier-step", step: 2 });

    await writeFile(join(context, "b.txt"), "changed, longer\n");
    const changedFile = reasons(await buildJson(context));
    expect(Object.keys(changedFile)).toEqual(["COPY . /app/", "RUN echo $V > /v", "LABEL done=1"]);
    expect(changedFile["COPY . /app/"]).toEqual({ kind: "files", changed: ["b.txt"], added: [], removed: [], sources: ["."] });
    expect(changedFile["RUN echo $V > /v"]).toEqual({ kind: "earlier-step", step: 4 });

    await writeFile(join(context, "new.txt"), "new\n");
    const plain = await dfbuild(context, []);
    images.push(plain.tag);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain("Step 4/6 : COPY . /app/\n ---> Cache miss: files added: new.txt\n");

    const changedArg = reasons(await buildJson(context, ["--build-arg", "V=2"]));
    expect(changedArg["RUN echo $V > /v"]).toEqual({ kind: "build-args", changes: [{ name: "V", before: "1", after: "2" }] });

    const noCache = reasons(await buildJson(context, ["--no-cache"]));
    expect(Object.values(noCache).every((reason) => reason?.kind === "no-cache")).toBe(true);
    expect(plain.stdout).not.toContain("Cache miss: the cache is off");
  });

  test("a changed instruction", async () => {
    const context = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nENV A=1\n` });
    contexts.push(context);
    await buildJson(context);
    await writeFile(join(context, "Dockerfile"), `FROM ${BUSYBOX}\nENV A=2\n`);
    expect(reasons(await buildJson(context))["ENV A=2"]).toEqual({ kind: "instruction", before: "/bin/sh -c #(nop)  ENV A=1", after: "/bin/sh -c #(nop)  ENV A=2" });
  });

  test("metadata steps, and WORKDIR on an existing directory, make their images without a container", async () => {
    const context = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nENV A=1\nLABEL l=1\nWORKDIR /bin\nWORKDIR /new\nWORKDIR /bin/sub\nCMD ["x"]\n` });
    contexts.push(context);
    const events = await buildJson(context);
    const withContainer = new Set(events.filter((event) => event.type === "container").map((event) => event.step));
    // Only the WORKDIR that creates its directory below one of the image takes a container (its
    // layer holds that directory too); WORKDIR /new's layer, a directory at the top, is built here.
    expect([...withContainer]).toEqual([6]);
  });
});
