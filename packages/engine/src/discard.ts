import type { Readable } from "node:stream";

/**
 * Closes a response body or connection that will not be read further. undici reports destroying an
 * unfinished body as an `error` event (RequestAbortedError); nobody is listening any more, and an
 * unheard `error` event would crash the process, so it is expected and dropped here.
 */
export function discard(stream: Readable): void {
  if (stream.destroyed) return;
  stream.on("error", ignoreClosingError);
  stream.destroy();
}

function ignoreClosingError(): void {
  // The stream is being thrown away on purpose; the error only says so.
}
