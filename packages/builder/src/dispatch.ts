/**
 * One Dockerfile instruction → one image, as the classic builder's dispatchers make it
 * (`dispatchers.go`): the same config change, the same history text (`created_by` is the build
 * container's Cmd), the same cache rule. Each step goes through `#commitStep`, which probes the
 * cache, and on a miss creates the container, lets the instruction act on it, commits and removes it.
 */
import type { ContainerCreateBody, Engine, HealthConfig, Mount } from "@dfbuild/engine";
import { type AddInstruction, type CommandForm, type CopyInstruction, type Instruction, type RunInstruction, expand, parseDuration } from "@dfbuild/parser";
import type { StageArgs } from "./args.js";
import { type BuildCache, stepKey } from "./cache.js";
import { type ImageConfig, commitBody, envMap, healthcheckComment, setEnv, shellOf, withVolumes } from "./config.js";
import type { ContainerSet } from "./containers.js";
import type { BuildContext } from "./context.js";
import {
  type AccountNames,
  CopyError,
  type CopySource,
  type Ownership,
  type PathKind,
  combinedHash,
  contextSources,
  copyIntoContainer,
  heredocSource,
  imageSources,
  localAccountNames,
  urlSource,
} from "./copy.js";
import { BuildError, type DockerfileLocation } from "./errors.js";
import type { BuildEvent } from "./events.js";
import { goList, goQuoteList } from "./go-format.js";
import { goJoin } from "./paths.js";
import { readEntries } from "./tar.js";
import { EngineError } from "@dfbuild/engine";

/** What a stage has built so far. */
export interface StageState {
  name: string;
  /** The current image: the last step's. */
  imageId: string;
  /** The image the stage started from, as others see it: the stage's result if it adds nothing. */
  baseImageId: string;
  /** Whether any step made (or reused) an image on top of the base. */
  changed: boolean;
  /** The config the image should have, without the Dockerfile's VOLUMEs (see `volumes`). */
  config: ImageConfig;
  /**
   * VOLUMEs the Dockerfile declared: kept out of intermediate images so that COPY into them
   * persists and RUN writes under them are dropped, as in the classic builder (builder.md §0.2).
   */
  volumes: string[];
  /** A CMD with arguments appeared in this stage: ENTRYPOINT then keeps it. */
  cmdSet: boolean;
  author: string;
  args: StageArgs;
  /** After the first miss every later step misses, as in the classic builder. */
  cacheBusted: boolean;
  platform: { os: string; architecture: string };
}

export interface DispatcherOptions {
  engine: Engine;
  containers: ContainerSet;
  context: BuildContext;
  cache: BuildCache;
  noCache: boolean;
  escape: string;
  network: string;
  signal: AbortSignal | undefined;
  emit: (event: BuildEvent) => void;
  step: () => number;
  locate: (instruction: Instruction) => DockerfileLocation;
  /** An earlier stage's image for `COPY --from=<name|index>`; undefined when it names an image. */
  stageImage: (reference: string, current: string) => string | undefined;
  /** Makes sure an image is present (pulling it if allowed); resolves to its ID. */
  ensureImage: (reference: string) => Promise<string>;
}

/** How a step's container is made and what is done to it before the commit. */
interface StepSpec {
  /** The container's Cmd, which becomes the history's `created_by`. */
  command: string[];
  /** Fields of the container beyond Image, Cmd and the state's Env/User/WorkingDir. */
  container?: Partial<ContainerCreateBody>;
  /** Runs on a cache miss, before the commit. */
  act?: (container: string) => Promise<void>;
  /** What else the result depends on (for the cache key). */
  extra?: unknown;
  /** COPY and ADD: the classic builder makes no container for them, so it says nothing of one. */
  silentContainer?: boolean;
  /** The commit body's Entrypoint when it must differ from the state's (see RUN). */
  commitEntrypoint?: string[] | null;
}

/** The shell script that exports `|N K=V…` build args for RUN and then runs the command. */
const BUILD_ARGS_WRAPPER =
  'while [ "$1" != "--" ]; do export "$1"; shift; done; shift; n=${1#|}; shift; ' +
  'while [ "$n" -gt 0 ]; do export "$1"; shift; n=$((n-1)); done; exec "$@"';

export class Dispatcher {
  readonly #options: DispatcherOptions;
  #accountNames: Promise<AccountNames> | undefined;

  constructor(options: DispatcherOptions) {
    this.#options = options;
  }

  /** Runs one instruction; resolves to whether the cache was used. `at` locates errors (ONBUILD triggers). */
  async dispatch(state: StageState, instruction: Instruction, at: Instruction = instruction): Promise<boolean> {
    try {
      return await this.#dispatch(state, instruction, at);
    } catch (error) {
      if (this.#options.signal?.aborted === true) throw error;
      // A failure from outside the instruction (pulling a `COPY --from` image) is still its failure.
      if (error instanceof BuildError && error.location === undefined) {
        throw new BuildError(error.message, { location: this.#options.locate(at), exitCode: error.exitCode, cause: error });
      }
      if (error instanceof BuildError) throw error;
      if (error instanceof CopyError) {
        throw new BuildError(`${instruction.keyword.name} failed: ${error.message}`, { location: this.#options.locate(at), cause: error });
      }
      if (error instanceof EngineError || error instanceof Error) {
        throw new BuildError(error.message, { location: this.#options.locate(at), cause: error });
      }
      throw error;
    }
  }

  /** A `--label` option: a LABEL step of its own. */
  label(state: StageState, key: string, value: string): Promise<boolean> {
    state.config.Labels = { ...(state.config.Labels ?? {}), [key]: value };
    return this.#metadata(state, `LABEL ${key}=${value}`);
  }

  async #dispatch(state: StageState, instruction: Instruction, at: Instruction): Promise<boolean> {
    const fail = (message: string): never => {
      throw new BuildError(message, { location: this.#options.locate(at) });
    };
    const word = (value: string): string => {
      const result = expand(value, this.#expansionEnv(state), { escape: this.#options.escape });
      if (!result.ok) fail(result.message);
      return result.ok ? result.value : "";
    };
    switch (instruction.type) {
      case "Arg": {
        const parts: string[] = [];
        for (const definition of instruction.args) {
          const name = definition.name.value;
          const value = definition.value === null ? null : word(definition.value.value);
          state.args.declare(name, value);
          parts.push(value === null ? name : `${name}=${value}`);
        }
        return this.#metadata(state, `ARG ${parts.join(" ")}`);
      }
      case "Env": {
        // Every value is expanded against the environment before this instruction.
        const pairs = instruction.pairs.map((pair) => [word(pair.key.value), word(pair.value.value)] as const);
        for (const [key, value] of pairs) setEnv(state.config.Env, key, value);
        return this.#metadata(state, `ENV ${pairs.map(([key, value]) => `${key}=${value}`).join(" ")}`);
      }
      case "Label": {
        const pairs = instruction.pairs.map((pair) => [word(pair.key.value), word(pair.value.value)] as const);
        state.config.Labels = { ...(state.config.Labels ?? {}) };
        for (const [key, value] of pairs) state.config.Labels[key] = value;
        return this.#metadata(state, `LABEL ${pairs.map(([key, value]) => `${key}=${value}`).join(" ")}`);
      }
      case "Maintainer": {
        state.author = instruction.maintainer?.value ?? "";
        return this.#metadata(state, `MAINTAINER ${state.author}`);
      }
      case "User": {
        state.config.User = word(instruction.user?.value ?? "");
        return this.#metadata(state, `USER ${state.config.User}`);
      }
      case "Workdir": {
        const requested = word(instruction.path?.value ?? "");
        if (requested === "") fail("cannot normalize nothing");
        state.config.WorkingDir = requested.startsWith("/") ? requested : goJoin("/", state.config.WorkingDir, requested);
        // The engine creates the directory (0755 root) when it creates the container.
        return this.#commitStep(state, { command: [...shellOf(state.config), `#(nop) WORKDIR ${state.config.WorkingDir}`] });
      }
      case "Volume": {
        const paths = instruction.paths.map((path) => word(path.value));
        for (const path of paths) {
          if (path === "") fail("VOLUME specified can not be an empty string");
          if (!state.volumes.includes(path)) state.volumes.push(path);
        }
        return this.#metadata(state, `VOLUME ${goList(paths)}`);
      }
      case "Stopsignal": {
        const signal = word(instruction.signal?.value ?? "");
        if (!isSignal(signal)) fail(`Invalid signal: ${signal}`);
        state.config.StopSignal = signal;
        return this.#metadata(state, `STOPSIGNAL ${signal}`);
      }
      case "Expose": {
        const ports: string[] = [];
        for (const port of instruction.ports) {
          const result = expand(port.value, this.#expansionEnv(state), { escape: this.#options.escape });
          if (!result.ok) fail(result.message);
          else ports.push(...result.words);
        }
        state.config.ExposedPorts = { ...(state.config.ExposedPorts ?? {}) };
        for (const port of ports) {
          const parsed = parsePortSpec(port);
          if (typeof parsed === "string") fail(parsed);
          else for (const key of parsed) state.config.ExposedPorts[key] = {};
        }
        // Docker 20.10 writes the ports sorted into the history.
        return this.#metadata(state, `EXPOSE ${[...ports].sort().join(" ")}`);
      }
      case "Cmd": {
        const command = this.#commandLine(state, instruction.command);
        state.config.Cmd = command;
        if (command.length > 0 && instruction.command?.type !== undefined && !isEmptyExec(instruction.command)) state.cmdSet = true;
        return this.#metadata(state, `CMD ${goQuoteList(command)}`);
      }
      case "Entrypoint": {
        state.config.Entrypoint = this.#commandLine(state, instruction.command);
        if (!state.cmdSet) state.config.Cmd = null;
        return this.#metadata(state, `ENTRYPOINT ${goQuoteList(state.config.Entrypoint)}`);
      }
      case "Shell": {
        const command = instruction.command;
        if (command?.type !== "ExecForm") fail("SHELL requires the arguments to be in JSON form");
        state.config.Shell = command?.type === "ExecForm" ? command.elements.map((element) => element.value) : null;
        return this.#metadata(state, `SHELL ${goList(state.config.Shell ?? [])}`);
      }
      case "Healthcheck": {
        const health = this.#healthcheck(instruction, fail);
        const previous = state.config.Healthcheck?.Test;
        if (previous && previous.length > 0 && previous[0] !== "NONE") {
          this.#options.emit({ type: "message", step: this.#options.step(), text: `Note: overriding previous HEALTHCHECK: ${goList(previous)}` });
        }
        const comment = healthcheckComment(health);
        // The classic builder's container create merges the previous image's healthcheck into the
        // new one (through a pointer it shares with the build state): zero fields are inherited.
        const before = state.config.Healthcheck;
        const inherited: HealthConfig = {
          Test: health.Test,
          Interval: orInherited(health.Interval, before?.Interval),
          Timeout: orInherited(health.Timeout, before?.Timeout),
          StartPeriod: orInherited(health.StartPeriod, before?.StartPeriod),
          StartInterval: health.StartInterval,
          Retries: orInherited(health.Retries, before?.Retries),
        };
        // Zero durations are left out, as the engine leaves them out of the image.
        const kept = Object.fromEntries(Object.entries(inherited).filter(([, value]) => value !== undefined && value !== 0));
        state.config.Healthcheck = kept;
        return this.#metadata(state, comment);
      }
      case "Onbuild": {
        const expression = instruction.original.replace(/^\s*ONBUILD\s*/i, "");
        state.config.OnBuild = [...(state.config.OnBuild ?? []), expression];
        return this.#metadata(state, `ONBUILD ${expression}`);
      }
      case "Run":
        return this.#run(state, instruction, fail);
      case "Copy":
      case "Add":
        return this.#copy(state, instruction, word, fail);
      case "From":
      case "Unknown":
        return fail(`unexpected ${instruction.keyword.name} instruction`);
    }
  }

  /** Expansion sees the image's environment and the build args in effect that it does not shadow. */
  #expansionEnv(state: StageState): Map<string, string> {
    const env = envMap(state.config.Env);
    for (const [name, value] of state.args.effective(state.config.Env)) env.set(name, value);
    return env;
  }

  /** `resolveCmdLine`: exec form as written, shell form through SHELL, nothing → `[]`. */
  #commandLine(state: StageState, command: CommandForm | null): string[] {
    if (command === null) return [];
    if (command.type === "ExecForm") return command.elements.map((element) => element.value);
    return [...shellOf(state.config), command.value];
  }

  #healthcheck(instruction: Extract<Instruction, { type: "Healthcheck" }>, fail: (message: string) => never): HealthConfig {
    if (instruction.kind === "NONE") return { Test: ["NONE"] };
    const command = instruction.command;
    if (instruction.kind !== "CMD" || command === null) return fail(`Unknown type "${instruction.kind ?? ""}" in HEALTHCHECK (try CMD)`);
    const test = command.type === "ExecForm" ? ["CMD", ...command.elements.map((element) => element.value)] : ["CMD-SHELL", command.value];
    const health: HealthConfig = { Test: test };
    const duration = (name: string): number => {
      const flag = instruction.flags.find((candidate) => candidate.name === name);
      if (flag?.value === undefined || flag.value === null || flag.value === "") return 0;
      const parsed = parseDuration(flag.value);
      if (!parsed.ok) return fail(parsed.message);
      const value = Math.round(parsed.value);
      if (value !== 0 && value < 1e6) return fail(`Interval "${name}" cannot be less than 1ms`);
      return value;
    };
    health.Interval = duration("interval");
    health.Timeout = duration("timeout");
    health.StartPeriod = duration("start-period");
    const startInterval = duration("start-interval");
    if (startInterval !== 0) health.StartInterval = startInterval;
    const retries = instruction.flags.find((flag) => flag.name === "retries")?.value;
    health.Retries = retries === undefined || retries === null || retries === "" ? 0 : Number.parseInt(retries, 10);
    if (Number.isNaN(health.Retries) || health.Retries < 0) fail("--retries cannot be negative");
    return health;
  }

  /** A metadata instruction: a never-started container whose Cmd is the classic `#(nop)` comment. */
  #metadata(state: StageState, comment: string): Promise<boolean> {
    return this.#commitStep(state, { command: [...shellOf(state.config), "#(nop) ", comment] });
  }

  /** Probes the cache, else makes the step's image; updates `state.imageId`. Resolves to "was cached". */
  async #commitStep(state: StageState, spec: StepSpec): Promise<boolean> {
    const { engine, containers, cache, emit, signal } = this.#options;
    const step = this.#options.step();
    const key = stepKey({
      parent: state.imageId,
      command: spec.command,
      config: withVolumes(state.config, state.volumes),
      extra: { author: state.author, step: spec.extra ?? null },
    });
    if (!this.#options.noCache && !state.cacheBusted) {
      const hit = await cache.lookup(key, signal);
      if (hit !== undefined) {
        emit({ type: "cache-hit", step });
        state.imageId = hit;
        state.changed = true;
        return true;
      }
    }
    state.cacheBusted = true;
    const body: ContainerCreateBody = {
      Image: state.imageId,
      Cmd: spec.command,
      Env: state.config.Env,
      User: state.config.User,
      WorkingDir: state.config.WorkingDir,
      ...spec.container,
    };
    let created = "";
    const image = await containers.with(body, async (container) => {
      created = container;
      if (spec.silentContainer !== true) emit({ type: "container", step, id: container });
      await spec.act?.(container);
      const config = commitBody(state.config);
      if (spec.commitEntrypoint !== undefined) config.Entrypoint = spec.commitEntrypoint;
      const { Id } = await engine.containers.commit(container, { config, author: state.author === "" ? undefined : state.author, pause: false, signal });
      return Id;
    });
    if (spec.silentContainer !== true) emit({ type: "container-removed", step, id: created });
    await cache.store(key, image);
    state.imageId = image;
    state.changed = true;
    return false;
  }

  async #run(state: StageState, instruction: RunInstruction, fail: (message: string) => never): Promise<boolean> {
    let network = this.#options.network;
    // The build's --network is not part of the cache key (as in classic); RUN --network is (as in BuildKit).
    let networkFlag: string | null = null;
    for (const flag of instruction.flags) {
      if (flag.name === "network") network = networkFlag = flag.value ?? "default";
      else fail(`the --${flag.name} option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled`);
    }
    const command = this.#runCommand(state, instruction);
    // Build args reach the command through a wrapper, never the container's Env: the commit would
    // copy them into the image (builder.md §0.1). The `|N K=V` prefix is what classic records.
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
      VolumeOptions: { Labels: { "dfbuild.build": this.#options.containers.buildId } },
    }));
    const { engine, emit, signal } = this.#options;
    return this.#commitStep(state, {
      command: containerCommand,
      extra: { network: networkFlag },
      container: {
        Entrypoint: withArgs ? ["/bin/sh", "-c", BUILD_ARGS_WRAPPER, "dfbuild-run", ...hidden, "--"] : [""],
        Healthcheck: state.config.Healthcheck ? { Test: ["NONE"] } : null,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
        OpenStdin: false,
        HostConfig: { NetworkMode: network, LogConfig: { Type: "none" }, Mounts: mounts.length > 0 ? mounts : null },
      },
      // With the wrapper as the container's Entrypoint, an empty one must be named or the commit keeps it.
      commitEntrypoint: withArgs && state.config.Entrypoint === null ? [] : undefined,
      act: async (container) => {
        const step = this.#options.step();
        const output = await engine.containers.attach(container, { tty: false, signal });
        await engine.containers.start(container, { signal });
        for await (const chunk of output) {
          emit({ type: "output", step, stream: chunk.stream === "stderr" ? "stderr" : "stdout", data: chunk.data.toString("utf8") });
        }
        const { StatusCode, Error: waitError } = await engine.containers.wait(container, { signal });
        if (StatusCode !== 0) {
          const detail = waitError?.Message ? `: ${waitError.Message}` : "";
          throw new BuildError(`The command '${command.join(" ")}' returned a non-zero code: ${String(StatusCode)}${detail}`, {
            location: this.#options.locate(instruction),
            exitCode: StatusCode,
          });
        }
      },
    });
  }

  /** RUN's command line, heredocs included (a lone `<<EOF` runs its body as the script). */
  #runCommand(state: StageState, instruction: RunInstruction): string[] {
    const command = instruction.command;
    if (command === null) return [];
    if (command.type === "ExecForm") return command.elements.map((element) => element.value);
    const shell = shellOf(state.config);
    const heredocs = instruction.heredocs;
    if (heredocs.length === 0) return [...shell, command.value];
    const only = heredocs[0];
    if (heredocs.length === 1 && only !== undefined && /^<<-?(["']?)[^\s"']+\1$/.test(command.value.trim())) {
      const script = only.chomp ? chomp(only.content) : only.content;
      return [...shell, script.startsWith("#!") ? runAsFile(only.name, script) : script];
    }
    const bodies = heredocs.map((heredoc) => `${heredoc.content}${heredoc.name}\n`).join("");
    return [...shell, `${command.value}\n${bodies}`];
  }

  async #copy(
    state: StageState,
    instruction: CopyInstruction | AddInstruction,
    word: (value: string) => string,
    fail: (message: string) => never,
  ): Promise<boolean> {
    const name = instruction.keyword.name;
    const flag = (flagName: string): string | undefined => {
      const found = instruction.flags.find((candidate) => candidate.name === flagName);
      return found === undefined ? undefined : (found.value ?? "");
    };
    for (const candidate of instruction.flags) {
      if (!["chown", "chmod", "from"].includes(candidate.name) || (candidate.name === "from" && name === "ADD")) {
        fail(`the --${candidate.name} option is not supported by ${name} in dfbuild`);
      }
    }
    const chown = flag("chown") === undefined ? "" : word(flag("chown") ?? "");
    const chmodText = flag("chmod") === undefined ? "" : word(flag("chmod") ?? "");
    let chmod: number | undefined;
    if (chmodText !== "") {
      if (!/^[0-7]{1,4}$/.test(chmodText)) fail(`invalid --chmod value ${chmodText}: only octal modes are supported`);
      chmod = Number.parseInt(chmodText, 8);
    }
    // The classic builder does not expand --from.
    const from = flag("from");
    const destination = word(instruction.destination?.value ?? "");
    const sourceWords = instruction.sources.map((source) => source.value);
    const { engine, containers, context, signal } = this.#options;

    const sources: CopySource[] = [];
    let fromImage: string | undefined;
    if (from !== undefined && from !== "") {
      fromImage = this.#options.stageImage(from, state.name) ?? (await this.#options.ensureImage(from));
      const paths = sourceWords.map(word);
      const image = fromImage;
      this.#accountNames ??= localAccountNames(engine.host);
      const names = await this.#accountNames;
      sources.push(
        ...(await containers.with({ Image: image, Entrypoint: ["/dfbuild-copy-source"], Cmd: null }, (container) =>
          imageSources(engine, container, paths, names, signal),
        )),
      );
    } else {
      for (const source of sourceWords) {
        const heredoc = instruction.heredocs.find((candidate) => /^<<-?/.test(source) && source.replace(/^<<-?["']?/, "").replace(/["']$/, "") === candidate.name);
        if (heredoc !== undefined) {
          let content = heredoc.chomp ? chomp(heredoc.content) : heredoc.content;
          if (heredoc.expand) {
            const result = expand(content, this.#expansionEnv(state), { escape: this.#options.escape, skipProcessQuotes: true });
            if (result.ok) content = result.value;
          }
          sources.push(heredocSource(heredoc.name, content));
          continue;
        }
        const path = word(source);
        if (name === "ADD" && /^https?:\/\//.test(path)) sources.push(await urlSource(path, destination, signal));
        else sources.push(...(await contextSources(context, [path], name === "ADD")));
      }
    }
    if (sources.length === 0) fail(`${name} failed: no source files were specified`);
    if (sources.length > 1 && !destination.endsWith("/")) {
      fail(`When using ${name} with more than one source file, the destination must be a directory and end with a /`);
    }
    // Docker 20.10 writes no space after the --chown value (a bug fixed later, kept for identical history).
    const chownComment = chown === "" ? "" : `--chown=${chown}`;
    const chmodComment = chmod === undefined ? "" : `--chmod=${chmodText} `;
    const comment = `${name} ${chownComment}${chmodComment}${combinedHash(sources)} in ${destination} `;
    return this.#commitStep(state, {
      command: [...shellOf(state.config), `#(nop) ${comment}`],
      silentContainer: true,
      act: async (container) => {
        const pathKind = (path: string): Promise<PathKind> => this.#pathKind(container, path);
        let ownership: Ownership = fromImage !== undefined ? "preserve" : { uid: 0, gid: 0 };
        if (chown !== "") ownership = await this.#resolveChown(container, chown);
        await copyIntoContainer(engine, container, sources, { destination, workdir: state.config.WorkingDir, ownership, chmod }, pathKind, signal);
      },
    });
  }

  /** What a path of the container is, following a symlink as the classic builder's stat does. */
  async #pathKind(container: string, path: string): Promise<PathKind> {
    const { engine, signal } = this.#options;
    try {
      let stat = await engine.containers.statPath(container, path, { signal });
      if (stat.type === "symlink" && stat.linkTarget !== "") stat = await engine.containers.statPath(container, stat.linkTarget, { signal });
      return stat.type === "directory" ? "directory" : "other";
    } catch (error) {
      if (error instanceof EngineError && error.status === 404) return "missing";
      throw error;
    }
  }

  /**
   * `--chown=user[:group]`: numbers as they are, names from the destination image's /etc/passwd and
   * /etc/group; a missing group is the user string again (the classic builder's rule).
   */
  async #resolveChown(container: string, chown: string): Promise<{ uid: number; gid: number }> {
    const [user = "", group = user] = chown.split(":", 2);
    const lookup = async (file: string, name: string, what: string): Promise<number> => {
      if (/^\d+$/.test(name)) return Number(name);
      const content = await this.#readFile(container, file);
      for (const line of content.split("\n")) {
        const fields = line.split(":");
        if (fields[0] === name && fields[2] !== undefined && /^\d+$/.test(fields[2])) return Number(fields[2]);
      }
      throw new CopyError(`unable to convert uid/gid chown string to host mapping: can't find ${what} for ${what === "uid" ? "user" : "group"} ${name}: no such ${what === "uid" ? "user" : "group"}: ${name}`);
    };
    return { uid: await lookup("/etc/passwd", user, "uid"), gid: await lookup("/etc/group", group, "gid") };
  }

  async #readFile(container: string, path: string): Promise<string> {
    const { engine, signal } = this.#options;
    try {
      const download = await engine.containers.getArchive(container, path, { signal });
      const entries = await readEntries(download.tar);
      const content = entries.find((entry) => entry.type === "file")?.content?.();
      return Buffer.isBuffer(content) ? content.toString("utf8") : "";
    } catch (error) {
      if (error instanceof EngineError && error.status === 404) return "";
      throw error;
    }
  }
}

/** The engine's merge: a zero (or unset) field takes the previous healthcheck's value. */
function orInherited(value: number | undefined, previous: number | undefined): number | undefined {
  return value === undefined || value === 0 ? previous : value;
}

function isEmptyExec(command: CommandForm): boolean {
  return command.type === "ExecForm" && command.elements.length === 0;
}

/** `<<-`: leading tabs are removed from every line. */
function chomp(content: string): string {
  return content.replace(/^\t+/gm, "");
}

const SIGNALS = new Set([
  "ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR",
  "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ",
]);

/** `signal.ParseSignal`: a number, a name with or without SIG, or RTMIN+n / RTMAX-n. */
function isSignal(text: string): boolean {
  if (/^\d+$/.test(text)) return Number(text) > 0 && Number(text) <= 64;
  const name = text.toUpperCase().replace(/^SIG/, "");
  return SIGNALS.has(name) || /^RTMIN(\+\d+)?$/.test(name) || /^RTMAX(-\d+)?$/.test(name);
}

/**
 * `nat.ParsePortSpecs` for one spec: `80`, `80/udp`, `8000-8002`, `ip:host:container[/proto]`; the
 * image keeps `port/proto` keys only. Returns an error message for a bad spec.
 */
function parsePortSpec(spec: string): string[] | string {
  const slash = spec.lastIndexOf("/");
  const protocol = slash === -1 ? "tcp" : spec.slice(slash + 1).toLowerCase();
  let rest = slash === -1 ? spec : spec.slice(0, slash);
  if (!["tcp", "udp", "sctp"].includes(protocol)) return `invalid proto: ${protocol}`;
  const colon = rest.lastIndexOf(":");
  if (colon !== -1) rest = rest.slice(colon + 1);
  const match = /^(\d+)(?:-(\d+))?$/.exec(rest);
  if (match === null) return `invalid containerPort: ${rest}`;
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  if (start > 65535 || end > 65535 || end < start) return `invalid containerPort: ${rest}`;
  const ports: string[] = [];
  for (let port = start; port <= end; port++) ports.push(`${String(port)}/${protocol}`);
  return ports;
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
