/** cache-mounts.ts: the cache and tmpfs mounts of a RUN, as hadolint reads them and as the build sees them. */
import { LintFile } from "@dfbuild/linter";
import { type Instruction, parse } from "@dfbuild/parser";
import { describe, expect, test } from "vitest";
import { cacheMountHolds, cacheMountTargets, covers, hadolintCacheMountWith, mountTargetsHold } from "./cache-mounts.js";

/** The file of `text` and its last instruction. */
function lastOf(text: string): { file: LintFile; instruction: Instruction } {
  const { ast, diagnostics } = parse(text);
  const instruction = ast.instructions.at(-1);
  if (instruction === undefined) throw new Error(`no instruction in ${text}`);
  return { file: new LintFile(text, ast, diagnostics, "Dockerfile"), instruction };
}

const targetsOf = (text: string) => {
  const { file, instruction } = lastOf(text);
  return cacheMountTargets(file, instruction);
};

describe("hadolintCacheMountWith", () => {
  const has = (text: string, fragment: string) => hadolintCacheMountWith(lastOf(`FROM a\n${text}\n`).instruction, fragment);

  test("a cache or tmpfs mount whose target, as written, contains the fragment; each spelling of target", () => {
    expect(has("RUN --mount=type=cache,target=/var/lib/apt x", "/var/lib/apt")).toBe(true);
    expect(has("RUN --mount=type=tmpfs,dst=/var/lib/apt/lists x", "/var/lib/apt")).toBe(true);
    expect(has("RUN --mount=type=bind,source=a,target=/b --mount=type=cache,destination=/x/var/lib/apt/y x", "/var/lib/apt")).toBe(true);
    expect(has("RUN --mount=type=cache,target=/var/lib/apt x", "apt/lists")).toBe(false);
  });

  test("not other mount types, other keys, variables, or other instructions", () => {
    expect(has("RUN --mount=type=bind,target=/var/lib/apt x", "/var/lib/apt")).toBe(false);
    expect(has("RUN --mount=type=secret,id=s,target=/var/lib/apt x", "/var/lib/apt")).toBe(false);
    expect(has("RUN --mount=type=cache,id=/var/lib/apt,target=/c x", "/var/lib/apt")).toBe(false);
    expect(has("ARG D=/var/lib/apt\nRUN --mount=type=cache,target=$D x", "/var/lib/apt")).toBe(false);
    expect(has("COPY /var/lib/apt /var/lib/apt", "/var/lib/apt")).toBe(false);
  });
});

describe("cacheMountTargets", () => {
  test("cache and tmpfs targets, in order, with slashes made single and no trailing one", () => {
    expect(targetsOf("FROM a\nRUN --mount=type=cache,target=/a//b/ --mount=type=bind,target=/c --mount=type=tmpfs,dst=/ x\n")).toEqual(["/a/b", "/"]);
    expect(targetsOf("FROM a\nRUN --mount=type=cache,target=// x\n")).toEqual(["/"]);
  });

  test("ARG and ENV references expanded in the RUN's scope; an unknown one is empty; a failed expansion keeps the text", () => {
    expect(targetsOf("FROM a\nARG D=/root/\nENV E=.cache\nRUN --mount=type=cache,target=$D/$E/ x\n")).toEqual(["/root/.cache"]);
    expect(targetsOf("FROM a\nRUN --mount=type=cache,target=/x$U/y x\n")).toEqual(["/x/y"]);
    expect(targetsOf("FROM a\nRUN --mount=type=cache,target=/x/${U:?no}/ x\n")).toEqual(["/x/${U:?no}"]);
  });

  test("quotes and escapes the flag's own word left are removed by the expansion, with no variable too (BuildKit expands every mount value)", () => {
    expect(targetsOf(`FROM a\nRUN --mount=type=cache,target="'/root/.cache/pip'" --mount=type=tmpfs,target='/var/c\\ache/' x\n`)).toEqual(["/root/.cache/pip", "/var/cache"]);
  });

  test("with the file's escape character", () => {
    expect(targetsOf("# escape=`\nFROM a\nARG D=d\nRUN --mount=type=cache,target=/x`$D x\n")).toEqual(["/x$D"]);
    expect(targetsOf("FROM a\nARG D=d\nRUN --mount=type=cache,target=/x`$D x\n")).toEqual(["/x`d"]);
  });

  test("none without such mounts, or outside a RUN", () => {
    expect(targetsOf("FROM a\nRUN --mount=type=bind,target=/c x\n")).toEqual([]);
    expect(targetsOf("FROM a\nCOPY a b\n")).toEqual([]);
  });
});

describe("covers", () => {
  test("the target itself, anything below it, and everything for /", () => {
    expect(covers("/var/cache", "/var/cache")).toBe(true);
    expect(covers("/var/cache", "/var/cache/apt")).toBe(true);
    expect(covers("/var/cache", "/var//cache/apt/")).toBe(true);
    expect(covers("/var/cache/apt", "/var/cache/apt/")).toBe(true);
    expect(covers("/", "/var/cache")).toBe(true);
  });

  test("not a sibling with the same prefix, nor a directory above the target", () => {
    expect(covers("/var/cache", "/var/cachex")).toBe(false);
    expect(covers("/var/cache/apt", "/var/cache")).toBe(false);
  });
});

describe("mountTargetsHold and cacheMountHolds", () => {
  const pip = { inHome: [".cache/pip"] };

  test("absolute directories: a target at or above one", () => {
    expect(mountTargetsHold(["/var/cache/apt"], { absolute: ["/var/cache/apt/archives"] })).toBe(true);
    expect(mountTargetsHold(["/tmp", "/var/cache"], { absolute: ["/var/cache/apt"] })).toBe(true);
    expect(mountTargetsHold(["/var/cache"], { absolute: ["/opt/cache", "/var/cache/apt"] })).toBe(true);
    expect(mountTargetsHold(["/var/cache/apt/archives"], { absolute: ["/var/cache/apt"] })).toBe(false);
    expect(mountTargetsHold([], { absolute: ["/"] })).toBe(false);
  });

  test("a per-user cache: a home, or a directory between a home and the cache", () => {
    for (const target of ["/root", "/home/app", "/root/.cache", "/home/app/.cache/pip", "/srv/app/.cache/pip", "/root/.cache/pip"]) {
      expect(mountTargetsHold([target], pip), target).toBe(true);
    }
    for (const target of ["/rootx", "/srv/root", "/srv/home/app", "/home", "/home/app/x", "/home/a/b", "/root/.cache/pip/wheels", "/root/pip", "/cache"]) {
      expect(mountTargetsHold([target], pip), target).toBe(false);
    }
  });

  test("without per-user caches, only absolute ones count", () => {
    expect(mountTargetsHold(["/root"], { absolute: ["/var/cache"] })).toBe(false);
    expect(mountTargetsHold(["/root"], {})).toBe(false);
  });

  test("cacheMountHolds: on a RUN's expanded targets", () => {
    const { file, instruction } = lastOf("FROM a\nARG H=/root\nRUN --mount=type=cache,target=$H/.cache pip install x\n");
    expect(cacheMountHolds(file, instruction, pip)).toBe(true);
    expect(cacheMountHolds(file, instruction, { absolute: ["/var/cache/apt"] })).toBe(false);
  });
});
