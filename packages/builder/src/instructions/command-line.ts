/** The command lines of CMD, ENTRYPOINT and RUN (moby `resolveCmdLine` in `dispatchers.go`). */
import type { CommandForm } from "@dfbuild/parser";
import { type ImageConfig, shellOf } from "../config.js";

/** Exec form as written, shell form through SHELL, nothing → `[]`. */
export function resolveCommandLine(config: ImageConfig, command: CommandForm | null): string[] {
  if (command === null) return [];
  if (command.type === "ExecForm") return command.elements.map((element) => element.value);
  return [...shellOf(config), command.value];
}
