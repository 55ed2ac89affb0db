import { readFile, rm, stat, writeFile } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { BuildCancelledError, BuildError, DockerignoreError, type PullPolicy, build, splitTag } from "@dfbuild/builder";
import { Engine, EngineClientError } from "@dfbuild/engine";
import { type CliIo, UsageError } from "../io.js";
import { type ProgressMode, createRenderer } from "./build-output.js";

export const buildUsage = `Usage: dfbuild build [options] CONTEXT

Builds an image from a Dockerfile against a Docker engine, one layered commit per instruction,
as the classic builder (DOCKER_BUILDKIT=0 docker build) does, with a build cache that survives runs.
  -t, --tag NAME[:TAG]       name the image (repeatable)
  -f, --file FILE|-          the Dockerfile (default CONTEXT/Dockerfile; - reads it from stdin)
      --build-arg K[=V]      set a build argument; K alone takes $K from the environment (repeatable)
      --target STAGE         build up to this stage, and only the stages it needs
      --no-cache             do not use the build cache
      --pull POLICY          missing (default), always or never pull base images
      --network MODE         network of RUN containers: default, none, host or a network name
      --label K=V            add a label to the image (repeatable)
      --iidfile FILE         write the image ID to FILE
  -q, --quiet                print only the image ID
      --progress MODE        auto (default), plain, tty or json
  -H, --host HOST            the engine (default: $DOCKER_HOST, else unix:///var/run/docker.sock)
Exit status: 0 on success, a failing RUN's own exit code, 1 for other build errors, 2 for usage
errors, 130/143/129 when interrupted by SIGINT/SIGTERM/SIGHUP.`;

const PULL_POLICIES: readonly PullPolicy[] = ["missing", "always", "never"];
const PROGRESS_MODES = ["auto", "plain", "tty", "json"] as const;

function usageError(message: string): UsageError {
  return new UsageError(`dfbuild build: ${message}\n\n${buildUsage}`);
}

export async function buildCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      tag: { type: "string", short: "t", multiple: true, default: [] },
      file: { type: "string", short: "f" },
      "build-arg": { type: "string", multiple: true, default: [] },
      target: { type: "string" },
      "no-cache": { type: "boolean", default: false },
      pull: { type: "string", default: "missing" },
      network: { type: "string", default: "default" },
      label: { type: "string", multiple: true, default: [] },
      iidfile: { type: "string" },
      quiet: { type: "boolean", short: "q", default: false },
      progress: { type: "string", default: "auto" },
      host: { type: "string", short: "H" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    io.stdout(`${buildUsage}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw usageError(`expected one CONTEXT directory, got ${String(positionals.length)}`);
  const pull = values.pull as PullPolicy;
  if (!PULL_POLICIES.includes(pull)) throw usageError(`unknown --pull policy "${values.pull}" (expected missing, always or never)`);
  if (!(PROGRESS_MODES as readonly string[]).includes(values.progress)) {
    throw usageError(`unknown --progress mode "${values.progress}" (expected auto, plain, tty or json)`);
  }
  const contextArgument = positionals[0] ?? ".";
  const context = resolve(io.cwd, contextArgument);
  const contextStat = await stat(context).catch(() => undefined);
  if (contextStat?.isDirectory() !== true) throw usageError(`the build context ${contextArgument} is not a directory`);

  const dockerfile = await readDockerfile(values.file, contextArgument, io);
  const dockerignore = await readFile(join(context, ".dockerignore"), "utf8").catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw new UsageError(`dfbuild build: cannot read ${join(contextArgument, ".dockerignore")}: ${(error as Error).message}`, 1);
  });
  const buildArgs = new Map<string, string | null>();
  for (const item of values["build-arg"]) {
    const equals = item.indexOf("=");
    if (equals === -1) buildArgs.set(item, io.env[item] ?? null);
    else buildArgs.set(item.slice(0, equals), item.slice(equals + 1));
  }
  const labels = new Map<string, string>();
  for (const item of values.label) {
    const equals = item.indexOf("=");
    labels.set(equals === -1 ? item : item.slice(0, equals), equals === -1 ? "" : item.slice(equals + 1));
  }
  for (const tag of values.tag) {
    // A NAME is lower case; a TAG may have upper case too (Docker's reference grammar: [\w][\w.-]{0,127}).
    const { repo, tag: version } = splitTag(tag);
    if (!/^[a-z0-9][a-z0-9._/:-]*$/.test(repo) || !/^\w[\w.-]{0,127}$/.test(version)) {
      throw usageError(`invalid tag "${tag}": use NAME[:TAG], NAME in lower case, TAG of at most 128 letters, digits, _, . and -`);
    }
  }
  const mode: ProgressMode = values.quiet
    ? "quiet"
    : values.progress === "auto"
      ? io.isTTY && io.env.TERM !== "dumb"
        ? "tty"
        : "plain"
      : (values.progress as ProgressMode);
  const iidfile = values.iidfile === undefined ? undefined : resolve(io.cwd, values.iidfile);
  if (iidfile !== undefined) await rm(iidfile, { force: true });

  let engine: Engine;
  try {
    // A malformed -H/DOCKER_HOST or unreadable TLS certificates fail here, before any request.
    engine = new Engine({ host: values.host, env: io.env });
  } catch (error) {
    return reportFailure(error, undefined, io);
  }
  const controller = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    stoppedBy ??= signal;
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  // SIGHUP too: a closed terminal or a disconnected CI runner must not leak the step's container.
  const handlers = (["SIGINT", "SIGTERM", "SIGHUP"] as const).map((signal) => {
    const handler = (): void => {
      onSignal(signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  const renderer = createRenderer(mode, io);
  try {
    const result = await build({
      engine,
      context,
      dockerfile,
      dockerignore,
      tags: values.tag,
      buildArgs,
      target: values.target,
      noCache: values["no-cache"],
      pull,
      network: values.network,
      labels,
      env: io.env,
      signal: controller.signal,
      onEvent: (event) => { renderer.event(event); },
    });
    renderer.close();
    if (iidfile !== undefined) await writeFile(iidfile, result.imageId);
    if (mode === "quiet") io.stdout(`${result.imageId}\n`);
    return 0;
  } catch (error) {
    renderer.close();
    if (mode === "json" && error instanceof Error) {
      // Tools reading the events get the failure as the last one.
      const location = error instanceof BuildError ? error.location : undefined;
      io.stdout(`${JSON.stringify({ type: "error", message: error.message, ...(location === undefined ? {} : { location }) })}\n`);
    }
    return reportFailure(error, stoppedBy, io);
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    await engine.close();
  }
}

function reportFailure(error: unknown, stoppedBy: NodeJS.Signals | undefined, io: CliIo): number {
  if (error instanceof BuildCancelledError || stoppedBy !== undefined) {
    io.stderr(`dfbuild build: interrupted by ${stoppedBy ?? "a signal"}; its containers were removed and nothing was tagged\n`);
    return stoppedBy === "SIGTERM" ? 143 : stoppedBy === "SIGHUP" ? 129 : 130;
  }
  if (error instanceof BuildError) {
    const where = error.location === undefined ? "dfbuild build" : `${error.location.file}:${String(error.location.line)}:${String(error.location.column)}`;
    io.stderr(`${where}: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof DockerignoreError) {
    io.stderr(`dfbuild build: .dockerignore: ${error.message}\n`);
    return 1;
  }
  if (error instanceof EngineClientError) {
    io.stderr(`dfbuild build: ${error.message}\n`);
    return 1;
  }
  throw error;
}

/** The Dockerfile's text and the name messages give it: `-f` as written, CONTEXT/Dockerfile, or `<stdin>`. */
async function readDockerfile(file: string | undefined, contextArgument: string, io: CliIo): Promise<{ name: string; text: string }> {
  if (file === "-") return { name: "<stdin>", text: await io.readStdin() };
  const candidates =
    file === undefined
      ? [join(contextArgument, "Dockerfile"), join(contextArgument, "dockerfile")]
      : [file];
  for (const candidate of candidates) {
    const path = isAbsolute(candidate) ? candidate : resolve(io.cwd, candidate);
    try {
      return { name: displayName(candidate, path, io.cwd), text: await readFile(path, "utf8") };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        throw new UsageError(`dfbuild build: cannot read ${candidate}: ${(error as Error).message}`, 1);
      }
    }
  }
  throw new UsageError(`dfbuild build: cannot find ${candidates[0] ?? "Dockerfile"}: no such file`, 1);
}

function displayName(written: string, path: string, cwd: string): string {
  const fromCwd = relative(cwd, path);
  return fromCwd.startsWith("..") ? written : fromCwd;
}
