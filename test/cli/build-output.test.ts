import { describe, expect, test } from "vitest";
import { DisplayLines, TtyView, createRenderer, displayLine } from "../../packages/cli/src/commands/build-output.js";
import type { CliIo } from "../../packages/cli/src/io.js";

function capture(): { io: CliIo; text: () => string } {
  let out = "";
  const io: CliIo = {
    stdout: (text) => (out += text),
    stderr: (text) => (out += text),
    readStdin: () => Promise.resolve(""),
    cwd: process.cwd(),
    env: {},
    isTTY: true,
  };
  // Without the escape sequences: what a person reads.
  const ESC = String.fromCharCode(27);
  return { io, text: () => out.split(`\r${ESC}[2K`).join("\n").replace(new RegExp(`${ESC}\\[[0-9;]*m`, "g"), "") };
}

describe("the tty progress view", () => {
  test("a failing step's output that ends without a newline is still shown", () => {
    const { io, text } = capture();
    const renderer = createRenderer("tty", io);
    renderer.event({ type: "step", step: 1, total: 1, instruction: "RUN printf oops && false", line: 1, stage: "0" });
    renderer.event({ type: "output", step: 1, stream: "stderr", data: "first line\nno newline at the end" });
    renderer.close();
    expect(text()).toContain("│ first line\n");
    expect(text()).toContain("│ no newline at the end\n");
    expect(text()).toMatch(/✘ \[1\/1\] RUN printf oops && false/);
  });
});

describe("the tty view's cost is linear in the output", () => {
  function view(columns = 80): { renderer: TtyView; written: () => string; writes: () => number; now: { value: number } } {
    let out = "";
    let writes = 0;
    const io: CliIo = {
      stdout: (text) => {
        out += text;
        writes++;
      },
      stderr: () => undefined,
      readStdin: () => Promise.resolve(""),
      cwd: process.cwd(),
      env: {},
      isTTY: true,
    };
    const now = { value: 0 };
    const renderer = new TtyView(io, { columns, timer: false, now: () => now.value });
    return { renderer, written: () => out, writes: () => writes, now };
  }

  test("a line far longer than the terminal is cut at its width and holds no more than that", () => {
    const { renderer, written } = view(80);
    renderer.event({ type: "step", step: 1, total: 1, instruction: "RUN cat big", line: 1, stage: "0" });
    const chunk = "x".repeat(64 * 1024);
    for (let i = 0; i < 320; i++) renderer.event({ type: "output", step: 1, stream: "stdout", data: chunk });
    renderer.event({ type: "output", step: 1, stream: "stdout", data: "\nnext\n" });
    renderer.event({ type: "step-done", step: 1, imageId: "sha256:0123456789abcdef", cached: false, durationMs: 1000 });
    renderer.close();
    const text = written();
    // 20 MB in, a few hundred bytes out: the line is shown up to the width, then `…`.
    expect(text.length).toBeLessThan(1000);
    expect(text).toContain(`   │ ${"x".repeat(80 - 6)}…`);
    expect(text).toContain("   │ next");
    expect(text.replaceAll("\x1b[32m✔\x1b[0m", "✔")).toMatch(/✔ \[1\/1\] RUN cat big/);
  });

  test("the status line is redrawn by the clock, not once per output line", () => {
    const { renderer, written, now } = view();
    renderer.event({ type: "step", step: 1, total: 1, instruction: "RUN seq", line: 1, stage: "0" });
    expect(renderer.redraws).toBe(1);
    for (let i = 0; i < 10_000; i++) renderer.event({ type: "output", step: 1, stream: "stdout", data: `line ${String(i)}\n` });
    // No tick yet: nothing redrawn (lines are written in batches once they pass 64 KB).
    expect(renderer.redraws).toBe(1);
    now.value = 200;
    renderer.tick();
    expect(renderer.redraws).toBe(2);
    renderer.event({ type: "step-done", step: 1, imageId: null, cached: false, durationMs: 200 });
    renderer.close();
    const text = written();
    for (const i of [0, 4999, 9999]) expect(text).toContain(`   │ line ${String(i)}\n`);
    // What the lines cost beyond their own bytes: the prefix, nothing per redraw or per line colour.
    const plainBytes = Array.from({ length: 10_000 }, (_, i) => `line ${String(i)}\n`).join("").length;
    expect(text.length).toBeLessThan(plainBytes + 10_000 * "   │ ".length + 1000);
  });

  test("\\r starts a line over (progress bars), \\r\\n ends it, escapes and controls are not shown", () => {
    const lines: string[] = [];
    const split = new DisplayLines(100);
    for (const data of ["10%\r20%\r", "30%\r", "\ndone\r", "\n", "\x1b[31mred\x1b[0m\tx\x07\n"]) {
      split.push(data, (text, cut) => lines.push(displayLine(text, 40, cut)));
    }
    expect(lines).toEqual(["30%", "done", "red     x"]);
  });
});
