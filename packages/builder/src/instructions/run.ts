/**
 * RUN: runs the command in a container made from the current image and commits what it wrote
 * (moby `dispatchRun`). The history's `created_by` is the container's Cmd, with the classic
 * builder's `|N K=V…` prefix when build args apply.
 */
import type { Mount } from "@dfbuild/engine";
import type { RunInstruction } from "@dfbuild/parser";
import { shellOf } from "../config.js";
import { BuildError } from "../errors.js";
import type { StageState } from "../stage-state.js";
import { commitStep } from "../step.js";
import { BUILD_LABEL } from "../containers.js";
import type { Handler } from "./request.js";

/** The shell script that exports `|N K=V…` build args for RUN and then runs the command. */
const BUILD_ARGS_WRAPPER =
  'while [ "$1" != "--" ]; do export "$1"; shift; done; shift; n=${1#|}; shift; ' +
  'while [ "$n" -gt 0 ]; do export "$1"; shift; n=$((n-1)); done; exec "$@"';

export const dispatchRun: Handler<RunInstruction> = ({ state, instruction, services, location, fail }) => {
  let network = services.network;
  // The build's --network is not part of the cache key (as in classic); RUN --network is (as in BuildKit).
  let networkFlag: string | null = null;
  for (const flag of instruction.flags) {
    if (flag.name === "network") network = networkFlag = flag.value ?? "default";
    else fail(`the --${flag.name} option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled`);
  }
  const command = runCommand(state, instruction);
  // Build args reach the command through a wrapper, never the container's Env: the commit would
  // copy them into the image (`POST /commit` merges the container's Env into the body's). The
  // `|N K=V` prefix is what classic records (`prependEnvOnCmd`).
  const effective = [...state.args.effective(state.config.Env)];
  const recorded = effective.filter(([name]) => state.args.isRecorded(name)).map(([name, value]) => `${name}=${value}`).sort();
  const hidden = effective.filter(([name]) => !state.args.isRecorded(name)).map(([name, value]) => `${name}=${value}`);
  const withArgs = effective.length > 0;
  const containerCommand = withArgs ? [`|${String(recorded.length)}`, ...recorded, ...command] : command;
  // Anonymous volumes, labelled so that a leak could be traced to its build (the label is the
  // volume's, never the image's).
  const mounts: Mount[] = state.volumes.map((target) => ({
    Type: "volume",
    Target: target,
    VolumeOptions: { Labels: { [BUILD_LABEL]: services.containers.buildId } },
  }));
  const { engine, emit, signal } = services;
  return commitStep(services, state, {
    command: containerCommand,
    extra: { network: networkFlag },
    container: {
      Entrypoint: withArgs ? ["/bin/sh", "-c", BUILD_ARGS_WRAPPER, "dfbuild-run", ...hidden, "--"] : [""],
      Healthcheck: state.config.Healthcheck ? { Test: ["NONE"] } : null,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      OpenStdin: false,
      HostConfig: { ...services.runHostConfig, NetworkMode: network, LogConfig: { Type: "none" }, Mounts: mounts.length > 0 ? mounts : null },
    },
    // With the wrapper as the container's Entrypoint, an empty one must be named or the commit keeps it.
    commitEntrypoint: withArgs && state.config.Entrypoint === null ? [] : undefined,
    act: async (container) => {
      const step = services.step();
      const output = await engine.containers.attach(container, { tty: false, signal });
      await engine.containers.start(container, { signal });
      for await (const chunk of output) {
        emit({ type: "output", step, stream: chunk.stream === "stderr" ? "stderr" : "stdout", data: chunk.data.toString("utf8") });
      }
      const { StatusCode, Error: waitError } = await engine.containers.wait(container, { signal });
      if (StatusCode !== 0) {
        const detail = waitError?.Message ? `: ${waitError.Message}` : "";
        throw new BuildError(`The command '${command.join(" ")}' returned a non-zero code: ${String(StatusCode)}${detail}`, {
          location,
          exitCode: StatusCode,
        });
      }
    },
  });
};

/** RUN's command line, heredocs included (a lone `<<EOF` runs its body as the script). */
export function runCommand(state: StageState, instruction: RunInstruction): string[] {
  const command = instruction.command;
  if (command === null) return [];
  if (command.type === "ExecForm") return command.elements.map((element) => element.value);
  const shell = shellOf(state.config);
  const heredocs = instruction.heredocs;
  if (heredocs.length === 0) return [...shell, command.value];
  const only = heredocs[0];
  if (heredocs.length === 1 && only !== undefined && /^<<-?(["']?)[^\s"']+\1$/.test(command.value.trim())) {
    const script = only.chomp ? chompTabs(only.content) : only.content;
    return [...shell, script.startsWith("#!") ? runAsFile(only.name, script) : script];
  }
  const bodies = heredocs.map((heredoc) => `${heredoc.content}${heredoc.name}\n`).join("");
  return [...shell, `${command.value}\n${bodies}`];
}

/** `<<-`: leading tabs are removed from every line. */
export function chompTabs(content: string): string {
  return content.replace(/^\t+/gm, "");
}

/**
 * BuildKit runs a lone heredoc that starts with `#!` as a file at /dev/pipes/NAME (mode 0755), so
 * its interpreter runs it, not the shell. /dev is the container's tmpfs, so the file never reaches
 * the committed layer.
 */
function runAsFile(name: string, script: string): string {
  const path = `/dev/pipes/${name}`;
  let delimiter = "DFBUILD_SCRIPT";
  while (script.split("\n").includes(delimiter)) delimiter += "_";
  const body = script.endsWith("\n") ? script : `${script}\n`;
  const quoted = `'${path.replaceAll("'", "'\\''")}'`;
  return `mkdir -p /dev/pipes && cat > ${quoted} <<'${delimiter}'\n${body}${delimiter}\nchmod 755 ${quoted} && exec ${quoted}`;
}
