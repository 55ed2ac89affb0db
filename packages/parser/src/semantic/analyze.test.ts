import { describe, expect, test } from "vitest";
import type { Instruction, Range, Word } from "../ast.js";
import { parse } from "../parse.js";
import { analyze } from "./analyze.js";
import type { AnalyzeOptions, SemanticModel, VariableReference } from "./types.js";

function at(range: Range | null | undefined): string {
  if (!range) return "-";
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

function model(text: string, options?: AnalyzeOptions): SemanticModel {
  return analyze(parse(text).ast, options);
}

/** The instructions of a type, in order. */
function all<T extends Instruction["type"]>(m: SemanticModel, type: T): Extract<Instruction, { type: T }>[] {
  return m.ast.instructions.filter((instruction) => instruction.type === type) as Extract<Instruction, { type: T }>[];
}

/** What every LABEL value expands to, in order, as `key=value` (`?` when expansion fails). */
function labels(text: string, options?: AnalyzeOptions): string[] {
  const m = model(text, options);
  return all(m, "Label").flatMap((label) => label.pairs.map((pair) => `${pair.key.value}=${m.evaluate(pair.value, label).value ?? "?"}`));
}

function refs(m: SemanticModel): string[] {
  return m.references.map((reference: VariableReference) => `${reference.name}@${at(reference.nameRange)} ${reference.context} ${reference.state}${reference.value === undefined ? "" : `=${reference.value}`}`);
}

describe("global ARGs and FROM", () => {
  test("FROM expands with the ARGs before the first FROM; defaults, build args and modifiers", () => {
    const text = "ARG REPO=library/alpine\nARG TAG\nFROM $REPO:${TAG:-3.19} AS build\nFROM ${REPO}\n";
    const plain = model(text);
    expect(plain.stages.map((stage) => [stage.base.text, stage.base.certain, stage.baseImage])).toEqual([
      ["library/alpine:3.19", false, null],
      ["library/alpine", true, "library/alpine"],
    ]);
    const given = model(text, { buildArgs: { TAG: "3.20", REPO: "busybox" } });
    expect(given.stages.map((stage) => stage.baseImage)).toEqual(["busybox:3.20", "busybox"]);
    // With the build args known, an ARG nobody passed is certainly unset.
    expect(model(text, { buildArgs: {} }).stages[0]?.baseImage).toBe("library/alpine:3.19");
  });

  test("a global ARG without a value keeps the earlier value in BuildKit and unsets it in the classic builder", () => {
    const text = "ARG V=1\nARG V\nFROM scratch\nARG V\nLABEL v=$V\n";
    expect(labels(text, { buildArgs: {} })).toEqual(["v=1"]);
    expect(labels(text, { buildArgs: {}, builder: "classic" })).toEqual(["v="]);
  });

  test("BuildKit's platform ARGs and TARGETSTAGE are global; the classic builder has none", () => {
    const text = "FROM --platform=$BUILDPLATFORM scratch AS build\nARG TARGETARCH TARGETPLATFORM TARGETSTAGE\nLABEL a=$TARGETARCH p=$TARGETPLATFORM s=$TARGETSTAGE\n";
    const platform = { os: "linux", architecture: "arm", variant: "v7" };
    expect(labels(text, { targetPlatform: platform, buildPlatform: { os: "linux", architecture: "amd64" } })).toEqual([
      "a=arm",
      "p=linux/arm/v7",
      "s=build",
    ]);
    const m = model(text, { targetPlatform: platform, buildPlatform: { os: "linux", architecture: "amd64" } });
    expect(m.stages[0]?.platform).toBe("linux/amd64");
    // Without a platform the values are unknown, not empty.
    const unknown = model(text);
    expect(unknown.stages[0]?.platform).toBeNull();
    expect(unknown.lookup("TARGETARCH", all(unknown, "Label")[0] as Instruction)).toMatchObject({ kind: "arg", state: "unknown", certain: false });
    expect(labels(text, { builder: "classic", buildArgs: {} })).toEqual(["a=", "p=", "s="]);
    expect(labels(text, { target: "other" })).toContain("s=other");
  });

  test("the global scope at FROM and inside a stage", () => {
    const m = model("ARG A=1\nFROM scratch\nARG A\nENV B=2\nRUN true\n");
    const from = all(m, "From")[0] as Instruction;
    expect([...m.scopeAt(from).keys()]).toContain("A");
    expect([...m.scopeAt(from).keys()]).toContain("TARGETPLATFORM");
    const run = all(m, "Run")[0] as Instruction;
    expect([...m.scopeAt(run).entries()].map(([name, definition]) => `${name}:${definition.kind}=${definition.value ?? ""}`)).toEqual([
      "PATH:predefined=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "A:arg=1",
      "B:env=2",
    ]);
  });
});

describe("the predefined ARGs", () => {
  const text = "FROM scratch\nARG TARGETARCH TARGETOS TARGETSTAGE\nLABEL a=$TARGETARCH\n";
  const label = (m: SemanticModel): Instruction => all(m, "Label")[0] as Instruction;

  test("a --build-arg for one platform ARG gives it; the others stay unknown", () => {
    const m = model(text, { buildArgs: { TARGETARCH: "riscv64" } });
    const global = (name: string) => m.definitions.find((definition) => definition.kind === "predefined" && definition.name === name);
    expect(global("TARGETARCH")).toMatchObject({ source: "build-arg", state: "set", value: "riscv64", certain: true });
    expect(global("TARGETOS")).toMatchObject({ source: "platform", state: "unknown", value: undefined, certain: false });
    expect(labels(text, { buildArgs: { TARGETARCH: "riscv64" } })).toEqual(["a=riscv64"]);
  });

  test("without a platform or a platform --build-arg, every analysis shares the same unknown definitions", () => {
    const shared = (m: SemanticModel) => m.definitions.filter((definition) => definition.kind === "predefined" && definition.source === "platform");
    const plain = shared(model(text));
    expect(plain.length).toBeGreaterThan(0);
    for (const other of [model("FROM alpine\n", { buildArgs: {} }), model("FROM alpine\n")]) {
      const definitions = shared(other);
      expect(definitions).toHaveLength(plain.length);
      for (const [i, definition] of definitions.entries()) expect(definition).toBe(plain[i]);
    }
  });

  test("TARGETSTAGE: the target, else the last stage's name, else `default`; always certain", () => {
    const named = "FROM scratch AS first\nFROM scratch AS last\nARG TARGETSTAGE\nLABEL s=$TARGETSTAGE\n";
    expect(labels(named, { target: "" })).toEqual(["s=last"]);
    expect(labels(named, { target: "first" })).toEqual(["s=first"]);
    expect(labels("FROM scratch AS first\nFROM scratch\nARG TARGETSTAGE\nLABEL s=$TARGETSTAGE\n")).toEqual(["s=default"]);
    const m = model(named);
    const value = all(m, "Label")[0]?.pairs[0]?.value;
    expect(value && m.evaluate(value, label(m))).toMatchObject({ value: "last", certain: true });
  });

  test("a given proxy ARG is certain", () => {
    const m = model("FROM scratch\nRUN true\n", { buildArgs: { HTTP_PROXY: "http://proxy:3128" } });
    expect(m.lookup("HTTP_PROXY", all(m, "Run")[0] as Instruction, "run")).toMatchObject({ source: "build-arg", value: "http://proxy:3128", certain: true });
  });

  test("a stage from scratch has the default PATH, certainly", () => {
    const m = model("FROM scratch\nRUN true\n");
    expect(m.lookup("PATH", all(m, "Run")[0] as Instruction)).toMatchObject({ source: "default-path", state: "set", certain: true });
  });
});

describe("ARG and ENV in a stage", () => {
  test("a stage sees a global ARG only after a bare ARG of the same name", () => {
    const text = "ARG G=g1\nFROM scratch\nLABEL before=$G\nARG G\nLABEL after=$G\n";
    expect(labels(text)).toEqual(["before=", "after=g1"]);
    expect(labels(text, { buildArgs: { G: "cli" } })).toEqual(["before=", "after=cli"]);
    const m = model(text);
    const local = m.definitions.find((definition) => definition.stage !== null && definition.name === "G");
    expect(local).toMatchObject({ source: "global", value: "g1", inherits: { stage: null, name: "G" } });
  });

  test("a bare ARG whose global is unset takes nothing from it", () => {
    const m = model("ARG G\nFROM scratch\nARG G\n", { buildArgs: {} });
    const local = m.definitions.find((definition) => definition.stage !== null && definition.name === "G");
    expect(local).toMatchObject({ source: "none", state: "unset", certain: true, inherits: { stage: null, name: "G" } });
  });

  test("value precedence: --build-arg, then the ARG default, then the global default", () => {
    const text = "ARG X=global\nFROM scratch\nARG X=local\nLABEL x=$X\n";
    expect(labels(text)).toEqual(["x=local"]);
    expect(labels(text, { buildArgs: { X: "cli" } })).toEqual(["x=cli"]);
    // `--build-arg X` with no value and X unset in the caller's environment counts as not given.
    expect(labels(text, { buildArgs: { X: null } })).toEqual(["x=local"]);
  });

  test("ENV after ARG wins in both builders; ARG after ENV wins only in BuildKit", () => {
    const text = "FROM scratch\nARG A=arg\nENV A=env\nENV B=env\nARG B=arg\nLABEL a=$A b=$B\n";
    expect(labels(text)).toEqual(["a=env", "b=arg"]);
    expect(labels(text, { builder: "classic" })).toEqual(["a=env", "b=env"]);
  });

  test("an ARG without a value does not hide an ENV (BuildKit adds nothing to the environment)", () => {
    const m = model("FROM scratch\nENV V=env\nARG V\nLABEL v=$V\n");
    expect(labels("FROM scratch\nENV V=env\nARG V\nLABEL v=$V\n")).toEqual(["v=env"]);
    expect(m.lookup("V", all(m, "Label")[0] as Instruction)?.kind).toBe("env");
  });

  test("the defaults of one ARG see each other in BuildKit, not in the classic builder", () => {
    const text = "FROM scratch\nARG A=1 B=$A\nLABEL b=$B\n";
    expect(labels(text)).toEqual(["b=1"]);
    expect(labels(text, { builder: "classic" })).toEqual(["b="]);
    const global = "ARG A=1 B=x$A\nFROM scratch\nARG B\nLABEL b=$B\n";
    expect(labels(global)).toEqual(["b=x1"]);
    expect(labels(global, { builder: "classic" })).toEqual(["b=x"]);
  });

  test("the values of one ENV are expanded with the environment before it", () => {
    const m = model("FROM scratch\nENV A=old\nENV A=new B=$A\nLABEL b=$B\n");
    expect(labels("FROM scratch\nENV A=old\nENV A=new B=$A\nLABEL b=$B\n")).toEqual(["b=old"]);
    expect(m.definitions.filter((definition) => definition.kind === "env").map((definition) => `${definition.name}=${definition.value ?? ""}`)).toEqual([
      "A=old",
      "A=new",
      "B=old",
    ]);
  });

  test("re-declaring an ARG without a value: BuildKit keeps the value, the classic builder drops it", () => {
    const text = "FROM scratch\nARG V=1\nARG V\nLABEL v=$V\n";
    expect(labels(text, { buildArgs: {} })).toEqual(["v=1"]);
    expect(labels(text, { buildArgs: {}, builder: "classic" })).toEqual(["v="]);
  });

  test("a stage built on a stage inherits its ENV; its ARGs only in BuildKit", () => {
    const text = "FROM scratch AS base\nARG A=arg\nENV E=env\nFROM base\nLABEL a=$A e=$E\n";
    expect(labels(text)).toEqual(["a=arg", "e=env"]);
    expect(labels(text, { builder: "classic" })).toEqual(["a=", "e=env"]);
  });

  test("values known only to the build are unknown, and so is everything computed from them", () => {
    const m = model("FROM alpine\nARG V\nENV HOME2=$HOME/x V2=${V}y W=fixed\nRUN echo $HOME2 $W\n");
    const env = m.definitions.filter((definition) => definition.kind === "env");
    expect(env.map((definition) => [definition.name, definition.state, definition.value, definition.certain])).toEqual([
      ["HOME2", "set", "/x", false],
      ["V2", "set", "y", false],
      ["W", "set", "fixed", true],
    ]);
    const home = m.references.find((reference) => reference.name === "HOME");
    expect(home).toMatchObject({ definition: null, state: "unknown", fromBaseImage: true, certain: false });
    // In a stage from scratch, nothing comes from an image: an undefined name is certainly unset.
    const scratch = model("FROM scratch\nLABEL x=$NOPE\n", { buildArgs: {} });
    expect(scratch.references[0]).toMatchObject({ state: "unset", certain: true, fromBaseImage: false });
  });

  test("proxy ARGs: the classic builder expands given ones everywhere, BuildKit gives them to RUN only", () => {
    const text = "FROM scratch\nLABEL p=$HTTP_PROXY\nRUN echo $HTTP_PROXY\n";
    const buildArgs = { HTTP_PROXY: "http://proxy:3128" };
    expect(labels(text, { buildArgs })).toEqual(["p="]);
    expect(labels(text, { buildArgs, builder: "classic" })).toEqual(["p=http://proxy:3128"]);
    const m = model(text, { buildArgs });
    expect(m.references.map((reference) => `${reference.context}:${reference.value ?? "-"}`)).toEqual(["build:-", "run:http://proxy:3128"]);
    // Not given and no build args known: a build may pass one.
    expect(model(text).references[1]).toMatchObject({ state: "unset", certain: false });
  });

  test("CMD, ENTRYPOINT and HEALTHCHECK run in the container: they see ENV, not ARG", () => {
    const m = model("FROM scratch\nARG A=1\nENV E=2\nCMD echo $A $E\n");
    expect(refs(m)).toEqual(["A@4:11-4:12 container unset", "E@4:14-4:15 container set=2"]);
  });

  test("a value that fails to expand: the definition carries BuildKit's message", () => {
    const text = "ARG REQUIRED=${NEEDED:?required}\nFROM scratch\nENV E=${NOPE:?}\n";
    const errors = (options?: AnalyzeOptions): (string | null)[] => model(text, options).definitions.filter((definition) => definition.kind !== "predefined").map((definition) => definition.error);
    expect(errors()).toEqual(['failed to process "${NEEDED:?required}": NEEDED: required', 'failed to process "${NOPE:?}": NOPE: is not allowed to be unset']);
    expect(model(text).definitions.find((definition) => definition.name === "REQUIRED")).toMatchObject({ state: "unknown", certain: false });
    // A --build-arg replaces the default: BuildKit does not expand it any more, the classic builder still does.
    expect(errors({ buildArgs: { REQUIRED: "x" } })[0]).toBeNull();
    expect(errors({ buildArgs: { REQUIRED: "x" }, builder: "classic" })[0]).toBe('failed to process "${NEEDED:?required}": NEEDED: required');
  });

  test("evaluate gives BuildKit's messages and the names it looked up", () => {
    const m = model("FROM scratch\nARG A=1\nWORKDIR ${A:?required}/${B:?B is required}\n");
    const workdir = all(m, "Workdir")[0];
    const evaluation = workdir?.path && m.evaluate(workdir.path, workdir);
    expect(evaluation).toMatchObject({ value: null, error: 'failed to process "${A:?required}/${B:?B is required}": B: B is required', matched: ["A"], unmatched: ["B"] });
  });

  test("a reference to a definition: its value, certain, not from the base image", () => {
    const m = model("FROM alpine\nARG V=1\nRUN echo $V\n");
    expect(m.references[0]).toMatchObject({ name: "V", state: "set", value: "1", certain: true, fromBaseImage: false, definition: { kind: "arg" } });
  });

  test("proxy ARGs: the reference's definition is the given one; never in the container; unknown to the build only when no build args are given", () => {
    const given = model("FROM scratch\nRUN echo $HTTP_PROXY\nCMD echo $HTTP_PROXY\n", { buildArgs: { HTTP_PROXY: "h" } });
    expect(given.references.map((reference) => [reference.context, reference.state, reference.value, reference.certain, reference.fromBaseImage, reference.definition?.source ?? null])).toEqual([
      ["run", "set", "h", true, false, "build-arg"],
      ["container", "unset", undefined, true, false, null],
    ]);
    // The classic builder lets every expansion but the container's see them.
    const classic = model("FROM scratch\nCMD echo $HTTP_PROXY\nLABEL a=$HTTP_PROXY\n", { builder: "classic", buildArgs: { HTTP_PROXY: "h" } });
    expect(classic.references.map((reference) => [reference.context, reference.state])).toEqual([
      ["container", "unset"],
      ["build", "set"],
    ]);
    // Without build args, a proxy ARG the builder may be given is not certainly unset; another name is.
    const unknown = model("FROM scratch\nRUN echo $HTTP_PROXY $NOPE\nCMD echo $HTTP_PROXY\nLABEL a=$HTTP_PROXY\n");
    expect(unknown.references.map((reference) => `${reference.name} ${reference.context} ${reference.state} ${String(reference.certain)} ${String(reference.fromBaseImage)}`)).toEqual([
      "HTTP_PROXY run unset false false",
      "NOPE run unset true false",
      "HTTP_PROXY container unset true false",
      "HTTP_PROXY build unset false false",
    ]);
    // With build args given, one they do not give is certainly unset.
    expect(model("FROM scratch\nRUN echo $FTP_PROXY\n", { buildArgs: {} }).references[0]).toMatchObject({ state: "unset", certain: true });
  });

  test("the scope of each context: BuildKit adds the given proxy ARGs to RUN's, the classic builder to every one but the container's", () => {
    const text = "FROM scratch\nARG HTTP_PROXY=mine\nRUN true\n";
    const names = (m: SemanticModel, context: "build" | "run" | "container"): string[] =>
      [...m.scopeAt(all(m, "Run")[0] as Instruction, context).values()].map((definition) => `${definition.name}:${definition.kind}:${definition.source}`);
    const buildkit = model(text, { buildArgs: { FTP_PROXY: "f", HTTP_PROXY: "h" } });
    expect(names(buildkit, "build")).toEqual(["PATH:predefined:default-path", "HTTP_PROXY:arg:build-arg"]);
    // The stage's own ARG stays; a given proxy ARG it does not declare is added.
    expect(names(buildkit, "run")).toEqual(["PATH:predefined:default-path", "HTTP_PROXY:arg:build-arg", "FTP_PROXY:predefined:build-arg"]);
    expect(names(buildkit, "container")).toEqual(["PATH:predefined:default-path"]);
    const classic = model(text, { builder: "classic", buildArgs: { FTP_PROXY: "f" } });
    expect(names(classic, "build")).toEqual(["PATH:predefined:default-path", "HTTP_PROXY:arg:default", "FTP_PROXY:predefined:build-arg"]);
    expect(names(classic, "container")).toEqual(["PATH:predefined:default-path"]);
    // Computed once per point and context.
    const run = all(buildkit, "Run")[0] as Instruction;
    expect(buildkit.scopeAt(run, "run")).toBe(buildkit.scopeAt(run, "run"));
  });

  test("evaluate: the escape character of the file; a value that fails is uncertain", () => {
    const m = model("# escape=`\nFROM scratch\nARG V=1\nLABEL a=$V\\y b=${NOPE:?x}\n");
    const label = all(m, "Label")[0] as Instruction & { type: "Label" };
    expect(label.pairs.map((pair) => m.evaluate(pair.value, label))).toMatchObject([
      { value: "1\\y", error: null, certain: true },
      { value: null, error: 'failed to process "${NOPE:?x}": NOPE: x', certain: false },
    ]);
  });
});

describe("references", () => {
  test("every word the builder expands, with exact ranges, also across continuation lines", () => {
    const text = [
      "ARG BASE=alpine",
      "FROM --platform=$BUILDPLATFORM ${BASE} AS build",
      "ARG DIR=/src USER=app",
      "ENV PATH=/opt/bin:\\",
      "$PATH HOME=$DIR",
      "LABEL \"dir\"=\"$DIR\"",
      "WORKDIR $DIR",
      "COPY --chown=$USER:$USER [\"a\", \"$DIR/b\"]",
      "USER ${USER}",
      "EXPOSE ${PORT:-80}/tcp",
      "",
    ].join("\n");
    const m = model(text);
    expect(m.references.map((reference) => `${reference.name}@${at(reference.nameRange)}/${at(reference.range)}`)).toEqual([
      "BUILDPLATFORM@2:18-2:31/2:17-2:31",
      "BASE@2:34-2:38/2:32-2:39",
      "PATH@5:2-5:6/5:1-5:6",
      "DIR@5:13-5:16/5:12-5:16",
      "DIR@6:15-6:18/6:14-6:18",
      "DIR@7:10-7:13/7:9-7:13",
      "USER@8:15-8:19/8:14-8:19",
      "USER@8:21-8:25/8:20-8:25",
      "DIR@8:34-8:37/8:33-8:37",
      "USER@9:8-9:12/9:6-9:13",
      "PORT@10:10-10:14/10:8-10:19",
    ]);
    expect(m.references.at(-1)).toMatchObject({ modifier: ":-", state: "unknown" });
    expect(m.references[2]).toMatchObject({ state: "unknown", fromBaseImage: true });
  });

  test("one FROM's references, alone or after the whole file's, are the file's in that FROM", () => {
    const text = "ARG BASE=alpine TAG\nFROM --platform=$BUILDPLATFORM ${BASE}:${TAG:-3} AS build\nRUN echo $BASE\nFROM $MISSING\n";
    const shown = (list: readonly VariableReference[]) => list.map((reference) => `${reference.name}@${at(reference.range)} ${reference.state}`);
    const alone = model(text);
    expect(all(alone, "From").map((from) => shown(alone.fromReferences(from)))).toEqual([
      ["BUILDPLATFORM@2:17-2:31 unknown", "BASE@2:32-2:39 set", "TAG@2:40-2:49 unset"],
      ["MISSING@4:6-4:14 unset"],
    ]);
    // Asking for one FROM's does not leave a partial list behind.
    expect(alone.references.map((reference) => reference.name)).toEqual(["BUILDPLATFORM", "BASE", "TAG", "BASE", "MISSING"]);
    const collected = model(text);
    expect(all(collected, "From").map((from) => shown(collected.fromReferences(from)))).toEqual(all(alone, "From").map((from) => shown(alone.fromReferences(from))));
  });

  test("an ENV key is the definition's name range; a reference in its value sees the scope before it", () => {
    const m = model("FROM scratch\nENV A=1\nENV A=2 B=$A\n");
    expect(m.definitions.filter((definition) => definition.kind === "env").map((definition) => at(definition.nameRange))).toEqual(["2:5-2:6", "3:5-3:6", "3:9-3:10"]);
    expect(m.references[0]?.definition?.nameRange && at(m.references[0].definition.nameRange)).toBe("2:5-2:6");
  });

  test("RUN's shell text: quotes, escapes, comments, `$'…'` and special parameters", () => {
    const m = model("FROM scratch\nARG A B\nRUN echo \"$A\" '$B' \\$B $'$B' ${#A} $1 $$ $(echo $A) # $B\n");
    expect(m.references.map((reference) => `${reference.name}@${at(reference.nameRange)}`)).toEqual(["A@3:12-3:13", "A@3:33-3:34", "A@3:50-3:51"]);
    expect(m.references.every((reference) => reference.context === "run")).toBe(true);
  });

  test("a shell-form command split over lines maps each reference to its line", () => {
    const m = model("FROM scratch\nARG V\nRUN echo $V \\\n  # a comment $V\n  && echo ${V}\n");
    expect(m.references.map((reference) => at(reference.range))).toEqual(["3:10-3:12", "5:11-5:15"]);
  });

  test("heredocs: COPY bodies expand unless quoted; a lone RUN heredoc is a script; a shebang script for another interpreter is not shell", () => {
    const text = [
      "FROM scratch",
      "ARG V=1",
      "COPY <<EOF <<'RAW' /dst/",
      "value=$V '${V}'",
      "EOF",
      "raw=$V",
      "RAW",
      "RUN <<EOF",
      "echo '$V' \"$V\"",
      "EOF",
      "RUN <<EOF",
      "#!/usr/bin/env python3",
      "print('$V')",
      "EOF",
      "RUN cat <<EOF > /a && cat <<'RAW' > /b",
      "$V '$V'",
      "EOF",
      "$V",
      "RAW",
      "",
    ].join("\n");
    const m = model(text);
    expect(m.references.map((reference) => `${reference.name}@${at(reference.nameRange)} ${reference.context}`)).toEqual([
      "V@4:8-4:9 build",
      "V@4:13-4:14 build",
      "V@9:13-9:14 run",
      "V@16:2-16:3 run",
      "V@16:6-16:7 run",
    ]);
  });

  test("no references in exec form, ONBUILD triggers, or under a SHELL that is not a POSIX shell", () => {
    const m = model('FROM scratch\nARG V\nCMD ["echo", "$V"]\nONBUILD RUN echo $V\nSHELL ["pwsh", "-c"]\nRUN echo $V\nSHELL ["/bin/bash", "-c"]\nRUN echo $V\n');
    expect(m.references.map((reference) => reference.nameRange.start.line)).toEqual([8]);
  });

  test("a SHELL is inherited by the stages built on the stage", () => {
    const m = model('FROM scratch AS win\nSHELL ["cmd", "/S", "/C"]\nFROM win\nRUN echo $PATH\nFROM scratch\nRUN echo $PATH\n');
    expect(m.references.map((reference) => reference.nameRange.start.line)).toEqual([6]);
  });

  test("flag values and JSON strings map through their quotes and escapes", () => {
    const m = model('FROM scratch\nARG CACHE=/c\nRUN --mount=type=cache,target=$CACHE true\nCOPY --chown="$CACHE":\\$x a b\nCOPY ["\\u00e9$CACHE", "/d"]\n');
    expect(m.references.map((reference) => `${reference.name}@${at(reference.nameRange)}`)).toEqual(["CACHE@3:32-3:37", "CACHE@4:16-4:21", "x@4:25-4:26", "CACHE@5:15-5:20"]);
    // BuildKit applies a flag's escapes when it reads the flag, so `\\$x` is expanded later all the same.
  });

  test("the words and flags each instruction expands, and no others", () => {
    const names = (text: string, options?: AnalyzeOptions): string[] => refs(model(text, options));
    expect(names("FROM --x=$A --platform=$B scratch\n")).toEqual(["B@1:25-1:26 build unset"]);
    expect(names("FROM scratch\nSTOPSIGNAL $SIG\nWORKDIR \"$DIR\"\n")).toEqual(["SIG@2:13-2:16 build unset", "DIR@3:11-3:14 build unset"]);
    // COPY expands --chown and --chmod, ADD --checksum too; RUN only --mount.
    expect(names("FROM scratch\nCOPY --chmod=$M --checksum=$C --chown=$O --link=$L x y\nADD --checksum=$C2 --link=$L2 x y\nRUN --network=$N --security=$S --mount=target=$T true\n")).toEqual([
      "M@2:15-2:16 build unset",
      "O@2:40-2:41 build unset",
      "C2@3:17-3:19 build unset",
      "T@4:48-4:49 build unset",
    ]);
    // CMD, ENTRYPOINT and HEALTHCHECK CMD are shell text only under a POSIX shell.
    expect(names('FROM scratch\nSHELL ["pwsh", "-c"]\nCMD echo $V\nENTRYPOINT echo $W\nHEALTHCHECK CMD echo $X\nFROM scratch\nHEALTHCHECK CMD echo $Y\n')).toEqual([
      "Y@7:23-7:24 container unset",
    ]);
    // A flag's value is read with the file's escape character.
    expect(names("# escape=`\nFROM scratch\nCOPY --chown=\\$U a b\n").map((name) => name.split(" ")[0])).toEqual(["U@3:16-3:17"]);
  });

  test("each default of one ARG sees the ones before it in BuildKit, none of them in the classic builder", () => {
    const text = "FROM scratch\nARG A=1 B=$A C=2 D=$C\n";
    expect(refs(model(text))).toEqual(["A@2:12-2:13 build set=1", "C@2:21-2:22 build set=2"]);
    expect(refs(model(text, { builder: "classic" }))).toEqual(["A@2:12-2:13 build unset", "C@2:21-2:22 build unset"]);
  });

  test("a COPY heredoc's `\\` escapes a `$`; a RUN heredoc #! script for a POSIX shell is shell, for another interpreter not", () => {
    expect(refs(model("FROM scratch\nCOPY <<EOF /d\n\\$V $W\nEOF\n"))).toEqual(["W@3:6-3:7 build unset"]);
    expect(refs(model('FROM scratch\nRUN <<EOF\n#!/usr/bin/env python3\nx = "$V"\nEOF\n'))).toEqual([]);
    expect(refs(model('FROM scratch\nRUN <<EOF\n#!/bin/bash\necho "$V"\nEOF\n'))).toEqual(["V@4:8-4:9 run unset"]);
    expect(model("FROM scratch\nRUN <<EOF\necho ${V}\nEOF\n").references.map((reference) => at(reference.range))).toEqual(["3:6-3:10"]);
  });

  test("a reference at the start of a continuation line", () => {
    const m = model("FROM scratch\nRUN echo \\\n$V\n");
    expect(m.references.map((reference) => `${at(reference.range)} ${at(reference.nameRange)}`)).toEqual(["3:1-3:3 3:2-3:3"]);
  });

  test("references are collected once: the same list every time", () => {
    const m = model("FROM scratch\nRUN echo $V\n");
    expect(m.references).toBe(m.references);
  });

  test("a flag value's ranges: quotes of one kind inside the other's are text; a value with non-ASCII text is one range", () => {
    const ranges = (flag: string): string[] => model(`FROM scratch\nCOPY ${flag} a b\n`).references.map((reference) => `${at(reference.nameRange)}/${at(reference.range)}`);
    expect(ranges("--chown=\"''\"$U")).toEqual(["2:19-2:20/2:18-2:20"]);
    expect(ranges("--chown=\"a\"'$U'")).toEqual(["2:19-2:20/2:18-2:20"]);
    expect(ranges("--chown=é$U")).toEqual(["2:14-2:17/2:14-2:17"]);
    // Escaped quotes reach the value: a double-quoted variable in it.
    expect(ranges('--chown=\\"$U\\"')).toEqual(["2:17-2:18/2:16-2:18"]);
  });
});

describe("stages and stage references", () => {
  test("FROM <stage>: BuildKit matches the expanded name exactly, the classic builder ignores case", () => {
    const text = "FROM scratch AS Build\nFROM build\nFROM BUILD\nFROM scratch\n";
    const buildkit = model(text);
    expect(buildkit.stages.map((stage) => [stage.name, stage.base.resolution, stage.baseStage?.index ?? null])).toEqual([
      ["build", "scratch", null],
      [null, "stage", 0],
      [null, "image", null],
      [null, "scratch", null],
    ]);
    expect(model(text, { builder: "classic" }).stages[2]?.baseStage?.index).toBe(0);
    expect(buildkit.stages[1]?.dependencies.map((stage) => stage.index)).toEqual([0]);
  });

  test("FROM names an earlier stage only, the latest of that name; a later one is an image", () => {
    const m = model("FROM a AS x\nFROM x AS x\nFROM x\nFROM y\nFROM scratch AS y\n");
    expect(m.stages.map((stage) => stage.baseStage?.index ?? stage.base.resolution)).toEqual(["image", 0, 1, "image", "scratch"]);
    expect(m.stages[1]?.duplicateOf?.index).toBe(0);
  });

  test("an empty base name is BuildKit's error", () => {
    const m = model("ARG IMAGE\nFROM ${IMAGE}\n", { buildArgs: {} });
    expect(m.stages[0]?.base).toMatchObject({ resolution: "error", error: { code: "blank-base-name", message: "base name (${IMAGE}) should not be blank" } });
    // Certainly blank, yet no base image; a FROM without a word is blank too.
    const quoted = model('FROM ""\n').stages[0];
    expect(quoted?.base).toMatchObject({ text: "", certain: true, resolution: "error", error: { code: "blank-base-name" } });
    expect(quoted?.baseImage).toBeNull();
    expect(model("FROM\n").stages[0]?.base).toMatchObject({ text: "", resolution: "error", error: { code: "blank-base-name", message: "base name () should not be blank" } });
  });

  test("a base name that fails to expand is an expansion error with BuildKit's message", () => {
    const m = model("ARG X\nFROM ${X:?missing}\n");
    expect(m.stages[0]?.base).toMatchObject({ text: "${X:?missing}", resolution: "error", error: { code: "expansion", message: 'failed to process "${X:?missing}": X: missing' } });
    expect(m.stages[0]?.baseImage).toBeNull();
  });

  test("only --platform sets a stage's platform", () => {
    expect(model("FROM --unknown=linux/arm64 scratch\n").stages[0]?.platform).toBeNull();
    expect(model("FROM --unknown=x --platform=linux/arm64 scratch\n").stages[0]?.platform).toBe("linux/arm64");
  });

  test("COPY --from: a name, an index, an image, the context, and BuildKit's errors", () => {
    const text = [
      "FROM scratch AS one",
      "COPY --from=two /a /a",
      "COPY --from=0 /a /a",
      "FROM scratch AS two",
      "COPY --from=ONE /a /a",
      "COPY --from=0 /a /a",
      "COPY --from=5 /a /a",
      "COPY --from=alpine:3 /a /a",
      "COPY --from=$X /a /a",
      "COPY --from= /a /a",
      "",
    ].join("\n");
    const describe = (m: SemanticModel): string[] =>
      m.stageReferences
        .filter((reference) => reference.kind === "copy-from")
        .map((reference) => `${reference.text}:${reference.resolution}${reference.target ? `#${reference.target.index}` : ""}${reference.error ? ` ${reference.error.code}: ${reference.error.message}` : ""}`);
    expect(describe(model(text))).toEqual([
      'two:error#1 circular-dependency: circular dependency detected on stage: one',
      "0:error#0 circular-dependency: circular dependency detected on stage: one",
      "ONE:stage#0",
      "0:stage#0",
      "5:error stage-index-out-of-range: invalid stage index 5",
      "alpine:3:image",
      "$X:error from-variable: variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround",
      ":context",
    ]);
    expect(describe(model(text, { builder: "classic" }))).toEqual([
      "two:image",
      "0:error#0 stage-not-yet-built: invalid from flag value 0: refers to current build stage",
      "ONE:stage#0",
      "0:stage#0",
      "5:error stage-index-out-of-range: invalid from flag value 5: index out of bounds",
      "alpine:3:image",
      "$X:image",
      ":context",
    ]);
  });

  test("a reference to a later stage is not yet built; with a cycle, BuildKit reports the cycle", () => {
    const later = model("FROM scratch AS a\nCOPY --from=b /x /x\nFROM scratch AS b\n");
    expect(later.stageReferences[1]?.error?.message).toBe('cannot copy from stage "b", it needs to be defined before current stage "a"');
    const mount = model("FROM scratch AS a\nRUN --mount=from=b,target=/m true\nFROM scratch AS b\n");
    expect(mount.stageReferences[1]?.error?.message).toBe('cannot mount from stage "b" to "/m", stage needs to be defined before current command');
  });

  test("RUN --mount=from= names a stage or an image, never an index; its range is the value", () => {
    const m = model("FROM scratch AS deps\nFROM scratch\nRUN --mount=type=bind,from=deps,target=/d --mount=from=0,target=/z --mount=from=$X true\n");
    expect(m.stageReferences.filter((reference) => reference.kind === "mount-from").map((reference) => [reference.text, reference.resolution, at(reference.range)])).toEqual([
      ["deps", "stage", "3:28-3:32"],
      ["0", "image", "3:56-3:57"],
      ["$X", "error", "3:81-3:83"],
    ]);
    expect(m.stages[1]?.dependencies.map((stage) => stage.index)).toEqual([0]);
  });

  test("dependencies and the stages a target needs, with a base stage's ONBUILD triggers", () => {
    const text = [
      "FROM scratch AS tools",
      "FROM scratch AS assets",
      "FROM scratch AS base",
      "ONBUILD COPY --from=assets /a /a",
      "FROM base AS app",
      "COPY --from=tools /t /t",
      "FROM scratch AS unused",
      "FROM app",
      "",
    ].join("\n");
    const m = model(text);
    expect(m.stages.map((stage) => stage.dependencies.map((dependency) => dependency.index))).toEqual([[], [], [], [0, 1, 2], [], [3]]);
    const target = m.targetStage();
    expect(target && m.requiredStages(target).map((stage) => stage.name ?? stage.index)).toEqual(["tools", "assets", "base", "app", 5]);
    expect(m.targetStage("APP")?.index).toBe(3);
    expect(m.targetStage("nope")).toBeNull();
    expect(m.stageReferences.find((reference) => reference.onbuild)).toMatchObject({ text: "assets", resolution: "stage", stage: { name: "base" } });
    const mount = model("FROM scratch AS tools\nFROM scratch AS base\nONBUILD RUN --mount=from=tools,target=/t true\nFROM base\n");
    expect(mount.stageReferences.filter((reference) => reference.kind === "mount-from").map((reference) => [reference.text, reference.onbuild, reference.resolution])).toEqual([["tools", true, "stage"]]);
    expect(mount.stages.map((stage) => stage.dependencies.map((dependency) => dependency.index))).toEqual([[], [], [0, 1]]);
  });

  test("findStage and stageOf", () => {
    const m = model("ARG A\nFROM scratch AS one\nRUN true\nONBUILD RUN true\nFROM one\n");
    expect(m.findStage("ONE")?.index).toBe(0);
    expect(m.findStage("1")?.index).toBe(1);
    expect(m.findStage("1", m.stages[1])).toBeNull();
    const onbuild = all(m, "Onbuild")[0];
    expect(onbuild?.trigger && m.stageOf(onbuild.trigger)?.index).toBe(0);
    expect(m.stageOf(all(m, "Arg")[0] as Instruction)).toBeNull();
    expect(m.preamble.map((instruction) => instruction.type)).toEqual(["Arg"]);
  });

  test("COPY --from: the --from flag among others; numbers as Go's strconv.Atoi reads them", () => {
    const text = "FROM scratch AS a\nFROM scratch\nCOPY --chown=u --from=a x y\nCOPY --from=0x x y\nCOPY --from=+0 x y\nCOPY --from=12 x y\n";
    expect(model(text).stageReferences.filter((reference) => reference.kind === "copy-from").map((reference) => `${reference.text}:${reference.resolution}${reference.target ? `#${reference.target.index}` : ""}`)).toEqual([
      "a:stage#0",
      "0x:image",
      "+0:stage#0",
      "12:error",
    ]);
    expect(model(text).stageReferences.every((reference) => reference.certain)).toBe(true);
  });

  test("COPY --from under another escape character; one that fails to expand is an expansion error", () => {
    // The flag scanner escapes with a backslash whatever the directive says (BuildKit's
    // extractBuilderFlags): `a\b` is `ab` before any expansion.
    const m = model("# escape=`\nFROM scratch\nCOPY --from=a\\b x y\nCOPY --from=${X:?no} x y\n");
    expect(m.stageReferences.filter((reference) => reference.kind === "copy-from").map((reference) => [reference.text, reference.resolution, reference.error])).toEqual([
      ["ab", "image", null],
      ["${X:?no}", "error", { code: "expansion", message: 'failed to process "${X:?no}": X: no' }],
    ]);
  });

  test("an ONBUILD COPY --from names what it names in this file, resolved later: never an error", () => {
    const text = "FROM scratch AS base\nONBUILD COPY --from=$X a b\nONBUILD COPY --from=0 a b\nONBUILD COPY --from=later a b\nFROM scratch AS later\n";
    const describe = (m: SemanticModel): string[] =>
      m.stageReferences.filter((reference) => reference.kind === "copy-from").map((reference) => `${reference.text}:${reference.resolution}${reference.target ? `#${reference.target.index}` : ""}`);
    expect(describe(model(text))).toEqual(["$X:image", "0:stage#0", "later:stage#1"]);
    expect(describe(model(text, { builder: "classic" }))).toEqual(["$X:image", "0:stage#0", "later:stage#1"]);
  });

  test("the classic builder: an index past the current stage is out of bounds", () => {
    const m = model("FROM scratch AS a\nCOPY --from=1 x y\nFROM scratch\n", { builder: "classic" });
    expect(m.stageReferences[1]).toMatchObject({ resolution: "error", error: { code: "stage-index-out-of-range", message: "invalid from flag value 1: index out of bounds" } });
  });

  test("stage errors: codes, an unnamed stage's name, a later stage in the classic builder's --mount", () => {
    const errors = (text: string, options?: AnalyzeOptions) => model(text, options).stageReferences.flatMap((reference) => (reference.error ? [reference.error] : []));
    expect(errors("FROM scratch\nCOPY --from=0 /a /a\n")).toEqual([{ code: "circular-dependency", message: "circular dependency detected on stage: stage-0" }]);
    expect(errors("FROM scratch AS a\nCOPY --from=b /x /x\nFROM scratch AS b\n")).toMatchObject([{ code: "stage-not-yet-built" }]);
    const mount = "FROM scratch AS a\nRUN --mount=from=b,target=/m true\nFROM scratch AS b\n";
    expect(errors(mount)).toMatchObject([{ code: "stage-not-yet-built" }]);
    expect(errors(mount, { builder: "classic" })).toMatchObject([{ code: "stage-not-yet-built" }]);
    expect(errors("FROM scratch\nRUN --mount=from=$X true\n")).toEqual([{ code: "from-variable", message: "'from' doesn't support variable expansion, define alias stage instead" }]);
    // An ONBUILD trigger names a later stage without an error: it runs in the stages built on this one.
    expect(errors("FROM scratch AS base\nONBUILD COPY --from=later /a /a\nFROM scratch AS later\n")).toEqual([]);
  });

  test("a cycle through a base stage's ONBUILD trigger is a cycle; a stage that is not built on it is not", () => {
    const first = (text: string) => model(text).stageReferences[1]?.error?.code;
    expect(first("FROM scratch AS a\nCOPY --from=c /x /x\nFROM scratch AS b\nONBUILD COPY --from=a /y /y\nFROM b AS c\n")).toBe("circular-dependency");
    expect(first("FROM scratch AS a\nCOPY --from=c /x /x\nFROM scratch AS b\nONBUILD COPY --from=a /y /y\nFROM scratch AS c\n")).toBe("stage-not-yet-built");
  });

  test("a reference that is an error is no dependency; the stages a target needs, also around a cycle of ONBUILD triggers", () => {
    const circular = model("FROM scratch AS one\nCOPY --from=two /a /a\nFROM scratch AS two\nCOPY --from=one /a /a\n");
    expect(circular.stages.map((stage) => stage.dependencies.map((dependency) => dependency.index))).toEqual([[], [0]]);
    const m = model("FROM scratch AS base\nONBUILD COPY --from=x /a /a\nFROM base AS app\nFROM app AS x\n");
    expect(m.stages.map((stage) => stage.dependencies.map((dependency) => dependency.index))).toEqual([[], [0, 2], [1]]);
    const app = m.stages[1];
    expect(app && m.requiredStages(app).map((stage) => stage.index)).toEqual([0, 1, 2]);
  });

  test("--mount fields: a non-mount flag is no mount; an empty first field; text after a closing quote ends the record; a field needs `=`", () => {
    const mounts = (flags: string): string[] =>
      model(`FROM scratch\nRUN ${flags} true\nFROM scratch AS deps\n`)
        .stageReferences.filter((reference) => reference.kind === "mount-from")
        .map((reference) => `${reference.text} ${reference.error?.message ?? ""}`);
    const later = (target: string): string => `deps cannot mount from stage "deps" to "${target}", stage needs to be defined before current command`;
    expect(mounts("--network=from=deps --mount=from=deps,target=/t")).toEqual([later("/t")]);
    expect(mounts("--mount=,from=deps,target=/t")).toEqual([later("/t")]);
    expect(mounts('--mount=\\"target=/a\\"x,from=deps,target=/b')).toEqual([]);
    expect(mounts("--mount=fromx")).toEqual([]);
    // A quoted field's value: its range is the whole field inside the quotes.
    const quoted = model('FROM scratch AS deps\nRUN --mount=\\"from=deps\\",target=/t true\n').stageReferences.find((reference) => reference.kind === "mount-from");
    expect(quoted && at(quoted.range)).toBe("2:15-2:24");
  });
});

describe("positions (for editors)", () => {
  const text = "ARG VERSION=1\nFROM scratch AS build\nARG VERSION\n\nLABEL v=${VERSION}\nFROM build\nCOPY --from=build /a /a\n";
  const m = model(text);
  const offset = (needle: string, delta = 0): number => text.indexOf(needle) + delta;

  test("symbolAt finds definitions, references, stage names and stage references", () => {
    expect(m.symbolAt(offset("VERSION=1", 3))).toMatchObject({ type: "variable-definition", definition: { name: "VERSION", stage: null } });
    const reference = m.symbolAt(offset("${VERSION}", 4));
    expect(reference).toMatchObject({ type: "variable-reference", reference: { name: "VERSION", value: "1" } });
    expect(reference && at(reference.range)).toBe("5:11-5:18");
    // The end of a name still counts (a cursor just after it).
    expect(m.symbolAt(offset("${VERSION}", 9))?.type).toBe("variable-reference");
    expect(m.symbolAt(offset("AS build", 5))).toMatchObject({ type: "stage-definition", stage: { name: "build" } });
    expect(m.symbolAt(offset("FROM build", 7))).toMatchObject({ type: "stage-reference", reference: { kind: "from", target: { name: "build" } } });
    expect(m.symbolAt(offset("--from=build", 9))).toMatchObject({ type: "stage-reference", reference: { kind: "copy-from" } });
    expect(m.symbolAt(offset("LABEL"))).toBeNull();
    expect(m.symbolAt(offset("\n\nLABEL", 1))).toBeNull();
  });

  test("references, rename groups and stage references of a definition", () => {
    const global = m.definitions.find((definition) => definition.name === "VERSION" && definition.stage === null);
    const local = m.definitions.find((definition) => definition.name === "VERSION" && definition.stage !== null);
    expect(global && m.referencesTo(global)).toEqual([]);
    expect(local && m.referencesTo(local).map((reference) => at(reference.nameRange))).toEqual(["5:11-5:18"]);
    const group = global && m.renameGroup(global);
    expect(group?.definitions.map((definition) => at(definition.nameRange))).toEqual(["1:5-1:12", "3:5-3:12"]);
    expect(group?.references.map((reference) => at(reference.nameRange))).toEqual(["5:11-5:18"]);
    const build = m.stages[0];
    expect(build && m.stageReferencesTo(build).map((reference) => reference.kind)).toEqual(["from", "copy-from"]);
  });

  test("the scope at an offset: inside an instruction, and on a blank line after one", () => {
    expect([...m.scopeAtOffset(offset("\n\nLABEL", 1)).keys()]).toEqual(["PATH", "VERSION"]);
    expect([...m.scopeAtOffset(0).keys()]).not.toContain("VERSION");
    expect(m.scopeAtOffset(offset("VERSION=1", 1)).has("VERSION")).toBe(false);
    expect(m.scopeAtOffset(offset("FROM scratch", 2)).has("VERSION")).toBe(true);
    expect(m.instructionAt(offset("LABEL", 3))?.type).toBe("Label");
    expect(m.stageAt(offset("LABEL"))?.name).toBe("build");
    expect(m.stageAt(0)).toBeNull();
  });

  test("the model is computed once per tree and options", () => {
    const { ast } = parse(text);
    expect(analyze(ast)).toBe(analyze(ast, {}));
    expect(analyze(ast, { buildArgs: new Map([["A", "1"]]) })).toBe(analyze(ast, { buildArgs: { A: "1" } }));
    expect(analyze(ast, { builder: "classic" })).not.toBe(analyze(ast));
    expect(analyze(ast, { builder: "buildkit" })).toBe(analyze(ast));
  });

  test("the options that make a model: build args in any order are one model; each other option is its own", () => {
    const { ast } = parse("FROM scratch\nARG A B C\n");
    const orders = [
      ["A", "B", "C"],
      ["A", "C", "B"],
      ["B", "A", "C"],
      ["B", "C", "A"],
      ["C", "A", "B"],
      ["C", "B", "A"],
    ];
    const first = analyze(ast, { buildArgs: { A: "1", B: "2", C: "3" } });
    const values: Record<string, string> = { A: "1", B: "2", C: "3" };
    for (const order of orders) {
      expect(analyze(ast, { buildArgs: Object.fromEntries(order.map((name) => [name, values[name] ?? ""])) })).toBe(first);
      expect(analyze(ast, { buildArgs: new Map(order.map((name) => [name, values[name] ?? ""])) })).toBe(first);
    }
    const arm = { os: "linux", architecture: "arm64" };
    const amd = { os: "linux", architecture: "amd64" };
    expect(analyze(ast, { targetPlatform: arm })).not.toBe(analyze(ast, { targetPlatform: amd }));
    expect(analyze(ast, { targetPlatform: arm, buildPlatform: arm })).not.toBe(analyze(ast, { targetPlatform: arm, buildPlatform: amd }));
    expect(analyze(ast, { target: "a" })).not.toBe(analyze(ast, { target: "b" }));
  });

  test("edges: before the first instruction, at an instruction's end, at a FROM's start, the default target", () => {
    const source = "# comment\nFROM scratch AS a\nARG A\nFROM scratch AS b\nENV LONGNAME=$A\nFROM scratch AS c\nRUN --mount=from=${X},target=/t true\n";
    const p = model(source);
    expect(p.instructionAt(0)).toBeNull();
    expect(p.instructionAt(source.indexOf("ARG A") + 5)?.type).toBe("Arg");
    expect(p.stageAt(source.indexOf("FROM scratch AS b"))?.name).toBe("b");
    expect(p.targetStage("")?.name).toBe("c");
    expect(p.symbolAt(source.indexOf("LONGNAME"))?.type).toBe("variable-definition");
    expect(p.symbolAt(source.indexOf("$A") + 1)?.type).toBe("variable-reference");
    // Between two symbols of one instruction: neither.
    expect(p.symbolAt(source.indexOf("$A"))).toBeNull();
    // A reference inside a definition's name: the reference, though the definition comes first.
    const key = "FROM scratch\nARG A=k\nENV ${A}=1\n";
    expect(model(key).symbolAt(key.indexOf("A}"))?.type).toBe("variable-reference");
    // The smallest symbol wins: the variable inside a stage reference.
    expect(p.symbolAt(source.indexOf("${X}") + 2)?.type).toBe("variable-reference");
    const blank = "FROM scratch\nARG A\n\nFROM scratch\n";
    expect([...model(blank).scopeAtOffset(blank.indexOf("\n\n") + 1).keys()]).toEqual(["PATH", "A"]);
  });

  test("a rename group: the global ARG and every stage's ARG that takes it; not another stage's own", () => {
    const own = model("FROM scratch AS a\nARG V=1\nFROM scratch AS b\nARG V=1\n");
    const first = own.definitions.find((definition) => definition.name === "V");
    expect(first && own.renameGroup(first).definitions).toEqual([first]);
    const shared = model("ARG W=1\nFROM scratch AS a\nARG W\nFROM scratch\nARG W\n");
    const ws = shared.definitions.filter((definition) => definition.name === "W");
    expect(ws.map((definition) => shared.renameGroup(definition).definitions.length)).toEqual([3, 3, 3]);
  });
});

describe("robustness", () => {
  test("files that do not parse cleanly still give a model", () => {
    for (const text of ["", "RUN echo $A\n", "FROM\n", "FROM a AS\n", "FROM a\nCOPY --from\nENV\nARG\n", "FROM a\nRUN ${\n", "FROM a\nRUN <<EOF\n$X"]) {
      const m = model(text);
      expect(() => [m.references, m.symbolAt(0), m.scopeAtOffset(text.length)]).not.toThrow();
    }
  });

  test("a word's references are found through every kind of part", () => {
    const m = model('FROM scratch\nARG A B C\nENV X="${A:-$B}" Y=${C/a/$A}\n');
    const names = m.references.map((reference) => reference.name);
    expect(names).toEqual(["A", "B", "C", "A"]);
    const word: Word | undefined = all(m, "Env")[0]?.pairs[1]?.value;
    expect(word?.value).toBe("${C/a/$A}");
  });
});

describe("words, shells and mounts as BuildKit reads them", () => {
  test("a value with quotes or escapes but no variable is still processed", () => {
    expect(labels("FROM scratch\nLABEL a=\"q\" b='s' c=x\\ y d=plain\n")).toEqual(["a=q", "b=s", "c=x y", "d=plain"]);
    expect(labels("# escape=`\nFROM scratch\nLABEL a=x` y b=x\\y\n")).toEqual(["a=x y", "b=x\\y"]);
  });

  test("a SHELL's program by its base name, with or without .exe", () => {
    const lines = (shell: string): number[] => model(`FROM scratch\nSHELL ${shell}\nRUN echo $PATH\n`).references.map((reference) => reference.nameRange.start.line);
    expect(lines('["C:\\\\tools\\\\bash.EXE", "-c"]')).toEqual([3]);
    expect(lines('["/usr/bin/zsh", "-c"]')).toEqual([3]);
    expect(lines('["/usr/bin/fish", "-c"]')).toEqual([]);
    expect(lines('["shexe", "-c"]')).toEqual([]);
    // `.exe` only at the end.
    expect(lines('["ba.exesh", "-c"]')).toEqual([]);
    expect(lines("[]")).toEqual([]);
  });

  test("a RUN heredoc script's #! line: the program, or what env is asked to run", () => {
    const lines = (shebang: string): number[] => model(`FROM scratch\nRUN <<EOF\n${shebang}\necho $PATH\nEOF\n`).references.map((reference) => reference.nameRange.start.line);
    expect(lines("#!/bin/bash")).toEqual([4]);
    expect(lines("#! /bin/sh -e")).toEqual([4]);
    expect(lines("#!/usr/bin/env -S LANG=C bash -e")).toEqual([4]);
    expect(lines("#!/usr/bin/env \t bash")).toEqual([4]);
    expect(lines("#!/usr/bin/env LANG=C python3")).toEqual([]);
    expect(lines("#!/usr/bin/python3")).toEqual([]);
    expect(lines("#!/usr/bin/env")).toEqual([]);
    expect(lines("#!/opt/env/bin/node")).toEqual([]);
    // Only env's arguments name the program.
    expect(lines("#!/usr/bin/python3 sh")).toEqual([]);
  });

  test("--mount fields: quoted fields, doubled quotes, keys in any case, the target by any of its names", () => {
    const mounts = (flags: string): string[] =>
      model(`FROM scratch AS a\nRUN ${flags} true\nFROM scratch AS deps\n`)
        .stageReferences.filter((reference) => reference.kind === "mount-from")
        .map((reference) => `${reference.text}:${reference.resolution}${reference.error ? ` ${reference.error.message}` : ""}`);
    const later = (target: string): string => `deps:error cannot mount from stage "deps" to "${target}", stage needs to be defined before current command`;
    // The flag's own quotes go first (BuildKit reads the flag as a word); escaped ones reach the CSV.
    expect(mounts('--mount=type=bind,"from=deps","target=/a,b"')).toEqual([later("/a")]);
    expect(mounts('--mount=type=bind,\\"from=deps\\",\\"target=/a,b\\"')).toEqual([later("/a,b")]);
    expect(mounts('--mount=\\"target=/say\\"\\"hi\\"\\"\\",FROM=deps')).toEqual([later('/say\\"hi\\"')]);
    expect(mounts("--mount=from=deps,dst=/d")).toEqual([later("/d")]);
    expect(mounts("--mount=from=deps,destination=/e")).toEqual([later("/e")]);
    expect(mounts("--mount=from=deps,source=/s")).toEqual([later("")]);
    expect(mounts("--mount=from=other,target=/o --mount=from=deps,target=/t")).toEqual(["other:image", later("/t")]);
    expect(mounts("--mount=target=deps --mount=from=deps,target=/t")).toEqual([later("/t")]);
    expect(mounts('--mount=type=bind,\\"from=deps')).toEqual([]);
    expect(mounts("--mount=from=,target=/x --mount=target")).toEqual([]);
    // A `$` at the end expands to itself: a name, not a variable (BuildKit `detectRunMount`).
    expect(mounts("--mount=from=deps$")).toEqual(["deps$:image"]);
  });
});
