import { ByteQueue } from "./byte-queue.js";
import { EngineProtocolError } from "./errors.js";

const NEWLINE = 0x0a;
const QUOTED_LINE_LIMIT = 200;

/**
 * Splits newline-delimited JSON (the engine's progress streams, lines ending in `\r\n`) into values.
 * Chunks may split a line, or a multi-byte character, anywhere: lines are cut on the newline byte,
 * which never occurs inside a UTF-8 sequence, and decoded whole.
 */
export class JsonLinesDecoder {
  readonly #partial = new ByteQueue();

  /** Feeds received bytes; returns the values of the lines they complete. */
  push(chunk: Uint8Array): unknown[] {
    const values: unknown[] = [];
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      this.#partial.push(chunk.subarray(start, end));
      pushParsed(values, this.#partial.take(this.#partial.length));
      start = end + 1;
    }
    this.#partial.push(chunk.subarray(start));
    return values;
  }

  /** Returns the value of a last line that had no newline. */
  end(): unknown[] {
    const values: unknown[] = [];
    pushParsed(values, this.#partial.take(this.#partial.length));
    return values;
  }
}

function pushParsed(values: unknown[], line: Buffer): void {
  const text = line.toString("utf8").trim();
  if (text === "") return;
  try {
    values.push(JSON.parse(text));
  } catch (error) {
    const quoted = text.length > QUOTED_LINE_LIMIT ? `${text.slice(0, QUOTED_LINE_LIMIT)}…` : text;
    throw new EngineProtocolError(`the engine sent a progress line that is not JSON: ${quoted}`, { cause: error });
  }
}
