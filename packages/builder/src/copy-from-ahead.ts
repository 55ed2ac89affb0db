/**
 * `COPY --from=<stage>` sources read ahead of their step: as soon as the stage they come from has
 * its files, while the steps before the COPY (or the stages it copies from) still run. The classic
 * builder reads a `COPY --from` source when its step comes (moby `builder/dockerfile/copy.go`
 * `copier.getCopyInfoFromImage`); BuildKit's solver starts each copy's source as soon as the
 * vertex it depends on is done. Reading earlier changes neither the digests nor the image: an
 * image's files are fixed by its ID.
 */
import type { ContainerCreateBody } from "@dfbuild/engine";
import type { Instruction } from "@dfbuild/parser";
import type { CopySource } from "./copy.js";

/**
 * What a COPY reads from another stage or image, when it is known before the steps ahead of it
 * have run: the `--from` value (the classic builder does not expand it) and source paths that are
 * literal words (no variable, quote or escape character, so no expansion can change them), with no
 * heredoc. Undefined for any other instruction.
 */
export function literalImageSources(instruction: Instruction, escape: string): { from: string; paths: string[] } | undefined {
  if (instruction.type !== "Copy" || instruction.heredocs.length > 0) return undefined;
  const from = instruction.flags.findLast((flag) => flag.name === "from")?.value;
  if (from === undefined || from === null || from === "") return undefined;
  const paths = instruction.sources.map((source) => source.value);
  const literal = (path: string): boolean => !/["'$]/.test(path) && !path.includes(escape);
  return paths.length > 0 && paths.every(literal) ? { from, paths } : undefined;
}

/**
 * The reads of image sources a build made or is making, by image and paths: a read started ahead
 * of its step is the one the step gets, under way or done; the same paths of the same image later
 * in the build are not read again.
 */
export class ImageSourceReads {
  readonly #reads = new Map<string, Promise<CopySource[]>>();

  /** The read of `paths` in `image`: the one made before, else `read()`, started now. */
  read(image: string, paths: readonly string[], read: () => Promise<CopySource[]>): Promise<CopySource[]> {
    const key = [image, ...paths].join("\0");
    let reading = this.#reads.get(key);
    if (reading === undefined) {
      reading = read();
      // Its failure is the step's to report, when it takes the read.
      reading.catch(() => undefined);
      this.#reads.set(key, reading);
    }
    return reading;
  }
}

/**
 * Paths the engine puts into every container and that no commit of it has: its init layer
 * (moby `daemon/initlayer/setup_unix.go` `Setup`: `/dev/pts`, `/dev/shm`, `/proc`, `/sys`,
 * `/.dockerenv`, `/etc/resolv.conf`, `/etc/hosts`, `/etc/hostname`, `/dev/console`, `/etc/mtab`),
 * the files a started container has bind-mounted over some of them (`container.NetworkMounts`),
 * and what a started container has mounted under `/dev`, `/proc` and `/sys`.
 */
const ENGINE_PATHS = ["/.dockerenv", "/dev", "/etc/hostname", "/etc/hosts", "/etc/mtab", "/etc/resolv.conf", "/proc", "/sys"];

/**
 * Whether a path (clean, absolute) of a stage's last container reads as the same path of a
 * container made from the image its commit makes: neither one of `ENGINE_PATHS`, nor inside one,
 * nor a directory holding one (`/`, `/etc`, `/dev`, whose entries and times those touch). The
 * rest of a container without mounts is its image's layers and its own, which the commit keeps
 * (moby `daemon/commit.go`: the image's new layer is the container's read-write layer).
 */
export function readableBeforeCommit(path: string): boolean {
  if (path === "/") return false;
  return !ENGINE_PATHS.some((engine) => path === engine || path.startsWith(`${engine}/`) || engine.startsWith(`${path}/`));
}

/**
 * Whether the engine mounts anything into a container made from `body` (a VOLUME, a RUN --mount,
 * a bind, a tmpfs): a path under a mount reads the mount, which no commit keeps.
 */
export function mountsInto(body: ContainerCreateBody): boolean {
  const host = body.HostConfig;
  return (host?.Mounts ?? []).length > 0 || (host?.Binds ?? []).length > 0 || Object.keys(host?.Tmpfs ?? {}).length > 0 || Object.keys(body.Volumes ?? {}).length > 0;
}

/**
 * A stage's last container while the engine commits it: stopped, its command done, its files what
 * the image will have (where `readableBeforeCommit`). A `COPY --from` of the stage reads them here
 * instead of waiting for the commit and then making a container of the image to read them — as
 * BuildKit's solver hands a `COPY --from` the result of the stage's last vertex, with no commit
 * in between. Reads start only before the commit ends; the container is kept until they end.
 */
export class ContainerBeforeCommit {
  readonly container: string;
  /** The image the commit makes (rejects when the commit fails). */
  readonly image: Promise<string>;
  #resolveImage: (image: string) => void = () => undefined;
  #rejectImage: (error: unknown) => void = () => undefined;
  #open = true;
  readonly #reads = new Set<Promise<unknown>>();

  constructor(container: string) {
    this.container = container;
    this.image = new Promise<string>((resolve, reject) => {
      this.#resolveImage = resolve;
      this.#rejectImage = reject;
    });
    // A read that still waits for it sees the failure; the stage reports it.
    this.image.catch(() => undefined);
  }

  /** Starts `read` of the container unless the commit has ended (then undefined: read the image). */
  read<R>(read: (container: string) => Promise<R>): Promise<R> | undefined {
    if (!this.#open) return undefined;
    const reading = read(this.container);
    this.keep(reading);
    return reading;
  }

  /** Keeps the container (and the stage's step) until `work` has ended, whatever its outcome. */
  keep(work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.#reads.add(settled);
    void settled.then(() => this.#reads.delete(settled));
  }

  /**
   * The commit ended, with the image or an error: no read starts any more; resolves once those
   * under way have ended, after which the container may go.
   */
  async committed(outcome: { image: string } | { error: unknown }): Promise<void> {
    this.#open = false;
    if ("image" in outcome) this.#resolveImage(outcome.image);
    else this.#rejectImage(outcome.error);
    while (this.#reads.size > 0) await Promise.all([...this.#reads]);
  }
}
