/**
 * The instruction layer's checks (BuildKit `frontend/dockerfile/instructions/parse.go`): for each
 * instruction, what BuildKit refuses, with its message, our code and stage, and the range the
 * error points at. The messages are BuildKit's (test/conformance/buildkit-instructions.test.ts
 * checks them against BuildKit's own cases through the CLI); these pin the codes and ranges too.
 */
import { describe, expect, test } from "vitest";
import type { Instruction, Range } from "./ast.js";
import { parse } from "./parse.js";

function at(range: Range): string {
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

/** The diagnostics of `line` as the second line of a file, one string each: code, stage, range, message. */
function problems(line: string): string[] {
  return parse(`FROM z\n${line}\n`).diagnostics.map((d) => `${d.code} ${d.stage} ${at(d.range)} ${d.message}`);
}

function second(line: string): Instruction {
  const instruction = parse(`FROM z\n${line}\n`).ast.instructions[1];
  if (!instruction) throw new Error(`no instruction in ${JSON.stringify(line)}`);
  return instruction;
}

const bad = (value: string): string => `failed to process "${value}": unsupported modifier (\ufffd) in substitution`;

describe("FROM", () => {
  test.each([
    ["FROM a AS 1x", [`invalid-stage-name instruction 2:11-2:13 invalid name for build stage: "1x", name can't start with a number or contain symbols`]],
    ["FROM a AS b!", [`invalid-stage-name instruction 2:11-2:13 invalid name for build stage: "b!", name can't start with a number or contain symbols`]],
    ["FROM a AS Build", []],
    ["FROM a As b", []],
    ["FROM a b", ["argument-count instruction 2:6-2:9 FROM requires either one or three arguments"]],
    ["FROM a x b", ["argument-count instruction 2:6-2:11 FROM requires either one or three arguments"]],
    ["FROM a AS b c", ["argument-count instruction 2:6-2:14 FROM requires either one or three arguments"]],
    ["FROM --foo=x a", ["invalid-flag instruction 2:6-2:13 unknown flag: --foo"]],
    ["FROM --platform=${x a", [`expansion-syntax expand 2:6-2:20 ${bad("${x")}`]],
    ["FROM --platform=${x a AS b", [`expansion-syntax expand 2:6-2:20 ${bad("${x")}`]],
    ["FROM ${x", [`expansion-syntax expand 2:6-2:9 ${bad("${x")}`]],
    // Without arguments the error is at the whole instruction; a stage name is not expanded.
    ["FROM", ["argument-count instruction 2:1-2:5 FROM requires either one or three arguments"]],
    ["FROM --platform=x", ["argument-count instruction 2:1-2:18 FROM requires either one or three arguments"]],
    ["FROM a AS ${x", ['invalid-stage-name instruction 2:11-2:14 invalid name for build stage: "${x", name can\'t start with a number or contain symbols']],
    // The arguments are checked first: a bad count hides the flags' errors.
    ["FROM --platform=${x a b", ["argument-count instruction 2:21-2:24 FROM requires either one or three arguments"]],
  ])("%s", (line, expected) => {
    expect(problems(line)).toEqual(expected);
  });

  test("the image is expanded, the stage name is not; `AS` is kept as written", () => {
    const from = second("FROM a:${T} as ${N}");
    expect(from.type === "From" && [from.image?.parts.map((part) => part.type), from.as?.value, from.stageName?.parts.map((part) => part.type)]).toEqual([
      ["Literal", "Variable"],
      "as",
      ["Variable"],
    ]);
    const plain = second("FROM a b");
    expect(plain.type === "From" && [plain.image?.value, plain.as, plain.stageName]).toEqual(["a", null, null]);
  });
});

describe("RUN, CMD, ENTRYPOINT, SHELL", () => {
  test.each([
    ["RUN --mount=type=foo x", ['invalid-mount expand 2:5-2:21 unsupported mount type "foo"']],
    ["RUN --mount=type=bind,target=/a --mount=type=foo x", ['invalid-mount expand 2:33-2:49 unsupported mount type "foo"']],
    ["RUN --network=bogus x", ['invalid-flag instruction 2:5-2:20 invalid network mode "bogus"']],
    ["RUN --security=bogus x", ['invalid-flag instruction 2:5-2:21 security "bogus" is not valid']],
    ["RUN --network=none --security=insecure x", []],
    ["RUN --network=host --security=sandbox x", []],
    ["RUN --networks=none x", ["invalid-flag instruction 2:5-2:20 unknown flag: --networks (did you mean network?)"]],
    ["CMD --x=1 a", ["invalid-flag instruction 2:5-2:10 unknown flag: --x"]],
    ["ENTRYPOINT --x a", ["invalid-flag instruction 2:12-2:15 unknown flag: --x"]],
    ["ENTRYPOINT a", []],
    ["CMD a", []],
    ["SHELL", ["argument-count instruction 2:1-2:6 SHELL requires at least one argument"]],
    ["SHELL sh -c", ["shell-not-json instruction 2:7-2:12 SHELL requires the arguments to be in JSON form"]],
    ['SHELL ["sh", "-c"]', []],
    ['SHELL --x ["a"]', ["invalid-flag instruction 2:7-2:10 unknown flag: --x"]],
    // BuildKit's ParseDevice, at the --device flag whose value it refuses.
    ["RUN --device=a,name=b x", ["invalid-device instruction 2:5-2:22 device name already set to a"]],
    ["RUN --device=ok --device=a,name=b x", ["invalid-device instruction 2:17-2:34 device name already set to a"]],
    // A mount BuildKit's CSV reader refuses is refused before any expansion.
    [`RUN --mount=type=bind,'"a' x`, ['invalid-mount instruction 2:5-2:27 failed to parse csv mounts: parse error on line 1, column 12: extraneous or missing " in quoted-field']],
  ])("%s", (line, expected) => {
    expect(problems(line)).toEqual(expected);
  });

  test("a mount field with a variable is left to the build; a literal one is checked as the builder expands it", () => {
    expect(problems("RUN --mount=type=bind,target=/a,rw=maybe x")).toEqual(["invalid-mount expand 2:5-2:41 invalid value for rw: maybe"]);
    for (const value of ["$X", "x$X", '"$X"', "${X:-true}"]) expect(problems(`RUN --mount=type=bind,target=/a,rw=${value} x`)).toEqual([]);
    // A variable inside double quotes: the flag's escaped quotes and CSV's doubled ones leave `"$X"`
    // as the field's value (a quoted literal is checked: `"x"` is `x`).
    expect(problems(String.raw`RUN --mount=type=bind,target=/a,\"rw=\"\"$X\"\"\" x`)).toEqual([]);
    expect(problems(String.raw`RUN --mount=type=bind,target=/a,\"rw=\"\"x\"\"\" x`)).toEqual(["invalid-mount expand 2:5-2:49 invalid value for rw: x"]);
    // With a backtick escape, `$ is a literal dollar: no variable, and the expanded value is checked.
    expect(parse("# escape=`\nFROM z\nRUN --mount=type=bind,target=/a,rw=`$X x\n").diagnostics.map((d) => `${d.code} ${at(d.range)} ${d.message}`)).toEqual([
      "invalid-mount 3:5-3:39 invalid value for rw: $X",
    ]);
  });

  test("CMD and ENTRYPOINT are their own nodes, in shell or exec form", () => {
    expect(["CMD a", "ENTRYPOINT a", 'ENTRYPOINT ["a"]'].map((line) => [second(line).type, second(line).json])).toEqual([
      ["Cmd", false],
      ["Entrypoint", false],
      ["Entrypoint", true],
    ]);
  });

  test("a RUN's mounts, each at its flag", () => {
    const run = second("RUN --mount=type=cache,target=/a --mount=target=/b x");
    expect(run.type === "Run" && run.mounts.map((mount) => [mount.mountType, at(mount.range), mount.fields.map((field) => at(field.range))])).toEqual([
      ["cache", "2:5-2:33", ["2:5-2:33", "2:5-2:33"]],
      ["bind", "2:34-2:51", ["2:34-2:51"]],
    ]);
    const none = second("RUN x");
    expect(none.type === "Run" && none.mounts).toEqual([]);
  });

  test("a RUN whose command is a heredoc's marker runs its body as the script", () => {
    const script = (text: string): boolean | null => {
      const run = parse(`FROM z\n${text}`).ast.instructions[1];
      return run?.type === "Run" ? run.heredocScript : null;
    };
    expect(script("RUN <<EOF\necho hi\nEOF\n")).toBe(true);
    expect(script("RUN  <<EOF \necho hi\nEOF\n")).toBe(true);
    expect(script("RUN cat <<EOF\nhi\nEOF\n")).toBe(false);
    expect(script("RUN echo '<<EOF'\n")).toBe(false);
  });
});

describe("HEALTHCHECK", () => {
  test.each([
    ["HEALTHCHECK", ["argument-count instruction 2:1-2:12 HEALTHCHECK requires at least one argument"]],
    ["HEALTHCHECK NONE x", ["argument-count instruction 2:18-2:19 HEALTHCHECK NONE takes no arguments"]],
    ["HEALTHCHECK NONE x y", ["argument-count instruction 2:18-2:21 HEALTHCHECK NONE takes no arguments"]],
    // NONE's flags are not looked at (BuildKit returns before parsing them).
    ["HEALTHCHECK --interval=1s NONE", []],
    ["HEALTHCHECK --x=1 NONE", []],
    ["HEALTHCHECK FOO x", ['healthcheck-type instruction 2:13-2:16 Unknown type "FOO" in HEALTHCHECK (try CMD)']],
    ["HEALTHCHECK --x=1 FOO x", ["invalid-flag instruction 2:13-2:18 unknown flag: --x"]],
    ["HEALTHCHECK CMD", ["argument-count instruction 2:13-2:16 Missing command after HEALTHCHECK CMD"]],
    ["HEALTHCHECK CMD []", ["argument-count instruction 2:13-2:16 Missing command after HEALTHCHECK CMD"]],
    ["HEALTHCHECK --interval=bad CMD x", ['invalid-flag instruction 2:13-2:27 time: invalid duration "bad"']],
    ["HEALTHCHECK --interval=999us CMD x", ['invalid-flag instruction 2:13-2:29 Interval "interval" cannot be less than 1ms']],
    ["HEALTHCHECK --timeout=999us CMD x", ['invalid-flag instruction 2:13-2:28 Interval "timeout" cannot be less than 1ms']],
    ["HEALTHCHECK --start-period=999us CMD x", ['invalid-flag instruction 2:13-2:33 Interval "start-period" cannot be less than 1ms']],
    ["HEALTHCHECK --start-interval=999us CMD x", ['invalid-flag instruction 2:13-2:35 Interval "start-interval" cannot be less than 1ms']],
    ["HEALTHCHECK --interval=1ms --timeout=0s CMD x", []],
    ["HEALTHCHECK --interval= CMD x", []],
    // The durations are read in the order interval, timeout, start-period, start-interval; the first bad one is reported.
    ["HEALTHCHECK --timeout=1ns --interval=bad CMD x", ['invalid-flag instruction 2:27-2:41 time: invalid duration "bad"']],
    ["HEALTHCHECK --interval=1ns --timeout=bad CMD x", ['invalid-flag instruction 2:13-2:27 Interval "interval" cannot be less than 1ms']],
    ["HEALTHCHECK --retries=x CMD x", ['invalid-flag instruction 2:13-2:24 strconv.ParseInt: parsing "x": invalid syntax']],
    ["HEALTHCHECK --retries=-1 CMD x", ["invalid-flag instruction 2:13-2:25 --retries cannot be negative (-1)"]],
    ["HEALTHCHECK --retries=2147483648 CMD x", ['invalid-flag instruction 2:13-2:33 strconv.ParseInt: parsing "2147483648": value out of range']],
    ["HEALTHCHECK --retries=2147483647 --interval=1s CMD x", []],
    ["HEALTHCHECK --retries=0 CMD x", []],
    ["HEALTHCHECK --interval=1s --interval=1ms CMD x", ["invalid-flag instruction 2:27-2:41 duplicate flag specified: --interval"]],
  ])("%s", (line, expected) => {
    expect(problems(line)).toEqual(expected);
  });

  test("the type is read in any case; the command starts after it", () => {
    const health = second("healthcheck cmd  echo hi");
    expect(health.type === "Healthcheck" && [health.kind, health.kindRange && at(health.kindRange), health.command?.type === "ShellForm" && health.command.value]).toEqual(["CMD", "2:13-2:16", "echo hi"]);
    const none = second("HEALTHCHECK");
    expect(none.type === "Healthcheck" && [none.kind, none.kindRange, none.command]).toEqual([null, null, null]);
  });
});

describe("ENV, LABEL, ARG", () => {
  test.each([
    ["ENV", ["argument-count instruction 2:1-2:4 ENV requires at least one argument"]],
    ["LABEL", ["argument-count instruction 2:1-2:6 LABEL requires at least one argument"]],
    ["ENV =x", ["blank-name instruction 2:5-2:7 ENV names can not be blank"]],
    ["LABEL =x", ["blank-name instruction 2:7-2:9 LABEL names can not be blank"]],
    ["ENV a=b =c", ["blank-name instruction 2:9-2:11 ENV names can not be blank"]],
    ["LABEL --x=1 =x", ["invalid-flag instruction 2:7-2:12 unknown flag: --x"]],
    ["ENV a=${x", [`expansion-syntax expand 2:7-2:10 ${bad("${x")}`]],
    ["ARG", ["argument-count instruction 2:1-2:4 ARG requires at least one argument"]],
    ["ARG =x", ["blank-name instruction 2:5-2:7 ARG names can not be blank"]],
    ["ARG a =", ["blank-name instruction 2:7-2:8 ARG names can not be blank"]],
    // An ARG's name is not expanded; its default is.
    ["ARG ${x", []],
    ["ARG a=${x", [`expansion-syntax expand 2:7-2:10 ${bad("${x")}`]],
    // ENV's keys are expanded (BuildKit's expandKvpsInPlace), ARG's names are not.
    ["ENV ${x=1", [`expansion-syntax expand 2:5-2:8 ${bad("${x")}`]],
    ["ARG ${x=1", []],
  ])("%s", (line, expected) => {
    expect(problems(line)).toEqual(expected);
  });

  test("pairs: key, value, form and range", () => {
    const env = second('ENV a=1 bb="x y"');
    expect(env.type === "Env" && env.pairs.map((pair) => [pair.key.value, pair.value.value, pair.legacy, at(pair.range), at(pair.key.range), at(pair.value.range)])).toEqual([
      ["a", "1", false, "2:5-2:8", "2:5-2:6", "2:7-2:8"],
      ["bb", '"x y"', false, "2:9-2:17", "2:9-2:11", "2:12-2:17"],
    ]);
    const empty = second("LABEL a=");
    expect(empty.type === "Label" && empty.pairs.map((pair) => [pair.key.value, pair.value.value, at(pair.range)])).toEqual([["a", "", "2:7-2:9"]]);
  });

  test("ARG definitions: name and default ranges", () => {
    const arg = second("ARG a=1 b");
    expect(arg.type === "Arg" && arg.args.map((d) => [d.name.value, at(d.name.range), d.value && [d.value.value, at(d.value.range)], at(d.range)])).toEqual([
      ["a", "2:5-2:6", ["1", "2:7-2:8"], "2:5-2:8"],
      ["b", "2:9-2:10", null, "2:9-2:10"],
    ]);
  });
});

describe("EXPOSE, VOLUME, WORKDIR, USER, STOPSIGNAL, MAINTAINER", () => {
  test.each([
    ["EXPOSE", ["argument-count instruction 2:1-2:7 EXPOSE requires at least one argument"]],
    ["EXPOSE --x 80", ["invalid-flag instruction 2:8-2:11 unknown flag: --x"]],
    ["EXPOSE ${x", [`expansion-syntax expand 2:8-2:11 ${bad("${x")}`]],
    ["VOLUME", ["argument-count instruction 2:1-2:7 VOLUME requires at least one argument"]],
    ['VOLUME ["", "a"]', ["empty-volume instruction 2:9-2:11 VOLUME specified can not be an empty string"]],
    ['VOLUME ["a", " "]', ["empty-volume instruction 2:14-2:17 VOLUME specified can not be an empty string"]],
    ['VOLUME --x [""]', ["invalid-flag instruction 2:8-2:11 unknown flag: --x"]],
    ["VOLUME ${x", [`expansion-syntax expand 2:8-2:11 ${bad("${x")}`]],
    ["WORKDIR", ["argument-count instruction 2:1-2:8 WORKDIR requires exactly one argument"]],
    ["USER", ["argument-count instruction 2:1-2:5 USER requires exactly one argument"]],
    ["STOPSIGNAL", ["argument-count instruction 2:1-2:11 STOPSIGNAL requires exactly one argument"]],
    ["MAINTAINER", ["argument-count instruction 2:1-2:11 MAINTAINER requires exactly one argument"]],
    // BuildKit reads their rest as one argument (parseString).
    ["WORKDIR a b", []],
    ["WORKDIR --x a", ["invalid-flag instruction 2:9-2:12 unknown flag: --x"]],
    ["USER --x a", ["invalid-flag instruction 2:6-2:9 unknown flag: --x"]],
    ["MAINTAINER --x a", ["invalid-flag instruction 2:12-2:15 unknown flag: --x"]],
    // BuildKit's parseStopSignal never parses its flags.
    ["STOPSIGNAL --x 9", []],
    ["WORKDIR ${x", [`expansion-syntax expand 2:9-2:12 ${bad("${x")}`]],
    ["USER ${x", [`expansion-syntax expand 2:6-2:9 ${bad("${x")}`]],
    ["STOPSIGNAL ${x", [`expansion-syntax expand 2:12-2:15 ${bad("${x")}`]],
  ])("%s", (line, expected) => {
    expect(problems(line)).toEqual(expected);
  });

  test("each instruction's one value", () => {
    const value = (line: string): unknown => {
      const instruction = second(line);
      switch (instruction.type) {
        case "Workdir":
          return instruction.path && at(instruction.path.range);
        case "User":
          return instruction.user && at(instruction.user.range);
        case "Stopsignal":
          return instruction.signal && at(instruction.signal.range);
        case "Maintainer":
          return instruction.maintainer && at(instruction.maintainer.range);
        case "Expose":
          return instruction.ports.map((port) => at(port.range));
        case "Volume":
          return instruction.paths.map((path) => at(path.range));
        default:
          return instruction.type;
      }
    };
    expect(["WORKDIR /a", "USER app", "STOPSIGNAL 9"].map((line) => second(line).type)).toEqual(["Workdir", "User", "Stopsignal"]);
    expect(["WORKDIR /a", "USER app", "STOPSIGNAL 9", "MAINTAINER me", "EXPOSE 80 443", "VOLUME /a /b", "WORKDIR", "USER", "STOPSIGNAL", "MAINTAINER"].map(value)).toEqual([
      "2:9-2:11", "2:6-2:9", "2:12-2:13", "2:12-2:14", ["2:8-2:10", "2:11-2:14"], ["2:8-2:10", "2:11-2:13"], null, null, null, null,
    ]);
  });
});

describe("COPY, ADD", () => {
  test.each([
    ["COPY a", ["argument-count instruction 2:6-2:7 COPY requires at least two arguments, but only one was provided. Destination could not be determined"]],
    ["ADD a", ["argument-count instruction 2:5-2:6 ADD requires at least two arguments, but only one was provided. Destination could not be determined"]],
    ["COPY", ["argument-count instruction 2:1-2:5 COPY requires at least two arguments, but only one was provided. Destination could not be determined"]],
    ["ADD --x a b", ["invalid-flag instruction 2:5-2:8 unknown flag: --x"]],
    ["COPY --checksum=x a b", ["invalid-flag instruction 2:6-2:18 unknown flag: --checksum"]],
    ["COPY --chown=${x a b", [`expansion-syntax expand 2:6-2:17 ${bad("${x")}`]],
    ["COPY --chmod=${x a b", [`expansion-syntax expand 2:6-2:17 ${bad("${x")}`]],
    ["ADD --checksum=${x a b", [`expansion-syntax expand 2:5-2:19 ${bad("${x")}`]],
    ["COPY --link --chown=${x a b", [`expansion-syntax expand 2:13-2:24 ${bad("${x")}`]],
    // --from is not expanded by the instruction layer.
    ["COPY --from=${x a b", []],
    ["COPY ${x b", [`expansion-syntax expand 2:6-2:9 ${bad("${x")}`]],
    ["COPY --x=${x a", ["argument-count instruction 2:14-2:15 COPY requires at least two arguments, but only one was provided. Destination could not be determined"]],
  ])("%s", (line, expected) => {
    expect(problems(line)).toEqual(expected);
  });

  test("a flag is read with the file's escape character", () => {
    expect(parse("# escape=`\nFROM z\nCOPY --chown=`${x a b\n").diagnostics).toEqual([]);
    expect(parse("# escape=`\nFROM z\nCOPY --chown=\\${x a b\n").diagnostics.map((d) => d.code)).toEqual(["expansion-syntax"]);
  });

  test("a heredoc is not a destination", () => {
    expect(problems("COPY a <<EOF")).toEqual([
      "unterminated-heredoc parse 2:1-2:13 unterminated heredoc",
      "heredoc-destination instruction 2:8-2:13 COPY cannot accept a heredoc as a destination",
    ]);
    // The destination is the last argument, however many sources come before it.
    expect(parse("FROM z\nCOPY a b <<EOF\nx\nEOF\n").diagnostics.map((d) => `${d.code} ${at(d.range)}`)).toEqual(["heredoc-destination 2:10-2:15"]);
    expect(parse("FROM z\nCOPY a <<EOF c\nx\nEOF\n").diagnostics).toEqual([]);
    expect(parse("FROM z\nADD <<EOF <<X\nx\nEOF\ny\nX\n").diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      "heredoc-destination ADD cannot accept a heredoc as a destination",
    ]);
  });

  test("sources and destination; a JSON form's words map onto their strings", () => {
    const copy = second('COPY ["a b", "c\\u00e9$x", "/d"]');
    expect(copy.type === "Copy" && [copy.sources.map((word) => [word.value, at(word.range)]), copy.destination && at(copy.destination.range)]).toEqual([
      [
        ["a b", "2:7-2:12"],
        ["cé$x", "2:14-2:25"],
      ],
      "2:27-2:31",
    ]);
    const variable = copy.type === "Copy" ? copy.sources[1]?.parts.find((part) => part.type === "Variable") : undefined;
    expect(variable && [at(variable.range), at(variable.nameRange)]).toEqual(["2:22-2:24", "2:23-2:24"]);
    const one = second("ADD a");
    expect(one.type === "Add" && [one.sources.map((word) => word.value), one.destination]).toEqual([[], null]);
    const copyOne = second("COPY a");
    expect(copyOne.type === "Copy" && [copyOne.sources.map((word) => word.value), copyOne.destination]).toEqual([[], null]);
    const add = second("ADD a b");
    expect(add.type === "Add" && [add.sources.map((word) => word.value), add.destination?.value]).toEqual([["a"], "b"]);
  });
});

describe("ONBUILD", () => {
  test.each([
    ["ONBUILD", ["argument-count instruction 2:1-2:8 ONBUILD requires at least one argument"]],
    ["ONBUILD ONBUILD RUN x", ["onbuild-trigger instruction 2:9-2:16 Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"]],
    ["ONBUILD onbuild x", ["onbuild-trigger instruction 2:9-2:16 Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"]],
    ["ONBUILD FROM a", ["onbuild-trigger instruction 2:9-2:13 FROM isn't allowed as an ONBUILD trigger"]],
    ["ONBUILD maintainer x", ["onbuild-trigger instruction 2:9-2:19 MAINTAINER isn't allowed as an ONBUILD trigger"]],
    ["ONBUILD --x RUN a", ["invalid-flag instruction 2:9-2:12 unknown flag: --x"]],
    // The trigger is checked when it runs, not here.
    ["ONBUILD RUN --x a", []],
    ["ONBUILD COPY a", []],
  ])("%s", (line, expected) => {
    expect(problems(line)).toEqual(expected);
  });

  test("the trigger's range and text run from its keyword to the line's end", () => {
    const onbuild = second("ONBUILD  RUN echo hi");
    expect(onbuild.type === "Onbuild" && onbuild.trigger && [onbuild.trigger.type, at(onbuild.trigger.range), onbuild.trigger.original]).toEqual([
      "Run",
      "2:10-2:21",
      "RUN echo hi",
    ]);
    expect(onbuild.type === "Onbuild" && onbuild.trigger && [onbuild.trigger.leadingComments, onbuild.trigger.innerComments]).toEqual([[], []]);
    const bare = second("ONBUILD  WORKDIR");
    expect(bare.type === "Onbuild" && bare.trigger && [at(bare.trigger.range), bare.trigger.original]).toEqual(["2:10-2:17", "WORKDIR"]);
    const empty = second("ONBUILD");
    expect(empty.type === "Onbuild" && [empty.trigger, empty.arguments]).toEqual([null, []]);
  });
});

describe("unknown instructions and keywords", () => {
  test("an unknown instruction, with BuildKit's suggestion in the case written", () => {
    expect(problems("FROOM x")).toEqual(["unknown-instruction instruction 2:1-2:6 unknown instruction: FROOM (did you mean FROM?)"]);
    expect(problems("froom x")).toEqual(["unknown-instruction instruction 2:1-2:6 unknown instruction: froom (did you mean from?)"]);
    expect(problems("XYZZY x")).toEqual(["unknown-instruction instruction 2:1-2:6 unknown instruction: XYZZY"]);
    const unknown = second("FROOM x");
    expect([unknown.type, unknown.keyword.text, unknown.keyword.name, unknown.arguments.map((argument) => argument.value)]).toEqual(["Unknown", "FROOM", "FROOM", [""]]);
  });

  test("a keyword's name is its capitals; flags, when there are none, are an empty list", () => {
    const copy = second("cOpY a b");
    expect(copy).toMatchObject({ keyword: { text: "cOpY", name: "COPY" }, flags: [] });
    expect(at(copy.keyword.range)).toBe("2:1-2:5");
  });
});

describe("words and flags", () => {
  /** A word's parts as `type value range`, nested parts in brackets. */
  function parts(word: { parts: readonly unknown[] } | null | undefined): string[] {
    return (word?.parts ?? []).map((part) => JSON.stringify(part, (key, value: unknown) => (key === "range" || key === "nameRange" ? at(value as Range) : value)));
  }

  test("each kind of part, with its source range", () => {
    const env = second("ENV a='x' b=\\$c d=<e f=\"g\" h=${i:-$j} k=${l/m/$n} o=\"$p\"");
    const values = env.type === "Env" ? env.pairs.map((pair) => parts(pair.value)) : [];
    expect(values).toEqual([
      ['{"type":"SingleQuoted","value":"x","range":"2:7-2:10"}'],
      ['{"type":"Escape","char":"$","range":"2:13-2:15"}', '{"type":"Literal","value":"c","range":"2:15-2:16"}'],
      ['{"type":"RawText","value":"<","range":"2:19-2:20"}', '{"type":"Literal","value":"e","range":"2:20-2:21"}'],
      ['{"type":"DoubleQuoted","parts":[{"type":"Literal","value":"g","range":"2:25-2:26"}],"range":"2:24-2:27"}'],
      [
        '{"type":"Variable","name":"i","nameRange":"2:32-2:33","braced":true,"range":"2:30-2:38","modifier":":-","argument":[{"type":"Variable","name":"j","nameRange":"2:36-2:37","braced":false,"range":"2:35-2:37"}]}',
      ],
      [
        '{"type":"Variable","name":"l","nameRange":"2:43-2:44","braced":true,"range":"2:41-2:50","modifier":"/","argument":[{"type":"Literal","value":"m","range":"2:45-2:46"}],"replacement":[{"type":"Variable","name":"n","nameRange":"2:48-2:49","braced":false,"range":"2:47-2:49"}]}',
      ],
      ['{"type":"DoubleQuoted","parts":[{"type":"Variable","name":"p","nameRange":"2:55-2:56","braced":false,"range":"2:54-2:56"}],"range":"2:53-2:57"}'],
    ]);
    const arg = second("ARG a=${x");
    expect(arg.type === "Arg" && parts(arg.args[0]?.value)).toEqual([
      '{"type":"Variable","name":"x","nameRange":"2:9-2:10","braced":true,"range":"2:7-2:10","modifier":"\ufffd"}',
      '{"type":"WordError","message":"unsupported modifier (\ufffd) in substitution","range":"2:7-2:10"}',
    ]);
    const empty = second("LABEL a=");
    expect(empty.type === "Label" && [parts(empty.pairs[0]?.value), empty.pairs[0]?.value.value]).toEqual([[], ""]);
  });

  test("a word with the escape character and nothing else special is not one literal", () => {
    const env = second("ENV a=x\\y");
    expect(env.type === "Env" && parts(env.pairs[0]?.value)).toEqual(['{"type":"Literal","value":"x","range":"2:7-2:8"}', '{"type":"Escape","char":"y","range":"2:8-2:10"}']);
    // Words of nothing but the escape, or nothing but `<`.
    const only = second("ENV a=\\\\ b=<");
    expect(only.type === "Env" && only.pairs.map((pair) => parts(pair.value))).toEqual([
      ['{"type":"Escape","char":"\\\\","range":"2:7-2:9"}'],
      ['{"type":"RawText","value":"<","range":"2:12-2:13"}'],
    ]);
  });

  test("a variable without a modifier has no modifier key", () => {
    const env = second("ENV a=$b");
    expect(env.type === "Env" && env.pairs[0]?.value.parts).toStrictEqual([{ type: "Variable", name: "b", nameRange: expect.anything() as unknown, braced: false, range: expect.anything() as unknown }]);
  });

  test("the escape character is the directive's: with a backtick, a backslash is a literal", () => {
    const env = parse("# escape=`\nFROM z\nENV a=`$b c=\\d\n").ast.instructions[1];
    expect(env?.type === "Env" && env.pairs.map((pair) => parts(pair.value))).toEqual([
      ['{"type":"Escape","char":"$","range":"3:7-3:9"}', '{"type":"Literal","value":"b","range":"3:9-3:10"}'],
      ['{"type":"Literal","value":"\\\\d","range":"3:13-3:15"}'],
    ]);
  });

  test("a JSON string without anything special is one literal inside its quotes", () => {
    const copy = second('COPY ["a", "/d"]');
    expect(copy.type === "Copy" && [copy.sources.map(parts), parts(copy.destination), copy.destination && at(copy.destination.range)]).toEqual([
      [['{"type":"Literal","value":"a","range":"2:8-2:9"}']],
      ['{"type":"Literal","value":"/d","range":"2:13-2:15"}'],
      "2:12-2:16",
    ]);
  });

  test("a JSON string's parts map through its escapes onto the source", () => {
    const copy = second('COPY ["$x", "\\t$y", "a\\\\b$z", "/d"]');
    expect(copy.type === "Copy" && copy.sources.map(parts)).toEqual([
      ['{"type":"Variable","name":"x","nameRange":"2:9-2:10","braced":false,"range":"2:8-2:10"}'],
      ['{"type":"Literal","value":"\\t","range":"2:14-2:16"}', '{"type":"Variable","name":"y","nameRange":"2:17-2:18","braced":false,"range":"2:16-2:18"}'],
      [
        '{"type":"Literal","value":"a","range":"2:22-2:23"}',
        '{"type":"Escape","char":"b","range":"2:23-2:26"}',
        '{"type":"Variable","name":"z","nameRange":"2:27-2:28","braced":false,"range":"2:26-2:28"}',
      ],
    ]);
  });

  test("a flag: its name and value as BuildKit reads them, their ranges in the source", () => {
    const copy = second('COPY --link --"from"=a --chown="1" b c');
    expect(copy.flags.map((flag) => [flag.name, flag.value, flag.text, at(flag.range), at(flag.nameRange), flag.valueRange && at(flag.valueRange)])).toEqual([
      ["link", null, "--link", "2:6-2:12", "2:6-2:12", null],
      ["from", "a", "--from=a", "2:13-2:23", "2:13-2:21", "2:22-2:23"],
      ["chown", "1", "--chown=1", "2:24-2:35", "2:24-2:31", "2:32-2:35"],
    ]);
  });

  test("an exec form's range runs from its bracket, elements or none", () => {
    const range = (line: string): string | null => {
      const cmd = second(line);
      return cmd.type === "Cmd" && cmd.command ? at(cmd.command.range) : null;
    };
    expect(["CMD []", 'CMD  [ "a" ]', "CMD", 'HEALTHCHECK CMD ["a"]'].map(range)).toEqual(["2:5-2:7", "2:6-2:13", null, null]);
    const health = second('HEALTHCHECK CMD  [ "a" ]');
    expect(health.type === "Healthcheck" && health.command && at(health.command.range)).toBe("2:18-2:25");
    const empty = second("HEALTHCHECK CMD  []");
    expect(empty.type === "Healthcheck" && empty.command && at(empty.command.range)).toBe("2:18-2:20");
  });
});
