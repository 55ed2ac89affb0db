/**
 * RUN: runs the command in a container made from the current image and commits what it wrote
 * (moby `dispatchRun`). The history's `created_by` is the container's Cmd, with the classic
 * builder's `|N K=V…` prefix when build args apply.
 */
import type { Mount } from "@dfbuild/engine";
import type { RunInstruction } from "@dfbuild/parser";
import { shellOf } from "../config.js";
import { BuildError } from "../errors.js";
import { prepareMounts } from "../mounts/prepare.js";
import { type StageState, expansionEnv } from "../stage-state.js";
import { commitStep } from "../step.js";
import { BUILD_LABEL } from "../containers.js";
import type { Handler } from "./request.js";
import { runMountSpecs } from "./run-mounts.js";

/**
 * The shell script RUN's container starts with when the command needs something set up around
 * it; its arguments up to `--` say what:
 * - `a`: the command starts with the classic builder's `|N K=V…` build args: export them;
 * - `e:NAME=VALUE`: export a variable (SSH_AUTH_SOCK);
 * - `i:BYTES`: read that many bytes of `export 'NAME=VALUE'` lines from stdin, run them, then take
 *   stdin from /dev/null as the classic builder's RUN has it: build args that are not recorded
 *   (the proxy variables, which Docker never stores);
 * - `f:NAME=PATH`: export a variable with a file's content (a secret mounted under /dev);
 * - `l:TARGET=PATH`: a symlink at TARGET for the command's duration (a file mount, see mounts/prepare.ts).
 * None of these may go through the container's Env: `POST /commit` copies the container's Env
 * into the image. Nor may a value that must be stored nowhere go through these arguments: the
 * commit keeps the container's whole config, Entrypoint included, as the image's
 * `ContainerConfig` (moby `daemon/commit.go`; the classic builder commits its own copy of the
 * config instead, `builder/dockerfile/internals.go` `commitContainer`). Those come through stdin.
 */
const RUN_WRAPPER = [
  "args=0; links=",
  'while [ "$1" != "--" ]; do',
  '  case "$1" in',
  "    a) args=1 ;;",
  '    e:*) export "${1#e:}" ;;',
  '    i:*) v=$(head -c "${1#i:}"; echo .); eval "${v%.}"; exec </dev/null ;;',
  '    f:*) v=${1#f:}; c=$(cat "${v#*=}"; echo .); export "${v%%=*}=${c%.}" ;;',
  '    l:*) v=${1#l:}; ln -s "${v#*=}" "${v%%=*}" || exit 1; links="$links',
  '${v%%=*}" ;;',
  "  esac",
  "  shift",
  "done",
  "shift",
  'if [ "$args" = 1 ]; then n=${1#|}; shift; while [ "$n" -gt 0 ]; do export "$1"; shift; n=$((n-1)); done; fi',
  'if [ -z "$links" ]; then exec "$@"; fi',
  '"$@"; s=$?',
  "set -f; IFS='",
  "'",
  'for t in $links; do [ -L "$t" ] && rm -f "$t"; done',
  "exit $s",
].join("\n");

export const dispatchRun: Handler<RunInstruction> = async ({ state, instruction, services, location, fail }) => {
  let network = services.network;
  // The build's --network is not part of the cache key (as in classic); RUN --network is (as in BuildKit).
  let networkFlag: string | null = null;
  for (const flag of instruction.flags) {
    if (flag.name === "mount") continue;
    if (flag.name === "network") {
      networkFlag = flag.value ?? "default";
      // `default` is the build's own network (BuildKit adds no network option for it).
      if (networkFlag !== "default") network = networkFlag;
    }
    else if (flag.name === "security" && flag.value === "sandbox") continue;
    else if (flag.name === "security") {
      fail(`RUN --security=${flag.value ?? ""} is not supported by dfbuild: it would run the step privileged (BuildKit needs the security.insecure entitlement for it)`);
    } else fail(`RUN --${flag.name} is not supported by dfbuild`);
  }
  const specs = runMountSpecs(instruction, { env: expansionEnv(state), escape: services.escape, workdir: state.config.WorkingDir, file: location.file });
  const prepared = specs.length === 0 ? undefined : await prepareMounts(services, state, specs);
  const command = runCommand(state, instruction);
  // Build args reach the command through the wrapper, never the container's Env (see RUN_WRAPPER).
  // The `|N K=V` prefix is what classic records (`prependEnvOnCmd`).
  const effective = [...state.args.effective(state.config.Env)];
  const recorded = effective.filter(([name]) => state.args.isRecorded(name)).map(([name, value]) => `${name}=${value}`).sort();
  // Docker treats the proxy variables as predefined and stores them nowhere, not even in history
  // (moby `builder/dockerfile/buildargs.go` `builtinAllowedBuildArgs`): they reach the wrapper
  // on stdin.
  const hidden = effective.filter(([name]) => !state.args.isRecorded(name)).map(([name, value]) => `export ${shellQuote(`${name}=${value}`)}\n`);
  const stdin = hidden.length === 0 ? undefined : Buffer.from(hidden.join(""), "utf8");
  const withArgs = effective.length > 0;
  const containerCommand = withArgs ? [`|${String(recorded.length)}`, ...recorded, ...command] : command;
  // Anonymous volumes, labelled so that a leak could be traced to its build (the label is the
  // volume's, never the image's).
  const volumes: Mount[] = state.volumes.map((target) => ({
    Type: "volume",
    Target: target,
    VolumeOptions: { Labels: { [BUILD_LABEL]: services.containers.buildId } },
  }));
  const { engine, emit, signal } = services;
  return commitStep(services, state, {
    command: containerCommand,
    // RUN without mounts keeps the key it always had.
    extra: prepared === undefined ? { network: networkFlag } : { network: networkFlag, mounts: prepared.key },
    prepare: async () => {
      const realized = await prepared?.realize();
      const operations = [...(withArgs ? ["a"] : []), ...(stdin === undefined ? [] : [`i:${String(stdin.length)}`]), ...(realized?.operations ?? [])];
      const wrapped = operations.length > 0;
      const mounts = [...volumes, ...(realized?.container.Mounts ?? [])];
      const tmpfs = realized?.container.Tmpfs ?? {};
      return {
        container: {
          Entrypoint: wrapped ? ["/bin/sh", "-c", RUN_WRAPPER, "dfbuild-run", ...operations, "--"] : [""],
          Healthcheck: state.config.Healthcheck ? { Test: ["NONE"] } : null,
          AttachStdout: true,
          AttachStderr: true,
          Tty: false,
          ...(stdin === undefined ? { OpenStdin: false } : { AttachStdin: true, OpenStdin: true, StdinOnce: true }),
          HostConfig: {
            // --add-host, --shm-size, --ulimit, limits…: the classic builder gives them to its build containers.
            ...services.runHostConfig,
            NetworkMode: network,
            LogConfig: { Type: "none" },
            Mounts: mounts.length > 0 ? mounts : null,
            ...(Object.keys(tmpfs).length > 0 ? { Tmpfs: tmpfs } : {}),
          },
        },
        // With the wrapper as the container's Entrypoint, an empty one must be named or the commit keeps it.
        commitEntrypoint: wrapped && state.config.Entrypoint === null ? [] : undefined,
        // Mounts to take down once the container is gone; without any, the container goes in the background.
        release: realized?.release,
      };
    },
    act: async (container) => {
      const step = services.step();
      const output = await engine.containers.attach(container, { tty: false, signal, ...(stdin === undefined ? {} : { stdin }) });
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
  if (instruction.heredocScript && only !== undefined) {
    const script = only.chomp ? chompTabs(only.content) : only.content;
    return [...shell, script.startsWith("#!") ? runAsFile(only.name, script) : script];
  }
  const bodies = heredocs.map((heredoc) => `${heredoc.content}${heredoc.name}\n`).join("");
  return [...shell, `${command.value}\n${bodies}`];
}

/** A word the shell reads back as exactly `text`. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
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
