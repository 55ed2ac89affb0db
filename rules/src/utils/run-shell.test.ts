/** The shell a RUN in shell form runs under: each stage's at its start, and each SHELL instruction's. */
import { RuleRegistry, defineRule, lintText } from "@dfbuild/linter";
import { describe, expect, test } from "vitest";
import { type RunShell, isWindowsStage, readShellInstruction, shellAtStageStart } from "./run-shell.js";

interface Seen {
  /** Per stage: the shell at its start (without its instruction), and whether it runs on Windows. */
  stages: { start: Omit<RunShell, "instruction">; fromShell: boolean; windows: boolean }[];
  /** Per SHELL instruction: what it sets. */
  shells: Omit<RunShell, "instruction">[];
}

function shellsOf(dockerfile: string): Seen {
  const seen: Seen = { stages: [], shells: [] };
  const strip = ({ program, kind, pipefail }: RunShell) => ({ program, kind, pipefail });
  const rule = defineRule({
    meta: { id: "probe", severity: "info", type: "suggestion", docs: { description: "reads shells" }, messages: {} },
    create: (context) => ({
      From: (node) => {
        const stage = context.file.stageOf(node);
        if (!stage) return;
        const start = shellAtStageStart(context.file, stage);
        seen.stages.push({ start: strip(start), fromShell: start.instruction !== null, windows: isWindowsStage(context.file, stage) });
      },
      Shell: (node) => {
        const shell = readShellInstruction(node);
        expect(shell.instruction).toBe(node);
        seen.shells.push(strip(shell));
      },
    }),
  });
  lintText(dockerfile, { registry: new RuleRegistry([rule]) });
  return seen;
}

const shellOf = (json: string) => shellsOf(`FROM debian:12\nSHELL ${json}\n`).shells[0];

describe("readShellInstruction", () => {
  test("the program without its directory or .exe, lower-cased", () => {
    expect(shellOf('["/bin/bash", "-c"]')).toEqual({ program: "bash", kind: "posix", pipefail: false });
    expect(shellOf('["C:\\\\Windows\\\\System32\\\\CMD.EXE", "/S", "/C"]')).toEqual({ program: "cmd", kind: "other", pipefail: false });
    expect(shellOf('["powershell.exe", "-Command"]')).toEqual({ program: "powershell", kind: "other", pipefail: false });
    expect(shellOf('["pwsh", "-o", "pipefail", "-c"]')).toEqual({ program: "pwsh", kind: "other", pipefail: false });
  });

  test("the first element that names a shell is the shell", () => {
    expect(shellOf('["/usr/bin/env", "bash", "-o", "pipefail", "-c"]')).toEqual({ program: "bash", kind: "posix", pipefail: true });
    expect(shellOf('["/usr/bin/env", "pwsh", "-c"]')).toEqual({ program: "pwsh", kind: "other", pipefail: false });
  });

  test("no element naming a shell: the first element's program, unknown", () => {
    expect(shellOf('["/opt/conda/bin/conda-run", "-o", "pipefail", "-c"]')).toEqual({ program: "conda-run", kind: "unknown", pipefail: false });
    expect(shellOf("[]")).toEqual({ program: "", kind: "unknown", pipefail: false });
  });

  test("a SHELL in shell form names no program", () => {
    expect(shellsOf("FROM debian:12\nSHELL /bin/bash -o pipefail -c\n").shells[0]).toEqual({ program: "", kind: "unknown", pipefail: false });
  });

  test("-o pipefail, clustered or not (bash and BusyBox ash give the next word to an o anywhere in a cluster); +o pipefail turns it off again; only before -c", () => {
    expect(shellOf('["/bin/bash", "-o", "pipefail", "-c"]')?.pipefail).toBe(true);
    expect(shellOf('["/bin/bash", "-euxo", "pipefail", "-c"]')?.pipefail).toBe(true);
    expect(shellOf('["/bin/bash", "-o", "pipefail", "+o", "pipefail", "-c"]')?.pipefail).toBe(false);
    expect(shellOf('["/bin/bash", "-o", "pipefail", "+eo", "pipefail", "-c"]')?.pipefail).toBe(false);
    expect(shellOf('["/bin/bash", "+o", "pipefail", "-o", "pipefail", "-c"]')?.pipefail).toBe(true);
    expect(shellOf('["/bin/bash", "-c", "-o", "pipefail"]')?.pipefail).toBe(false);
    expect(shellOf('["/bin/bash", "-oe", "pipefail", "-c"]')?.pipefail).toBe(true);
    expect(shellOf('["/bin/bash", "+oe", "pipefail", "-c"]')?.pipefail).toBe(false);
    expect(shellOf('["/bin/bash", "x-o", "pipefail", "-c"]')?.pipefail).toBe(false);
    expect(shellOf('["/bin/bash", "-o1", "pipefail", "-c"]')?.pipefail).toBe(false);
    expect(shellOf('["/bin/bash", "-o", "errexit", "-c"]')?.pipefail).toBe(false);
  });

  test("the last element is the script's place: an -o there sets nothing", () => {
    expect(shellOf('["/bin/bash", "-o", "pipefail"]')?.pipefail).toBe(true);
    expect(shellOf('["/bin/bash", "-o"]')?.pipefail).toBe(false);
  });
});

describe("isWindowsStage", () => {
  const windows = (dockerfile: string) => shellsOf(dockerfile).stages.map((stage) => stage.windows);

  test("a windows platform", () => {
    expect(windows("FROM --platform=windows/amd64 example/app\nFROM --platform=Windows/amd64 example/app\nFROM --platform=linux/amd64 example/app\n")).toEqual([true, true, false]);
  });

  test("a Windows image, by a path segment of its name or a part of its tag", () => {
    expect(
      windows(
        [
          "mcr.microsoft.com/windows/servercore:ltsc2022",
          "mcr.microsoft.com/windows:20H2",
          "example/nanoserver",
          "example/windowsservercore-app",
          "mcr.microsoft.com/dotnet/framework/sdk:4.8",
          "example/app:1.0-nanoserver-1809",
          "example/app:windowsservercore_ltsc2019",
          "example/app:ltsc2022",
          "example/app:servercore.1",
          "example/mywindows",
          "example/windowsapp",
          "example/app:ltsc2022x",
          "example/app:xnanoserver",
          "example/app:ltsc1999",
          "example/app",
          "nanoserver:1809",
        ]
          .map((image) => `FROM ${image}\n`)
          .join(""),
      ),
    ).toEqual([true, true, true, false, true, true, true, true, true, false, false, false, false, false, false, true]);
  });

  test("a stage on another stage: the root image decides", () => {
    expect(windows("FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS base\nFROM base\nFROM debian:12 AS linux\nFROM linux\n")).toEqual([true, true, false, false]);
  });

  test("the backtick escape", () => {
    expect(windows("# escape=`\nFROM debian:12\n")).toEqual([true]);
  });
});

describe("shellAtStageStart", () => {
  test("the platform's default: sh on Linux, cmd on Windows", () => {
    expect(shellsOf("FROM debian:12\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\n").stages).toEqual([
      { start: { program: "sh", kind: "posix", pipefail: false }, fromShell: false, windows: false },
      { start: { program: "cmd", kind: "other", pipefail: false }, fromShell: false, windows: true },
    ]);
  });

  test("a stage on another starts with that one's last SHELL; a stage on an image with the default", () => {
    const { stages } = shellsOf(
      'FROM debian:12 AS base\nSHELL ["/bin/bash", "-c"]\nSHELL ["/bin/zsh", "-o", "pipefail", "-c"]\nRUN true\nCMD ["sh"]\nFROM base AS child\nFROM child\nFROM debian:12\nFROM mcr.microsoft.com/windows/servercore:ltsc2022 AS win\nSHELL ["pwsh", "-c"]\nFROM win\n',
    );
    expect(stages.map((stage) => [stage.start.program, stage.start.pipefail, stage.fromShell])).toEqual([
      ["sh", false, false],
      ["zsh", true, true],
      ["zsh", true, true],
      ["sh", false, false],
      ["cmd", false, false],
      ["pwsh", false, true],
    ]);
  });
});
