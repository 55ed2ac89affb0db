import type { Readable } from "node:stream";
import { discard } from "./discard.js";
import { EngineStreamError } from "./errors.js";
import { FrameDecoder, type OutputChunk } from "./frames.js";

export interface OutputSource {
  /** The response body (logs) or the upgraded connection (attach). */
  stream: Readable;
  /** Whether the container has a TTY: then the engine sends raw bytes, all of it as stdout. */
  tty: boolean;
  method: string;
  path: string;
  /** Maps a failure while reading to the error a caller should see (abort reason, connection lost). */
  translate: (error: unknown) => unknown;
}

/**
 * A container's output (attach or logs) as chunks of stdout and stderr, in the order they arrived.
 * Iterate it once; breaking out of the loop, `close()`, or the call's AbortSignal closes the
 * connection. The engine keeps each stream's order, not the order between stdout and stderr.
 */
export class ContainerOutput implements AsyncIterable<OutputChunk> {
  readonly tty: boolean;
  readonly #source: OutputSource;
  #iterated = false;

  constructor(source: OutputSource) {
    this.tty = source.tty;
    this.#source = source;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<OutputChunk, void, undefined> {
    if (this.#iterated) throw new TypeError("a ContainerOutput can be read only once");
    this.#iterated = true;
    const { stream, method, path } = this.#source;
    const decoder = this.tty ? undefined : new FrameDecoder();
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (decoder === undefined) {
          yield { stream: "stdout", data: chunk };
          continue;
        }
        for (const frame of decoder.push(chunk)) {
          if (frame.stream === "system") {
            throw new EngineStreamError({ engineMessage: frame.data.toString("utf8").trim(), method, path });
          }
          yield { stream: frame.stream, data: frame.data };
        }
      }
      decoder?.end();
    } catch (error) {
      throw this.#source.translate(error);
    } finally {
      discard(stream);
    }
  }

  /** Stops reading and closes the connection. */
  close(): void {
    discard(this.#source.stream);
  }
}

/** Reads all of an output into text, stdout and stderr apart. */
export async function collectOutput(output: AsyncIterable<OutputChunk>): Promise<{ stdout: string; stderr: string }> {
  const parts: Record<OutputChunk["stream"], Buffer[]> = { stdin: [], stdout: [], stderr: [] };
  for await (const chunk of output) parts[chunk.stream].push(chunk.data);
  return { stdout: Buffer.concat(parts.stdout).toString("utf8"), stderr: Buffer.concat(parts.stderr).toString("utf8") };
}
