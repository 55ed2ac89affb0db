import { rm, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Writable } from "node:stream";
import {
  BuildCancelledError,
  BuildError,
  type CacheExportOptions,
  DockerignoreError,
  type FilesystemOutput,
  type SecretSource,
  SecretSpecError,
  type SshSource,
  SshSpecError,
  build,
  parseSecretSpec,
  parseSshSpec,
  splitTag,
} from "@dfbuild/builder";
import { Engine, EngineClientError, type RequestTiming, selectEngine } from "@dfbuild/engine";
import { FlagError, parseFlags } from "../flag-parser.js";
import { type CliIo, UsageError } from "../io.js";
import { BUILD_FLAGS, BuildFlagValueError, type BuildCommandLine, buildFlagsUsage, readBuildCommandLine } from "./build-flags.js";
import { BuildContextError, type PreparedContext, prepareContext } from "./build-context.js";
import { type ProgressMode, createRenderer } from "./build-output.js";
import { type OutputRequest, PublishOptionError, parseCacheFrom, parseCacheTo, parseOutput } from "./build-publish-options.js";

export const buildUsage = `Usage: dfbuild build [options] CONTEXT

Builds an image from a Dockerfile against a Docker engine, one layered commit per instruction,
as the classic builder (DOCKER_BUILDKIT=0 docker build) does, with a build cache that survives runs,
and BuildKit's Dockerfile syntax on any engine: RUN --mount (bind, cache, tmpfs, secret, ssh),
RUN --network, COPY --link/--parents/--exclude, ADD --checksum/--keep-git-dir and Git sources,
heredocs, # syntax=docker/dockerfile:1. Cache mounts are engine volumes labelled dfbuild.cache-mount.
Flags are docker build's, parsed as the docker CLI parses them (--pull, --pull=false, -qt NAME).
${buildFlagsUsage()}
Exit status: 0 on success, a failing RUN's own exit code, 1 for other build errors, 2 for usage
errors, 130/143/129 when interrupted by SIGINT/SIGTERM/SIGHUP.`;

function usageError(message: string): UsageError {
  return new UsageError(`dfbuild build: ${message}\n\n${buildUsage}`);
}

/** The command line, parsed and checked; a usage error (exit 2) otherwise. */
function readCommandLine(argv: string[], io: CliIo): BuildCommandLine | "help" {
  try {
    const parsed = parseFlags(argv, BUILD_FLAGS);
    if (parsed.help) return "help";
    return readBuildCommandLine(parsed, io.env, io.cwd);
  } catch (error) {
    if (error instanceof FlagError || error instanceof BuildFlagValueError) throw usageError(error.message);
    throw error;
  }
}

export async function buildCommand(argv: string[], io: CliIo): Promise<number> {
  const options = readCommandLine(argv, io);
  if (options === "help") {
    io.stdout(`${buildUsage}\n`);
    return 0;
  }
  for (const notice of options.notices) io.stderr(`${notice}\n`);
  const { secrets, ssh } = await readSecretsAndSsh(options, io);
  for (const tag of options.tags) {
    // A NAME is lower case; a TAG may have upper case too (Docker's reference grammar: [\w][\w.-]{0,127}).
    const { repo, tag: version } = splitTag(tag);
    if (!/^[a-z0-9][a-z0-9._/:-]*$/.test(repo) || !/^\w[\w.-]{0,127}$/.test(version)) {
      throw usageError(`invalid tag "${tag}": use NAME[:TAG], NAME in lower case, TAG of at most 128 letters, digits, _, . and -`);
    }
  }
  const mode: ProgressMode =
    options.progress === "none" || options.progress === "quiet"
      ? "quiet"
      : options.progress === "auto"
        ? io.isTTY && io.env.TERM !== "dumb"
          ? "tty"
          : "plain"
        : options.progress;
  const publish = readPublishOptions(options, io);
  if (publish.push && options.tags.length === 0) throw usageError("--push needs a name to push: add -t NAME[:TAG]");
  // A tar on stdout leaves only stderr for the progress, as with buildx.
  const progressIo: CliIo = publish.toStdout ? { ...io, stdout: io.stderr, isTTY: false, columns: undefined } : io;
  const iidfile = options.iidfile === undefined ? undefined : resolve(io.cwd, options.iidfile);
  // The docker CLI removes the file before building, so a failed build leaves no stale ID behind.
  if (iidfile !== undefined) await rm(iidfile, { force: true });
  const metadataFile = options.metadataFile === undefined ? undefined : resolve(io.cwd, options.metadataFile);

  let engine: Engine;
  try {
    // A malformed -H/DOCKER_HOST or unreadable TLS certificates fail here, before any request.
    const path = (file: string | undefined): string | undefined => (file === undefined ? undefined : resolve(io.cwd, file));
    const { hosts, context: contextName, tls, tlsVerify, caFile, certFile, keyFile, configDir } = options.engine;
    const selection = selectEngine({
      hosts, context: contextName, tls, tlsVerify, caFile: path(caFile), certFile: path(certFile), keyFile: path(keyFile), configDir: path(configDir), env: io.env,
    });
    for (const warning of selection.warnings) io.stderr(`${warning}\n`);
    engine = new Engine({ host: selection.host, tls: selection.tls, env: io.env, dockerConfigDir: path(configDir), onRequest: apiTraceOf(io) });
    // Building on another machine than the user expects is worse than failing: say where.
    if (!selection.isLocalDefault) io.stderr(`dfbuild build: building on ${selection.description}\n`);
  } catch (error) {
    return reportFailure(error, undefined, io);
  }
  let prepared: PreparedContext;
  try {
    // A git clone or a download can take a while: only after every cheap check has passed.
    prepared = await prepareContext(options.contextArgument, options.file, io);
  } catch (error) {
    await engine.close();
    if (error instanceof BuildContextError) {
      io.stderr(`dfbuild build: ${error.message}\n`);
      return 1;
    }
    throw error;
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
  const renderer = createRenderer(mode, progressIo);
  try {
    const result = await build({
      engine,
      context: prepared.dir,
      contextIsTemporary: prepared.temporary,
      dockerfile: prepared.dockerfile,
      dockerignore: prepared.dockerignore,
      tags: options.tags,
      buildArgs: options.buildArgs,
      target: options.target,
      noCache: options.noCache,
      noCacheStages: options.noCacheStages,
      foldMetadata: options.foldMetadata,
      maxParallelStages: options.maxParallelStages,
      pull: options.pull,
      platform: options.platform,
      network: options.network,
      runHostConfig: options.runHostConfig,
      labels: options.labels,
      secrets,
      ssh,
      push: publish.push,
      outputs: publish.outputs,
      cacheTo: publish.cacheTo,
      cacheFrom: publish.cacheFrom,
      env: io.env,
      signal: controller.signal,
      onEvent: (event) => { renderer.event(event); },
    });
    renderer.close();
    if (iidfile !== undefined) await writeFile(iidfile, result.imageId);
    if (metadataFile !== undefined) await writeFile(metadataFile, `${JSON.stringify(buildMetadata(result.imageId, result.tags), null, 2)}\n`);
    if (options.progress === "quiet") progressIo.stdout(`${result.imageId}\n`);
    return 0;
  } catch (error) {
    renderer.close();
    if (mode === "json" && error instanceof Error) {
      // Tools reading the events get the failure as the last one.
      const location = error instanceof BuildError ? error.location : undefined;
      progressIo.stdout(`${JSON.stringify({ type: "error", message: error.message, ...(location === undefined ? {} : { location }) })}\n`);
    }
    return reportFailure(error, stoppedBy, io);
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    await engine.close();
    await prepared.cleanup();
  }
}

/**
 * \`DFBUILD_TRACE_API=1\`: one line on stderr per engine request once its answer's headers came —
 * when it was sent (ms since the process started), how long the engine took, the status, the
 * request — to see where a build's time goes between dfbuild and the engine.
 */
function apiTraceOf(io: CliIo): ((timing: RequestTiming) => void) | undefined {
  const setting = io.env.DFBUILD_TRACE_API;
  if (setting === undefined || setting === "" || setting === "0") return undefined;
  return ({ method, path, status, startMs, durationMs }) => {
    io.stderr(`dfbuild api: +${startMs.toFixed(1)} ms ${durationMs.toFixed(1)} ms ${String(status)} ${method} ${path}\n`);
  };
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

/**
 * `--secret` and `--ssh`, as buildx reads them. A secret's file is relative to the working
 * directory; an id alone is the variable of that name when it is set, else the file of that name.
 */
async function readSecretsAndSsh(options: BuildCommandLine, io: CliIo): Promise<{ secrets: SecretSource[]; ssh: SshSource[] }> {
  try {
    const secrets = options.secrets.map(parseSecretSpec).map((secret): SecretSource => {
      if (secret.env !== undefined) return secret;
      if (secret.file === undefined && io.env[secret.id] !== undefined) return { id: secret.id, env: secret.id };
      return { id: secret.id, file: resolve(io.cwd, secret.file ?? secret.id) };
    });
    const ssh = await Promise.all(options.ssh.map((item) => parseSshSpec(item, io.env)));
    return { secrets, ssh };
  } catch (error) {
    if (error instanceof SecretSpecError) throw usageError(`--secret: ${error.message}`);
    if (error instanceof SshSpecError) throw usageError(error.message);
    throw error;
  }
}

/**
 * `--metadata-file`: the keys buildx writes for an image the engine keeps (buildx
 * `commands/build.go` writeMetadataFile; BuildKit's exporter response keys).
 */
function buildMetadata(imageId: string, tags: readonly string[]): Record<string, string> {
  return { "containerimage.config.digest": imageId, ...(tags.length === 0 ? {} : { "image.name": tags.join(",") }) };
}

interface PublishOptions {
  push: boolean;
  outputs: FilesystemOutput[];
  cacheTo: CacheExportOptions[];
  cacheFrom: string[];
  /** An output writes a tar to stdout. */
  toStdout: boolean;
}

/** `--push`, `--output`, `--cache-to`, `--cache-from`: read and checked before anything is built. */
function readPublishOptions(commandLine: BuildCommandLine, io: CliIo): PublishOptions {
  const options: PublishOptions = { push: commandLine.push, outputs: [], cacheTo: [], cacheFrom: [], toStdout: false };
  try {
    const requests: OutputRequest[] = commandLine.outputs.map(parseOutput);
    for (const request of requests) {
      if (request.type === "push") options.push = true;
      else if (request.type === "tar" && request.dest === "-") {
        if (options.toStdout) throw new PublishOptionError("only one --output can write to the standard output");
        const write = io.stdoutBytes;
        if (write === undefined) throw new PublishOptionError("--output -: this dfbuild cannot write binary data to its standard output");
        options.toStdout = true;
        options.outputs.push({
          type: "tar",
          stream: new Writable({
            write(chunk: Buffer, _encoding, callback) {
              write(chunk);
              callback();
            },
          }),
        });
      } else if (request.type === "local") options.outputs.push({ type: "local", dest: resolve(io.cwd, request.dest) });
      else if (request.type === "tar") options.outputs.push({ type: "tar", dest: resolve(io.cwd, request.dest) });
    }
    for (const value of commandLine.cacheTo) {
      options.cacheTo.push(
        parseCacheTo(value, (text) => {
          io.stderr(`dfbuild build: ${text}\n`);
        }),
      );
    }
    for (const value of commandLine.cacheFrom) options.cacheFrom.push(...parseCacheFrom(value));
  } catch (error) {
    if (error instanceof PublishOptionError) throw usageError(error.message);
    throw error;
  }
  return options;
}
