import { ByteQueue } from "./byte-queue.js";
import { EngineProtocolError } from "./errors.js";

/** Which stream of the container a piece of output came from. */
export type OutputStreamName = "stdin" | "stdout" | "stderr";

export interface OutputChunk {
  stream: OutputStreamName;
  data: Buffer;
}

/** A frame of a multiplexed stream; `system` frames carry an error the engine hit while streaming. */
export interface Frame {
  stream: OutputStreamName | "system";
  data: Buffer;
}

const HEADER_LENGTH = 8;
const STREAM_NAMES = ["stdin", "stdout", "stderr", "system"] as const;

/**
 * Decodes the engine's multiplexed attach/logs stream (used when the container has no TTY): each
 * frame is an 8-byte header — stream id (0 stdin, 1 stdout, 2 stderr, 3 system error), three zero
 * bytes, the payload length as a big-endian uint32 — then the payload. Chunks may split headers and
 * payloads anywhere.
 */
export class FrameDecoder {
  readonly #queue = new ByteQueue();
  #header: { stream: Frame["stream"]; length: number } | undefined;

  /** Feeds received bytes; returns the frames they complete. */
  push(chunk: Uint8Array): Frame[] {
    this.#queue.push(chunk);
    const frames: Frame[] = [];
    for (;;) {
      if (this.#header === undefined) {
        if (this.#queue.length < HEADER_LENGTH) break;
        this.#header = parseHeader(this.#queue.take(HEADER_LENGTH));
      }
      if (this.#queue.length < this.#header.length) break;
      frames.push({ stream: this.#header.stream, data: this.#queue.take(this.#header.length) });
      this.#header = undefined;
    }
    return frames;
  }

  /** Checks that the stream did not stop inside a frame. */
  end(): void {
    if (this.#header !== undefined) {
      throw new EngineProtocolError(
        `the engine's output stream ended inside a ${this.#header.stream} frame: ${this.#queue.length} of ${this.#header.length} bytes arrived`,
      );
    }
    if (this.#queue.length > 0) {
      throw new EngineProtocolError(
        `the engine's output stream ended inside a frame header: ${this.#queue.length} of ${HEADER_LENGTH} bytes arrived`,
      );
    }
  }
}

function parseHeader(header: Buffer): { stream: Frame["stream"]; length: number } {
  const stream = STREAM_NAMES[header.readUInt8(0)];
  if (stream === undefined || header.readUInt8(1) !== 0 || header.readUInt8(2) !== 0 || header.readUInt8(3) !== 0) {
    throw new EngineProtocolError(
      `the engine's output is not a multiplexed stream (frame header ${header.toString("hex")}); ` +
        "a container created with a TTY sends raw output: read it with tty: true",
    );
  }
  return { stream, length: header.readUInt32BE(4) };
}

/** Encodes one frame; the inverse of `FrameDecoder`, for tests and fakes. */
export function encodeFrame(stream: Frame["stream"], data: Uint8Array): Buffer {
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt8(STREAM_NAMES.indexOf(stream), 0);
  header.writeUInt32BE(data.length, 4);
  return Buffer.concat([header, data]);
}
