import { describe, expect, test } from "vitest";
import type { Instruction, Range, TextSegment } from "./ast.js";
import { dump } from "./dump.js";
import { ShellFormNode } from "./instructions.js";
import { parse } from "./parse.js";
import { print } from "./print.js";

function at(range: Range): string {
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

function only<T extends Instruction["type"]>(text: string, type: T): Extract<Instruction, { type: T }> {
  const instruction = parse(text).ast.instructions.find((each) => each.type === type);
  if (!instruction) throw new Error(`no ${type} in ${JSON.stringify(text)}`);
  return instruction as Extract<Instruction, { type: T }>;
}

describe("ranges", () => {
  test("keyword, flags and words map to their source characters", () => {
    const text = "FROM a\n  COPY --chown=app:app --from=build src/ /dst\n";
    const copy = only(text, "Copy");
    expect(at(copy.range)).toBe("2:3-2:46");
    expect(at(copy.keyword.range)).toBe("2:3-2:7");
    expect(copy.flags.map((flag) => [flag.name, flag.value, at(flag.nameRange), flag.valueRange && at(flag.valueRange)])).toEqual([
      ["chown", "app:app", "2:8-2:15", "2:16-2:23"],
      ["from", "build", "2:24-2:30", "2:31-2:36"],
    ]);
    expect(copy.sources.map((source) => [source.value, at(source.range)])).toEqual([["src/", "2:37-2:41"]]);
    expect(copy.destination && at(copy.destination.range)).toBe("2:42-2:46");
  });

  test("a word split by a continuation maps each part to its own line", () => {
    const text = "FROM a\nENV PATH=/usr/\\\nlocal/bin:$PATH\n";
    const env = only(text, "Env");
    const pair = env.pairs[0];
    expect(pair?.value.value).toBe("/usr/local/bin:$PATH");
    const variable = pair?.value.parts.find((part) => part.type === "Variable");
    expect(variable).toMatchObject({ type: "Variable", name: "PATH" });
    expect(variable && at(variable.range)).toBe("3:11-3:16");
    expect(at(env.range)).toBe("2:1-3:16");
  });

  test("a shell-form command maps each piece back to its source line", () => {
    const text = "FROM a\nRUN apt-get update \\\n  # comment\n  && apt-get install -y curl\n";
    const run = only(text, "Run");
    const command = run.command?.type === "ShellForm" ? run.command : null;
    expect(command?.value).toBe("apt-get update   && apt-get install -y curl");
    expect(command?.segments).toEqual([
      { offset: 0, sourceOffset: 11, length: 15 },
      { offset: 15, sourceOffset: 40, length: 28 },
    ]);
    for (const segment of command?.segments ?? []) {
      expect(text.slice(segment.sourceOffset, segment.sourceOffset + segment.length)).toBe(
        command?.value.slice(segment.offset, segment.offset + segment.length),
      );
    }
  });

  test("a one-line shell-form command is one segment, the whole value where its range starts, in its JSON too", () => {
    const text = "FROM a\nRUN echo hi\n";
    const command = only(text, "Run").command;
    expect(command?.type === "ShellForm" && command.segments).toEqual([{ offset: 0, sourceOffset: 11, length: 7 }]);
    const json = JSON.parse(JSON.stringify(command)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(["type", "value", "range", "segments"]);
    expect(json).toMatchObject({ type: "ShellForm", value: "echo hi", range: { start: { offset: 11 }, end: { offset: 18 } }, segments: [{ offset: 0, sourceOffset: 11, length: 7 }] });
  });

  test("a moved shell form: a one-line command's segment follows the moved range, a multi-line one's are moved by `move`", () => {
    // What `move` is given: the range, and the segments only when the form keeps them.
    const move = (field: unknown): unknown =>
      Array.isArray(field)
        ? (field as TextSegment[]).map((segment) => ({ ...segment, sourceOffset: segment.sourceOffset + 100 }))
        : shifted(field as Range, 100);
    const shifted = (range: Range, by: number): Range => ({
      start: { ...range.start, offset: range.start.offset + by },
      end: { ...range.end, offset: range.end.offset + by },
    });
    const oneLine = only("FROM a\nRUN echo hi\n", "Run").command;
    if (!(oneLine instanceof ShellFormNode)) throw new Error("a one-line RUN's command is not a ShellFormNode");
    const movedOneLine = ShellFormNode.moved(oneLine, move);
    expect(movedOneLine.range.start.offset).toBe(111);
    expect(movedOneLine.segments).toEqual([{ offset: 0, sourceOffset: 111, length: 7 }]);
    const twoLines = only("FROM a\nRUN echo \\\n  hi\n", "Run").command;
    if (!(twoLines instanceof ShellFormNode)) throw new Error("a two-line RUN's command is not a ShellFormNode");
    expect(ShellFormNode.moved(twoLines, move).segments).toEqual(twoLines.segments.map((segment) => ({ ...segment, sourceOffset: segment.sourceOffset + 100 })));
  });

  test("positions count UTF-16 units and 1-based columns", () => {
    const run = only("FROM a\nRUN echo 'héllo' ünïcode\n", "Run");
    expect(run.command).toMatchObject({ type: "ShellForm", value: "echo 'héllo' ünïcode" });
    expect(run.command && at(run.command.range)).toBe("2:5-2:25");
  });
});

describe("instructions", () => {
  test("exec and shell forms", () => {
    const cmd = only('FROM a\nCMD ["python3", "app.py"]\n', "Cmd");
    expect(cmd.json).toBe(true);
    expect(cmd.command).toMatchObject({ type: "ExecForm", elements: [{ value: "python3", raw: '"python3"' }, { value: "app.py" }] });
    expect(cmd.command && at(cmd.command.range)).toBe("2:5-2:26");
    const fallback = only("FROM a\nCMD ['single', 'quotes']\n", "Cmd");
    expect(fallback.command).toMatchObject({ type: "ShellForm", value: "['single', 'quotes']" });
  });

  test("a shell form has its argument's range; keywords are the instruction names' strings", () => {
    const run = only("FROM a\nrun  echo \\\n  hi\n", "Run");
    expect(run.command?.type).toBe("ShellForm");
    expect(run.arguments[0] && at(run.arguments[0].range)).toBe("2:6-3:5");
    expect(run.command && at(run.command.range)).toBe("2:6-3:5");
    expect(run.original).toBe("run  echo   hi");
    expect(run.command?.type === "ShellForm" && run.command.segments).toEqual([
      { offset: 0, sourceOffset: 12, length: 5 },
      { offset: 5, sourceOffset: 19, length: 4 },
    ]);
    expect(run.keyword).toMatchObject({ text: "run", name: "RUN" });
    expect(only("FROM a\nRUN x\n", "Run").keyword).toMatchObject({ text: "RUN", name: "RUN" });
  });

  test("FROM with a stage name and a platform", () => {
    const from = only("FROM --platform=$BUILDPLATFORM golang:1.22 AS Build\n", "From");
    expect(from.image?.value).toBe("golang:1.22");
    expect(from.stageName?.value).toBe("Build");
    expect(from.flags[0]).toMatchObject({ name: "platform", value: "$BUILDPLATFORM" });
    const { ast } = parse("FROM --platform=$BUILDPLATFORM golang:1.22 AS Build\nRUN go build\nFROM scratch\n");
    expect(ast.stages.map((stage) => [stage.name, stage.instructions.length])).toEqual([
      ["build", 1],
      [null, 0],
    ]);
  });

  test("ENV pairs, legacy form and quotes kept for expansion", () => {
    const env = only('FROM a\nENV A=1 B="two words" C\n', "Env");
    expect(parse('FROM a\nENV A=1 B="two words" C\n').diagnostics.map((d) => d.message)).toEqual([
      'Syntax error - can\'t find = in "C". Must be of the form: name=value',
    ]);
    expect(env.pairs).toEqual([]);
    const legacy = only("FROM a\nENV PATH /usr/bin:/bin  extra\n", "Env");
    expect(legacy.pairs.map((pair) => [pair.key.value, pair.value.value, pair.legacy])).toEqual([["PATH", "/usr/bin:/bin  extra", true]]);
    const quoted = only('FROM a\nENV B="two words"\n', "Env");
    expect(quoted.pairs[0]?.value.parts).toMatchObject([{ type: "DoubleQuoted", parts: [{ type: "Literal", value: "two words" }] }]);
  });

  test("ARG definitions with and without defaults", () => {
    const arg = only("ARG VERSION=1.0 TARGET\n", "Arg");
    expect(arg.args.map((definition) => [definition.name.value, definition.value?.value ?? null])).toEqual([
      ["VERSION", "1.0"],
      ["TARGET", null],
    ]);
    expect(parse("ARG VERSION=1.0\nFROM a:$VERSION\n").ast.globalArgs).toHaveLength(1);
  });

  test("HEALTHCHECK types and commands", () => {
    const health = only("FROM a\nHEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1\n", "Healthcheck");
    expect(health).toMatchObject({ kind: "CMD", command: { type: "ShellForm", value: "curl -f http://localhost/ || exit 1" } });
    const exec = only('FROM a\nHEALTHCHECK CMD ["curl", "-f", "x"]\n', "Healthcheck");
    expect(exec.command).toMatchObject({ type: "ExecForm", elements: [{ value: "curl" }, { value: "-f" }, { value: "x" }] });
    expect(only("FROM a\nHEALTHCHECK NONE\n", "Healthcheck")).toMatchObject({ kind: "NONE", command: null });
  });

  test("ONBUILD keeps its trigger as a typed instruction", () => {
    const onbuild = only("FROM a\nONBUILD COPY --chown=1:1 . /app\n", "Onbuild");
    expect(onbuild.trigger).toMatchObject({ type: "Copy", flags: [{ name: "chown", value: "1:1" }] });
    expect(onbuild.trigger?.type === "Copy" && onbuild.trigger.destination?.value).toBe("/app");
    expect(dump(parse("FROM a\nONBUILD --x RUN --mount=a b\n").ast)).toBe('(from "a")\n(onbuild ["--x"] (run ["--mount=a"] "b"))');
  });

  test("a keyword is the instruction BuildKit finds under its Go strings.ToLower: the Kelvin sign is `k`, U+0130 `i`", () => {
    const { ast, diagnostics } = parse('FROM scratch\nWOR\u212ADIR /x\nENTRYPO\u0130NT ["a"]\nONBU\u0130LD WOR\u212ADIR /y\nONBU\u0130LD RUN <<EOF\nb\nEOF\nEXPO\u017fE 80\n');
    expect(ast.instructions.map((each) => [each.type, each.keyword.text, each.keyword.name])).toEqual([
      ["From", "FROM", "FROM"],
      ["Workdir", "WOR\u212ADIR", "WORKDIR"],
      ["Entrypoint", "ENTRYPO\u0130NT", "ENTRYPOINT"],
      ["Onbuild", "ONBU\u0130LD", "ONBUILD"],
      ["Onbuild", "ONBU\u0130LD", "ONBUILD"],
      ["Unknown", "EXPO\u017fE", "EXPO\u017fE"],
    ]);
    expect(ast.instructions[3]).toMatchObject({ trigger: { type: "Workdir", path: { value: "/y" } } });
    expect(ast.instructions[4]).toMatchObject({ trigger: { type: "Run" }, heredocs: [{ name: "EOF", content: "b\n" }] });
    // `ſ` stays in Go's lowering: EXPOSE is not found (BuildKit's suggestion: Go's strings.ToUpper
    // makes `EXPOSE` of `EXPOſE`, not the value, so its case is the option's, lowered).
    expect(diagnostics.map((each) => each.message)).toEqual(["unknown instruction: EXPO\u017fE (did you mean expose?)"]);
    // BuildKit's Node.Dump writes strings.ToLower(node.Value).
    expect(dump(ast)).toBe('(from "scratch")\n(workdir "/x")\n(entrypoint "a")\n(onbuild (workdir "/y"))\n(onbuild (run "<<EOF"))\n(expo\u017fe "")');
  });

  test("RUN mounts", () => {
    const run = only("FROM a\nRUN --mount=type=cache,target=/root/.cache pip install -r requirements.txt\n", "Run");
    expect(run.mounts).toMatchObject([{ mountType: "cache", fields: [{ key: "type", value: "cache" }, { key: "target", value: "/root/.cache" }] }]);
  });
});

describe("heredocs", () => {
  test("bodies, markers and terminators", () => {
    const text = "FROM a\nCOPY <<EOF <<-'END' /dst/\nhello $NAME\nEOF\n\tverbatim\n\tEND\nRUN true\n";
    const copy = only(text, "Copy");
    expect(copy.heredocs.map((h) => [h.name, h.content, h.chomp, h.expand])).toEqual([
      ["EOF", "hello $NAME\n", false, true],
      ["END", "\tverbatim\n", true, false],
    ]);
    expect(copy.heredocs.map((h) => [h.marker && at(h.marker), at(h.body), h.terminator && at(h.terminator)])).toEqual([
      ["2:6-2:11", "3:1-4:1", "4:1-4:4"],
      ["2:12-2:20", "5:1-6:1", "6:1-6:5"],
    ]);
    expect(parse(text).ast.instructions.map((i) => i.type)).toEqual(["From", "Copy", "Run"]);
  });

  // BuildKit's `dispatchRun` runs the body as the script when the command is one word that
  // `parser.ParseHeredoc` accepts: its pattern `^(\d*)<<(-?)\s*([^<]*)$` takes a file
  // descriptor and blanks before the delimiter.
  test.each<[string, boolean]>([
    ["RUN <<EOF", true],
    ["RUN 0<<EOF", true],
    ["RUN << EOF", true],
    ["RUN <<-E\"O\"F", true],
    ["RUN --network=none  <<EOF ", true],
    ["RUN cat <<EOF", false],
    ["RUN <<EOF cat", false],
    ["RUN <<EOF <<EOT", false],
    ["RUN [\"<<EOF\"]", false],
    ["RUN echo '<<EOF'", false],
  ])("%s: the heredoc is the script: %s", (line, script) => {
    const text = `FROM a\n${line}\necho hi\nEOF\necho ho\nEOT\nEOF\n`;
    expect(only(text, "Run").heredocScript).toBe(script);
  });

  test("an unterminated heredoc is one error; the tree keeps the body", () => {
    const { ast, diagnostics } = parse("FROM a\nRUN <<EOF\necho hi\n");
    expect(diagnostics.map((d) => [d.message, d.range.start.line])).toEqual([["unterminated heredoc", 2]]);
    expect(ast.instructions[1]?.heredocs[0]).toMatchObject({ name: "EOF", content: "echo hi\n", terminator: null });
  });
});

describe("comments and directives", () => {
  test("flags escape with a backslash whatever # escape= says, as BuildKit's extractBuilderFlags", () => {
    // The escape directive changes line continuations and word expansion, not this scanner: a
    // backtick is an ordinary character in a flag, and `\ ` keeps the blank in the word.
    const file = parse("# escape=`\nFROM a\nCOPY --chown=a\\ b --from=`x c /\n");
    const copy = file.ast.instructions[1];
    expect(copy?.flags.map((flag) => flag.text)).toEqual(["--chown=a b", "--from=`x"]);
    expect(dump(file.ast).split("\n")[1]).toBe('(copy ["--chown=a b" "--from=`x"] "c" "/")');
  });

  test("leading and inner comments, directives", () => {
    const text = "# syntax=docker/dockerfile:1\n# escape=`\n\n# the base\nFROM a\nRUN echo `\n  # inside\n  hi\n";
    const { ast } = parse(text);
    expect(ast.escape).toBe("`");
    expect(ast.directives.map((d) => [d.name, d.value])).toEqual([
      ["syntax", "docker/dockerfile:1"],
      ["escape", "`"],
    ]);
    expect(ast.instructions[0]?.leadingComments).toEqual(["the base"]);
    expect(ast.instructions[1]?.innerComments.map((c) => [c.value, at(c.range)])).toEqual([["inside", "7:3-7:11"]]);
    expect(ast.comments.map((c) => c.value)).toEqual(["the base", "inside"]);
    expect(ast.instructions[1]?.original).toBe("RUN echo   hi");
  });
});

describe("diagnostics", () => {
  test("one bad line gives one error and the rest still parses", () => {
    const { ast, diagnostics } = parse('FROM a\nRUN ["a", 1]\nCOPY x\nENV A\nUSER app\n');
    expect(diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.stage} ${d.message}`)).toEqual([
      "2:5 parse when using JSON array syntax, arrays must be comprised of strings only",
      "3:6 instruction COPY requires at least two arguments, but only one was provided. Destination could not be determined",
      "4:5 parse ENV must have two arguments",
    ]);
    expect(ast.instructions.map((i) => i.type)).toEqual(["From", "Run", "Copy", "Env", "User"]);
  });

  test("unknown flags point at the flag, with BuildKit's suggestion", () => {
    const { diagnostics } = parse("FROM a\nCOPY --frm=build a b\n");
    expect(diagnostics.map((d) => [d.message, at(d.range)])).toEqual([["unknown flag: --frm (did you mean from?)", "2:6-2:17"]]);
  });

  test("expansion syntax errors of expanded words are reported at parse time", () => {
    const { diagnostics } = parse("FROM a\nWORKDIR ${dir\n");
    expect(diagnostics.map((d) => [d.stage, d.message])).toEqual([["expand", 'failed to process "${dir": unsupported modifier (\ufffd) in substitution']]);
  });
});

describe("byte-order mark", () => {
  test("is dropped from the first line, as BuildKit does", () => {
    const { ast, diagnostics } = parse("\ufeffFROM x\nRUN y\n");
    expect(diagnostics).toEqual([]);
    expect(dump(ast)).toBe('(from "x")\n(run "y")');
    expect(ast.instructions[0]?.original).toBe("FROM x");
    expect(parse("\ufeff# escape=`\nFROM x\n").ast.escape).toBe("`");
  });
});

describe("lossless", () => {
  test.each([
    "",
    "\ufeffFROM a\r\nRUN b \\\r\n  c\r\n",
    "FROM a\n\n# c\n\\\n\n  \\\nRUN x\n",
    "FROM a\nRUN <<EOF\nunterminated",
    "# escape=`\nFROM a\nRUN a `\n`\n",
  ])("%j prints back exactly", (text) => {
    expect(print(parse(text).ast)).toBe(text);
  });

  test("tokens cover the source and serialize to JSON", () => {
    const text = "FROM a\nRUN b \\\n  # c\n  d\n";
    const { ast } = parse(text);
    const run = ast.instructions[1];
    expect(run?.tokens.map((token) => token.type)).toEqual([
      "Keyword",
      "Whitespace",
      "FirstArgText",
      "Continuation",
      "ContinuationComment",
      "Whitespace",
      "ArgText",
      "InstructionEnd",
    ]);
    const json = JSON.parse(JSON.stringify(ast)) as { children: { tokens: { text: string }[] }[] };
    expect(json.children.flatMap((child) => child.tokens.map((token) => token.text)).join("")).toBe(text);
  });
});
