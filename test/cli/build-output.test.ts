import { describe, expect, test } from "vitest";
import { createRenderer } from "../../packages/cli/src/commands/build-output.js";
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
