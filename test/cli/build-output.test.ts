import { describe, expect, test } from "vitest";
import { DisplayLines, TtyView, createRenderer, displayLine } from "../../packages/cli/src/commands/build-output.js";
import type { BuildEvent } from "@dfbuild/builder";
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
    renderer.event({ type: "output", step: 1, stage: "0", stream: "stderr", data: "first line\nno newline at the end" });
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
    for (let i = 0; i < 320; i++) renderer.event({ type: "output", step: 1, stage: "0", stream: "stdout", data: chunk });
    renderer.event({ type: "output", step: 1, stage: "0", stream: "stdout", data: "\nnext\n" });
    renderer.event({ type: "step-done", step: 1, stage: "0", imageId: "sha256:0123456789abcdef", cached: false, durationMs: 1000 });
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
    for (let i = 0; i < 10_000; i++) renderer.event({ type: "output", step: 1, stage: "0", stream: "stdout", data: `line ${String(i)}\n` });
    // No tick yet: nothing redrawn (lines are written in batches once they pass 64 KB).
    expect(renderer.redraws).toBe(1);
    now.value = 200;
    renderer.tick();
    expect(renderer.redraws).toBe(2);
    renderer.event({ type: "step-done", step: 1, stage: "0", imageId: null, cached: false, durationMs: 200 });
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

/** Two stages that need nothing of each other, then one that needs both, their events interleaved as a build emits them. */
function concurrentBuild(): BuildEvent[] {
  return [
    { type: "stages", stages: [{ stage: "a", index: 0, dependsOn: [] }, { stage: "1", index: 1, dependsOn: [] }, { stage: "final", index: 2, dependsOn: ["a", "1"] }], concurrent: true },
    { type: "step", step: 1, total: 6, instruction: "FROM busybox AS a", line: 1, stage: "a" },
    { type: "step", step: 3, total: 6, instruction: "FROM busybox", line: 3, stage: "1" },
    { type: "step-done", step: 1, stage: "a", imageId: "sha256:aaaaaaaaaaaa0000", cached: false, durationMs: 10 },
    { type: "step", step: 2, total: 6, instruction: "RUN sleep 2", line: 2, stage: "a" },
    { type: "step-done", step: 3, stage: "1", imageId: "sha256:aaaaaaaaaaaa0000", cached: false, durationMs: 10 },
    { type: "step", step: 4, total: 6, instruction: "RUN sleep 2", line: 4, stage: "1" },
    { type: "container", step: 2, stage: "a", id: "c0a0000000000000" },
    { type: "container", step: 4, stage: "1", id: "c1b0000000000000" },
    { type: "output", step: 2, stage: "a", stream: "stdout", data: "a says" },
    { type: "output", step: 4, stage: "1", stream: "stdout", data: "b says hi\nb again" },
    { type: "output", step: 2, stage: "a", stream: "stdout", data: " hi\n" },
    { type: "container-removed", step: 4, stage: "1", id: "c1b0000000000000" },
    { type: "step-done", step: 4, stage: "1", imageId: "sha256:bbbbbbbbbbbb0000", cached: false, durationMs: 2000 },
    { type: "stage-done", stage: "1", imageId: "sha256:bbbbbbbbbbbb0000" },
    { type: "container-removed", step: 2, stage: "a", id: "c0a0000000000000" },
    { type: "step-done", step: 2, stage: "a", imageId: "sha256:cccccccccccc0000", cached: false, durationMs: 2000 },
    { type: "stage-done", stage: "a", imageId: "sha256:cccccccccccc0000" },
    { type: "step", step: 5, total: 6, instruction: "FROM busybox AS final", line: 5, stage: "final" },
    { type: "step-done", step: 5, stage: "final", imageId: "sha256:aaaaaaaaaaaa0000", cached: false, durationMs: 10 },
    { type: "step", step: 6, total: 6, instruction: "COPY --from=a /a /a", line: 6, stage: "final" },
    { type: "step-done", step: 6, stage: "final", imageId: "sha256:dddddddddddd0000", cached: false, durationMs: 10 },
    { type: "stage-done", stage: "final", imageId: "sha256:dddddddddddd0000" },
    { type: "built", imageId: "sha256:dddddddddddd0000", durationMs: 2100 },
  ];
}

/** The rows a terminal shows after `out`: the tty view's clear-line, cursor-up and colour sequences applied. */
function terminal(out: string): string[] {
  const ESC = String.fromCharCode(27);
  const rows = [""];
  let row = 0;
  for (const token of out.split(new RegExp(`(\r${ESC}\\[2K|${ESC}\\[1A|${ESC}\\[[0-9;]*m|\n)`))) {
    if (token === `\r${ESC}[2K`) rows[row] = "";
    else if (token === `${ESC}[1A`) row--;
    else if (token.startsWith(ESC)) continue;
    else if (token === "\n") {
      row++;
      if (rows.length <= row) rows.push("");
    } else rows[row] = `${rows[row] ?? ""}${token}`;
  }
  return rows;
}

describe("stages built at the same time", () => {
  test("plain: every line of a stage starts with its name (stage-N when unnamed), output a whole line at a time", () => {
    const { io, text } = capture();
    const renderer = createRenderer("plain", io);
    for (const event of concurrentBuild()) renderer.event(event);
    renderer.close();
    expect(text().split("\n")).toEqual([
      "[a] Step 1/6 : FROM busybox AS a",
      "[stage-1] Step 3/6 : FROM busybox",
      "[a]  ---> aaaaaaaaaaaa",
      "[a] Step 2/6 : RUN sleep 2",
      "[stage-1]  ---> aaaaaaaaaaaa",
      "[stage-1] Step 4/6 : RUN sleep 2",
      "[a]  ---> Running in c0a000000000",
      "[stage-1]  ---> Running in c1b000000000",
      "[stage-1] b says hi",
      "[a] a says hi",
      "[stage-1] b again",
      "[stage-1] Removing intermediate container c1b000000000",
      "[stage-1]  ---> bbbbbbbbbbbb",
      "[a] Removing intermediate container c0a000000000",
      "[a]  ---> cccccccccccc",
      "[final] Step 5/6 : FROM busybox AS final",
      "[final]  ---> aaaaaaaaaaaa",
      "[final] Step 6/6 : COPY --from=a /a /a",
      "[final]  ---> dddddddddddd",
      "Successfully built dddddddddddd",
      "",
    ]);
  });

  test("plain: stages that can only run one after another keep the classic builder's log", () => {
    const { io, text } = capture();
    const renderer = createRenderer("plain", io);
    renderer.event({ type: "stages", stages: [{ stage: "a", index: 0, dependsOn: [] }, { stage: "1", index: 1, dependsOn: ["a"] }], concurrent: false });
    renderer.event({ type: "step", step: 1, total: 2, instruction: "FROM busybox AS a", line: 1, stage: "a" });
    renderer.event({ type: "step-done", step: 1, stage: "a", imageId: "sha256:aaaaaaaaaaaa0000", cached: false, durationMs: 10 });
    renderer.event({ type: "step", step: 2, total: 2, instruction: "FROM a", line: 2, stage: "1" });
    renderer.event({ type: "output", step: 2, stage: "1", stream: "stdout", data: "partial" });
    renderer.event({ type: "step-done", step: 2, stage: "1", imageId: "sha256:aaaaaaaaaaaa0000", cached: false, durationMs: 10 });
    renderer.close();
    expect(text()).toBe("Step 1/2 : FROM busybox AS a\n ---> aaaaaaaaaaaa\nStep 2/2 : FROM a\npartial\n ---> aaaaaaaaaaaa\n");
  });

  test("json: the stage of every step's event is data", () => {
    const { io, text } = capture();
    const renderer = createRenderer("json", io);
    for (const event of concurrentBuild()) renderer.event(event);
    renderer.close();
    const events = text().trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events[0]).toEqual({ type: "stages", stages: [{ stage: "a", index: 0, dependsOn: [] }, { stage: "1", index: 1, dependsOn: [] }, { stage: "final", index: 2, dependsOn: ["a", "1"] }], concurrent: true });
    expect(events.filter((event) => event.type === "output").map((event) => [event.stage, event.data])).toEqual([["a", "a says"], ["1", "b says hi\nb again"], ["a", " hi\n"]]);
    expect(events.filter((event) => "step" in event).every((event) => typeof event.stage === "string")).toBe(true);
  });

  test("tty: one status line per running stage; the lines above grouped by stage, a stage's lines held while another's block is written", () => {
    let out = "";
    const io: CliIo = { stdout: (text) => (out += text), stderr: () => undefined, readStdin: () => Promise.resolve(""), cwd: process.cwd(), env: {}, isTTY: true };
    const renderer = new TtyView(io, { columns: 100, timer: false, now: () => 0 });
    const events = concurrentBuild();
    // Up to both RUNs running: two status lines, each naming its stage.
    for (const event of events.slice(0, 9)) renderer.event(event);
    renderer.tick();
    expect(terminal(out).slice(-2)).toEqual(["=> [a] [2/6] RUN sleep 2 0.0s", "=> [stage-1] [4/6] RUN sleep 2 0.0s"]);
    for (const event of events.slice(9)) renderer.event(event);
    renderer.close();
    // What stays on the screen: the status lines cleared, each stage's lines in one block.
    const kept = terminal(out);
    expect(kept).toEqual([
      "[a]",
      "✔ [1/6] FROM busybox AS a 0.0s aaaaaaaaaaaa",
      "   │ a says hi",
      "✔ [2/6] RUN sleep 2 2.0s cccccccccccc",
      "[stage-1]",
      "✔ [3/6] FROM busybox 0.0s aaaaaaaaaaaa",
      "   │ b says hi",
      "   │ b again",
      "✔ [4/6] RUN sleep 2 2.0s bbbbbbbbbbbb",
      "[final]",
      "✔ [5/6] FROM busybox AS final 0.0s aaaaaaaaaaaa",
      "✔ [6/6] COPY --from=a /a /a 0.0s dddddddddddd",
      "Built dddddddddddd in 2.1s",
      "",
    ]);
  });
});
