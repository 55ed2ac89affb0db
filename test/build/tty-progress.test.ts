/**
 * `--progress tty` on a real terminal (a pty made by util-linux `script`): its cost is linear in
 * what the build prints. Issue 14 rules out timing assertions, so the cost is measured by what is
 * deterministic: the bytes written to the terminal against `--progress plain`'s for the same build.
 * That the status line is redrawn by the clock and never per output line is checked with a fake
 * clock in test/cli/build-output.test.ts.
 */
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { BUSYBOX, makeContext, testScope, uniqueTag } from "./helpers.js";

const { contexts, images } = testScope();
const bin = join(import.meta.dirname, "../../packages/cli/bin/dfbuild.js");

interface TerminalRun {
  code: number | null;
  output: string;
  bytes: number;
}

/** Runs `dfbuild build` with a pty as its terminal; resolves to what the terminal received. */
async function onTerminal(args: readonly string[]): Promise<TerminalRun> {
  const quoted = [process.execPath, bin, ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(" ");
  const child = spawn("script", ["--quiet", "--return", "--command", quoted, "/dev/null"], { stdio: ["ignore", "pipe", "inherit"], env: process.env });
  const chunks: Buffer[] = [];
  for await (const chunk of child.stdout) chunks.push(chunk as Buffer);
  const code = await new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", resolve);
  });
  const output = Buffer.concat(chunks);
  return { code, output: output.toString("utf8"), bytes: output.length };
}

/** Builds with tty then plain progress; both must succeed. */
async function both(files: Record<string, string>): Promise<{ tty: TerminalRun; plain: TerminalRun }> {
  const context = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nCOPY out.txt /\nRUN cat /out.txt\n` });
  contexts.push(context);
  for (const [name, content] of Object.entries(files)) await writeFile(join(context, name), content);
  const tag = uniqueTag("tty");
  images.push(tag);
  const tty = await onTerminal(["build", "--progress", "tty", "--no-cache", "-t", tag, context]);
  expect(tty.code, tty.output.slice(-2000)).toBe(0);
  const plain = await onTerminal(["build", "--progress", "plain", "--no-cache", "-t", tag, context]);
  expect(plain.code, plain.output.slice(-2000)).toBe(0);
  return { tty, plain };
}

describe("--progress tty on a terminal", () => {
  test("a 20 MB single-line output: completes, shows the line cut to the width, and writes far less than plain", async () => {
    const line = "y".repeat(20_000_000);
    const { tty, plain } = await both({ "out.txt": line });
    // Plain keeps every byte of the line.
    expect(plain.output).toContain(line);
    expect(plain.output).toMatch(/Step 3\/3 : RUN cat \/out.txt/);
    // The tty view shows its start, cut at the terminal's width (120 columns when a pty says none).
    expect(tty.output).toMatch(/ {3}│ y{100,120}…/);
    expect(tty.output).not.toContain("y".repeat(200));
    expect(tty.output).toContain("✔\x1b[0m [3/3] RUN cat /out.txt");
    expect(tty.bytes).toBeLessThanOrEqual(1.5 * plain.bytes);
  });

  test("100,000 ordinary lines: each shown once, within 1.5× of plain's bytes", async () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `${String(i).padStart(6, "0")} cc -O2 -c src/module${String(i % 97)}.c -o build/module${String(i % 97)}.o\n`);
    const { tty, plain } = await both({ "out.txt": lines.join("") });
    for (const i of [0, 50_000, 99_999]) {
      expect(plain.output).toContain(lines[i]?.trimEnd());
      expect(tty.output).toContain(`   │ ${lines[i]?.trimEnd() ?? ""}`);
    }
    expect(tty.bytes).toBeLessThanOrEqual(1.5 * plain.bytes);
  });
});
