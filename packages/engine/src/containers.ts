import type { Readable } from "node:stream";
import { segment, type ApiClient, type SignalOption } from "./api-client.js";
import { discard } from "./discard.js";
import { EngineProtocolError } from "./errors.js";
import { ContainerOutput } from "./output.js";
import { decodePathStat, type PathStat } from "./path-stat.js";
import { tarStream, type TarSource } from "./tar-source.js";
import type {
  CommitResponse,
  ContainerChange,
  ContainerConfig,
  ContainerCreateBody,
  ContainerCreateResponse,
  ContainerInspect,
  ContainerSummary,
  ContainerWaitResponse,
  Filters,
} from "./types.js";

export interface CreateContainerOptions extends SignalOption {
  /** A name lets a crashed build's containers be found and removed later. */
  name?: string;
  /** `os[/arch[/variant]]` of the image to use (API 1.41). */
  platform?: string;
}

export interface WaitOptions extends SignalOption {
  /**
   * `not-running` (default) returns at once for a container that has exited, so it is safe after
   * start; `next-exit` must be registered before start; `removed` waits for removal.
   */
  condition?: "not-running" | "next-exit" | "removed";
}

export interface OutputOptions extends SignalOption {
  stdout?: boolean;
  stderr?: boolean;
  /**
   * Whether the container has a TTY (its output is then raw, not multiplexed). When not given, the
   * container is inspected to find out.
   */
  tty?: boolean;
}

export interface AttachOptions extends OutputOptions {
  /** Replay the output written before attaching (needs a logging driver that can be read). */
  logs?: boolean;
  /**
   * Bytes for the container's stdin, sent as soon as the connection is up, then the connection's
   * write side is closed (the container needs `OpenStdin`; with `StdinOnce` the engine then closes
   * its stdin, as `docker run -i` does at the end of its input). What goes this way is kept
   * nowhere: unlike Env, Cmd or Entrypoint, `POST /commit` does not copy it into the image.
   */
  stdin?: Uint8Array;
}

export interface LogsOptions extends OutputOptions {
  /** Keep the stream open and send new output until the container stops. */
  follow?: boolean;
  /** Unix seconds. */
  since?: number;
  until?: number;
  timestamps?: boolean;
  /** How many lines from the end, or `all`. */
  tail?: number | "all";
}

export interface RemoveContainerOptions extends SignalOption {
  /** Kill a running container first. */
  force?: boolean;
  /** Also remove its anonymous volumes (default true: otherwise they leak). */
  volumes?: boolean;
}

export interface ListContainersOptions extends SignalOption {
  /** Include stopped containers. */
  all?: boolean;
  filters?: Filters;
  limit?: number;
}

export interface PutArchiveOptions extends SignalOption {
  /** Fail instead of replacing a directory with a non-directory (or the reverse). */
  noOverwriteDirNonDir?: boolean;
  /** Give the files the container's `User` as owner instead of the tar's uid/gid. */
  copyUIDGID?: boolean;
}

export interface CommitOptions extends SignalOption {
  repo?: string;
  tag?: string;
  /** Becomes the image's `Comment` and its history entry's comment. */
  comment?: string;
  author?: string;
  /** Pause the container while committing (the engine's default: true). */
  pause?: boolean;
  /** Dockerfile instructions applied to the config: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER, … */
  changes?: string[];
  /**
   * The image config, sent as the body exactly as given; absent, the engine uses the container's.
   * Beware: the engine merges the container's config into it — Env keys and Labels missing here are
   * added from the container, empty User/WorkingDir are filled in, and an empty Cmd (with no
   * Entrypoint) becomes the container's Cmd. Name every key you mean to control.
   */
  config?: ContainerConfig;
}

/** A path's metadata and its content as a tar stream (entries under the path's base name). */
export interface ArchiveDownload {
  stat: PathStat;
  /** Read it to the end or destroy it: the connection is held until then. */
  tar: Readable;
}

export class Containers {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  create(body: ContainerCreateBody, options: CreateContainerOptions = {}): Promise<ContainerCreateResponse> {
    return this.#api.json("POST", "/containers/create", {
      query: { name: options.name, platform: options.platform },
      json: body,
      signal: options.signal,
    });
  }

  /** Starts a container; starting one that is already running is not an error (the engine answers 304). */
  async start(id: string, options: SignalOption = {}): Promise<void> {
    await this.#api.none("POST", `/containers/${segment(id)}/start`, { accept: [304], signal: options.signal });
  }

  wait(id: string, options: WaitOptions = {}): Promise<ContainerWaitResponse> {
    return this.#api.json("POST", `/containers/${segment(id)}/wait`, {
      query: { condition: options.condition ?? "not-running" },
      signal: options.signal,
    });
  }

  /**
   * Attaches to a container's output. Attach before starting it to miss nothing; the stream ends
   * when the container stops.
   */
  async attach(id: string, options: AttachOptions = {}): Promise<ContainerOutput> {
    const { signal } = options;
    const tty = options.tty ?? (await this.#hasTty(id, signal));
    const { socket, path } = await this.#api.upgrade("POST", `/containers/${segment(id)}/attach`, {
      query: { stream: true, stdin: options.stdin === undefined ? undefined : true, stdout: options.stdout ?? true, stderr: options.stderr ?? true, logs: options.logs },
      signal,
    });
    if (options.stdin !== undefined) {
      // A write that fails shows as the read's failure (the same connection): nothing to do here.
      socket.on("error", () => undefined);
      socket.end(options.stdin);
    }
    // The upgraded connection has left undici, so the signal is wired to it here.
    if (signal !== undefined) {
      const onAbort = (): void => {
        const reason: unknown = signal.reason;
        socket.destroy(reason instanceof Error ? reason : new Error(String(reason)));
      };
      if (signal.aborted) onAbort();
      else {
        signal.addEventListener("abort", onAbort, { once: true });
        socket.once("close", () => {
          signal.removeEventListener("abort", onAbort);
        });
      }
    }
    return new ContainerOutput({
      stream: socket,
      tty,
      method: "POST",
      path,
      translate: (error) => this.#api.transport.translate(error, { method: "POST", path, signal }),
    });
  }

  /** Reads a container's logs (needs a logging driver that can be read, not `none`). */
  async logs(id: string, options: LogsOptions = {}): Promise<ContainerOutput> {
    const { signal } = options;
    const tty = options.tty ?? (await this.#hasTty(id, signal));
    const request = await this.#api.prepare("GET", `/containers/${segment(id)}/logs`, {
      query: {
        follow: options.follow,
        stdout: options.stdout ?? true,
        stderr: options.stderr ?? true,
        since: options.since,
        until: options.until,
        timestamps: options.timestamps,
        tail: options.tail === undefined ? undefined : String(options.tail),
      },
      signal,
    });
    const response = await this.#api.transport.send(request);
    return new ContainerOutput({
      stream: response.body,
      tty,
      method: "GET",
      path: request.path,
      translate: (error) => this.#api.transport.translate(error, request),
    });
  }

  /** Sends a signal to the running container's main process (default SIGKILL). */
  async kill(id: string, options: SignalOption & { killSignal?: string } = {}): Promise<void> {
    await this.#api.none("POST", `/containers/${segment(id)}/kill`, {
      query: { signal: options.killSignal },
      signal: options.signal,
    });
  }

  async remove(id: string, options: RemoveContainerOptions = {}): Promise<void> {
    await this.#api.none("DELETE", `/containers/${segment(id)}`, {
      query: { v: options.volumes ?? true, force: options.force ?? false },
      signal: options.signal,
    });
  }

  inspect(id: string, options: SignalOption = {}): Promise<ContainerInspect> {
    return this.#api.json("GET", `/containers/${segment(id)}/json`, { signal: options.signal });
  }

  list(options: ListContainersOptions = {}): Promise<ContainerSummary[]> {
    return this.#api.json("GET", "/containers/json", {
      query: {
        all: options.all,
        limit: options.limit,
        filters: options.filters === undefined ? undefined : JSON.stringify(options.filters),
      },
      signal: options.signal,
    });
  }

  /** The files added, modified and deleted in the container's layer. */
  async changes(id: string, options: SignalOption = {}): Promise<ContainerChange[]> {
    const changes = await this.#api.json<ContainerChange[] | null>("GET", `/containers/${segment(id)}/changes`, {
      signal: options.signal,
    });
    return changes ?? [];
  }

  /** Describes a path in the container (`HEAD …/archive`); a missing path is an `EngineError` 404. */
  async statPath(id: string, path: string, options: SignalOption = {}): Promise<PathStat> {
    const request = await this.#api.prepare("HEAD", `/containers/${segment(id)}/archive`, {
      query: { path },
      signal: options.signal,
    });
    const response = await this.#api.transport.send(request);
    await response.body.dump();
    return statFromHeaders(response.headers, request.path);
  }

  /**
   * Extracts a tar stream into a directory of the container, streaming it: the tar is never held in
   * memory. `path` must exist and be a directory; missing parents of entries are created 0755 root.
   */
  async putArchive(
    id: string,
    path: string,
    tar: TarSource,
    options: PutArchiveOptions = {},
  ): Promise<void> {
    await this.#api.none("PUT", `/containers/${segment(id)}/archive`, {
      query: { path, noOverwriteDirNonDir: options.noOverwriteDirNonDir, copyUIDGID: options.copyUIDGID },
      tar: tarStream(tar),
      signal: options.signal,
    });
  }

  /** Downloads a path of the container as a tar stream. */
  async getArchive(id: string, path: string, options: SignalOption = {}): Promise<ArchiveDownload> {
    const request = await this.#api.prepare("GET", `/containers/${segment(id)}/archive`, {
      query: { path },
      signal: options.signal,
    });
    const response = await this.#api.transport.send(request);
    let stat: PathStat;
    try {
      stat = statFromHeaders(response.headers, request.path);
    } catch (error) {
      discard(response.body);
      throw error;
    }
    return { stat, tar: response.body };
  }

  /** Creates an image from a container (`POST /commit`); see `CommitOptions.config` for the merge trap. */
  commit(id: string, options: CommitOptions = {}): Promise<CommitResponse> {
    return this.#api.json("POST", "/commit", {
      query: {
        container: id,
        repo: options.repo,
        tag: options.tag,
        comment: options.comment,
        author: options.author,
        pause: options.pause,
        changes: options.changes,
      },
      json: options.config,
      signal: options.signal,
    });
  }

  async #hasTty(id: string, signal: AbortSignal | undefined): Promise<boolean> {
    const container = await this.inspect(id, { signal });
    return container.Config.Tty === true;
  }
}

function statFromHeaders(headers: Record<string, string | string[] | undefined>, path: string): PathStat {
  const header = headers["x-docker-container-path-stat"];
  if (typeof header !== "string") {
    throw new EngineProtocolError(`the engine's answer to ${path} has no X-Docker-Container-Path-Stat header`);
  }
  return decodePathStat(header);
}
