import type { Dispatcher } from "undici";
import type { ApiClient, CallOptions } from "./api-client.js";
import { discard } from "./discard.js";
import { EngineProtocolError, EngineStreamError } from "./errors.js";
import { JsonLinesDecoder } from "./json-lines.js";
import type { ProgressEvent } from "./types.js";

/**
 * Sends a request whose answer is a newline-delimited JSON progress stream and yields its events.
 * The request goes out when iteration starts; an `error`/`errorDetail` line (the engine reports
 * failures in-band, after a 200) throws an `EngineStreamError`; leaving the loop early closes the
 * connection, which makes the engine cancel the operation.
 */
export async function* progressEvents(
  api: ApiClient,
  method: Dispatcher.HttpMethod,
  path: string,
  options: CallOptions,
): AsyncGenerator<ProgressEvent, void, undefined> {
  const request = await api.prepare(method, path, options);
  const response = await api.transport.send(request);
  const decoder = new JsonLinesDecoder();
  try {
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      for (const value of decoder.push(chunk)) yield toEvent(value, method, request.path);
    }
    for (const value of decoder.end()) yield toEvent(value, method, request.path);
  } catch (error) {
    throw api.transport.translate(error, request);
  } finally {
    discard(response.body);
  }
}

function toEvent(value: unknown, method: string, path: string): ProgressEvent {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new EngineProtocolError(`the engine sent a progress line that is not an object: ${JSON.stringify(value)}`);
  }
  const event = value as ProgressEvent & { error?: unknown; errorDetail?: { message?: unknown } };
  if (event.errorDetail !== undefined || event.error !== undefined) {
    const detail = event.errorDetail?.message;
    const engineMessage =
      typeof detail === "string" ? detail : typeof event.error === "string" ? event.error : JSON.stringify(value);
    throw new EngineStreamError({ engineMessage, method, path });
  }
  return event;
}
