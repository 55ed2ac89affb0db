/**
 * `COPY --from=<stage>` sources read ahead of their step: as soon as the stage they come from has
 * its files, while the steps before the COPY (or the stages it copies from) still run. The classic
 * builder reads a `COPY --from` source when its step comes (moby `builder/dockerfile/copy.go`
 * `copier.getCopyInfoFromImage`); BuildKit's solver starts each copy's source as soon as the
 * vertex it depends on is done. Reading earlier changes neither the digests nor the image: an
 * image's files are fixed by its ID.
 */
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
