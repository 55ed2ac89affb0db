import { RuleRegistry, defineRule, lintText } from "@dfbuild/linter";
import { describe, expect, test } from "vitest";
import { type RunShape, isPlainLine, runShape, scriptShape } from "./run-shape.js";

interface Seen {
  plain: boolean;
  /** What `runShape` says (a plain line's read off its text). */
  shape: RunShape | null;
  /** What the shell parse says. */
  parsed: RunShape | null;
}

const fields = (shape: RunShape | null) => (shape === null ? null : { single: shape.single, takesAnd: shape.takesAnd, leavesState: shape.leavesState, andChain: shape.andChain });

/** Each RUN of `FROM a` + `RUN <line>`, read both ways by a rule that asks the shell parser for every RUN. */
function read(line: string): Seen {
  const seen: Seen[] = [];
  const rule = defineRule({
    meta: { id: "probe", severity: "info", type: "suggestion", docs: { description: "reads RUNs" }, messages: {}, shell: () => true },
    create: (context) => ({
      Run: (node) => {
        const script = context.shell(node);
        const form = node.command?.type === "ShellForm" ? node.command : null;
        seen.push({ plain: isPlainLine(node), shape: fields(runShape(context, node)), parsed: fields(form && script ? scriptShape(form, script) : null) });
      },
    }),
  });
  lintText(`FROM a\nRUN ${line}\n`, { registry: new RuleRegistry([rule]) });
  const [only] = seen;
  if (only === undefined || seen.length !== 1) throw new Error(`expected one RUN, read ${seen.length}`);
  return only;
}

describe("runShape", () => {
  test.each([
    "echo 1",
    "  make   -j4 install  ",
    "/usr/bin/apt-get install -y curl=7.1 vim",
    "cd /tmp",
    "./configure --prefix=/usr",
    ". /etc/profile",
    "exit 0",
    "exec true",
    "/bin/export A=1",
    "pip install a==1.0 b@c,d+e%f^g:h",
  ])("a plain line is read off its text as its shell parse reads it: %s", (line) => {
    const { plain, shape, parsed } = read(line);
    expect(plain).toBe(true);
    expect(parsed).not.toBeNull();
    expect(shape).toEqual(parsed);
  });

  test.each(["for", "time cd /x", "A=1", "A=1 make", "a && b", "a; b", "a &", "a # why", "a | b", "echo $A", "echo 'x'", "echo a\\ b", "echo >x", "f() { cd /; }", "(a)", "a\tb\tc;"])(
    "a line with more than plain words is read from its shell parse: %s",
    (line) => {
      const { plain, shape, parsed } = read(line);
      expect(plain).toBe(false);
      expect(shape).toEqual(parsed);
    },
  );

  test("what the parse says of scripts that are not plain", () => {
    expect(read("a && b")).toMatchObject({ shape: { single: false, takesAnd: true, leavesState: false, andChain: true } });
    expect(read("a; b")).toMatchObject({ shape: { single: false, andChain: false } });
    expect(read("a # why")).toMatchObject({ shape: { single: true, takesAnd: false } });
    expect(read("a &")).toMatchObject({ shape: { takesAnd: false } });
    expect(read("A=1 && make")).toMatchObject({ shape: { leavesState: true } });
    expect(read("make && cd /x")).toMatchObject({ shape: { leavesState: true } });
    expect(read("if")).toMatchObject({ shape: { single: false, takesAnd: false, andChain: false } });
  });

  test("takesAnd reads what follows the last command, wherever it ends", () => {
    // The last command on a continuation line: the text after it is found through that line's segment.
    expect(read("a && \\\n    b ;")).toMatchObject({ shape: { takesAnd: false } });
    expect(read("a && \\\nb")).toMatchObject({ shape: { takesAnd: true } });
    // Only the text after the last command counts, and only a `;` or `&` that ends it.
    expect(read("echo '#' && b")).toMatchObject({ shape: { takesAnd: true } });
    expect(read("(a &)")).toMatchObject({ shape: { takesAnd: true } });
    // A syntax error, even with a clean end.
    expect(read("echo a && (b")).toMatchObject({ shape: { takesAnd: false } });
  });

  test("an exec form has no shape", () => {
    expect(read('["echo", "1"]')).toMatchObject({ plain: false, shape: null });
  });
});
