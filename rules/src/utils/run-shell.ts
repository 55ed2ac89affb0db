import type { ShellInstruction } from "@dfbuild/parser";
import type { LintFile, StageInfo } from "@dfbuild/linter";
import { rootImageOf } from "./base-os.js";
import { parseImageReference } from "./image.js";
import { perFile } from "./per-file.js";

/** Shells that read POSIX `sh` syntax (pipes, `set -o`). */
const POSIX_SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"]);
/** Shells whose `|` is not a POSIX pipe, and whose RUN text is not `sh` syntax. */
const OTHER_SHELLS = new Set(["pwsh", "powershell", "cmd"]);

/** The shell a RUN in shell form runs under: the stage's SHELL, else the platform default. */
export interface RunShell {
  /** The program, without directory or `.exe`, lower-cased (`sh`, `bash`, `pwsh`, `cmd`). */
  program: string;
  /** `posix`: sh and its relatives; `other`: PowerShell or cmd; `unknown`: anything else. */
  kind: "posix" | "other" | "unknown";
  /** The SHELL options include `-o pipefail` (also clustered: `-eo pipefail`, `-euxo pipefail`). */
  pipefail: boolean;
  /** The SHELL instruction that set it; null for the default. */
  instruction: ShellInstruction | null;
}

const LINUX_DEFAULT: RunShell = { program: "sh", kind: "posix", pipefail: false, instruction: null };
const WINDOWS_DEFAULT: RunShell = { program: "cmd", kind: "other", pipefail: false, instruction: null };

function programName(path: string): string {
  return (path.split(/[\\/]/).pop() ?? path).toLowerCase().replace(/\.exe$/, "");
}

/** Reads a `SHELL ["…", …]` instruction: the shell program and whether it sets pipefail. */
export function readShellInstruction(instruction: ShellInstruction): RunShell {
  const elements = instruction.command?.type === "ExecForm" ? instruction.command.elements.map((element) => element.value) : [];
  // The shell is the first element that names one (`SHELL ["/usr/bin/env", "bash", "-c"]`).
  const at = elements.findIndex((element) => POSIX_SHELLS.has(programName(element)) || OTHER_SHELLS.has(programName(element)));
  if (at === -1) return { program: programName(elements[0] ?? ""), kind: "unknown", pipefail: false, instruction };
  const program = programName(elements[at] ?? "");
  if (OTHER_SHELLS.has(program)) return { program, kind: "other", pipefail: false, instruction };
  let pipefail = false;
  for (let i = at + 1; i < elements.length - 1; i++) {
    const option = elements[i] ?? "";
    if (option === "-c") break;
    // `-o NAME` sets an option, `+o NAME` unsets it; `-eo NAME` is `-e -o NAME`, and so is
    // `-oe NAME`: bash and BusyBox ash give the next word to an `o` anywhere in a cluster.
    if (elements[i + 1] === "pipefail" && /^[-+][A-Za-z]*o[A-Za-z]*$/.test(option)) pipefail = option.startsWith("-");
  }
  return { program, kind: "posix", pipefail, instruction };
}

/**
 * Whether a stage runs on Windows, where RUN's default shell is `cmd /S /C`: a `windows/…`
 * platform, a Windows base image (`mcr.microsoft.com/windows/…`, `…/nanoserver`, `…:ltsc2022`,
 * `mcr.microsoft.com/dotnet/framework/…`), or a file using the backtick escape.
 */
export function isWindowsStage(file: LintFile, stage: StageInfo): boolean {
  if (file.escape === "`") return true;
  if (stage.platform?.toLowerCase().startsWith("windows")) return true;
  const image = (rootImageOf(stage) ?? stage.from.image?.value ?? "").toLowerCase();
  const reference = parseImageReference(image);
  if (/(^|\/)(windows|nanoserver|windowsservercore|servercore)(\/|$)/.test(reference.name) || reference.name.includes("dotnet/framework")) return true;
  return /(^|[-_.])(nanoserver|windowsservercore|servercore|ltsc20\d\d)([-_.]|$)/.test(reference.tag ?? "");
}

/** The shell each stage starts with: its base stage's at its end (SHELL is inherited through `FROM <stage>`), else the platform's default. */
const startShells = perFile((file: LintFile): Map<StageInfo, RunShell> => {
  const atStart = new Map<StageInfo, RunShell>();
  const atEnd = new Map<StageInfo, RunShell>();
  for (const stage of file.stages) {
    let current = (stage.baseStage && atEnd.get(stage.baseStage)) ?? (isWindowsStage(file, stage) ? WINDOWS_DEFAULT : LINUX_DEFAULT);
    atStart.set(stage, current);
    for (const instruction of stage.instructions) if (instruction.type === "Shell") current = readShellInstruction(instruction);
    atEnd.set(stage, current);
  }
  return atStart;
});

/**
 * The shell a stage's RUNs run under until its first SHELL instruction (computed once per file).
 * A rule visiting the stage in order follows it with `readShellInstruction` at each SHELL: one
 * answer per stage, where a map from every RUN to its shell cost a file of 300,000 RUNs 300,000
 * entries.
 */
export function shellAtStageStart(file: LintFile, stage: StageInfo): RunShell {
  return startShells(file).get(stage) ?? LINUX_DEFAULT;
}
