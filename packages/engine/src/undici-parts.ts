/**
 * The parts of undici this package uses, each from its own module. undici's index (`index.js`)
 * loads all of undici — fetch, WebSocket, EventSource, the cache stores, the mocks — and, through
 * its cookie helpers' `globalThis.Headers`, Node's own copy of undici too: about half of the CLI
 * bundle's start-up for a build that only talks to the engine. The request API is added to the
 * dispatchers as undici's index adds it (`Object.assign(Dispatcher.prototype, api)`); loading the
 * index as well (a test does) adds the same functions again. undici is pinned to an exact version
 * (package.json), whose file layout these paths follow.
 */
import type * as Undici from "undici";
import api from "undici/lib/api/index.js";
import buildConnectorModule from "undici/lib/core/connect.js";
import AgentModule from "undici/lib/dispatcher/agent.js";
import DispatcherModule from "undici/lib/dispatcher/dispatcher.js";
import PoolModule from "undici/lib/dispatcher/pool.js";

Object.assign(DispatcherModule.prototype, api);

export const Pool: typeof Undici.Pool = PoolModule;
export const Agent: typeof Undici.Agent = AgentModule;
export const buildConnector: typeof Undici.buildConnector = buildConnectorModule;

/**
 * undici's `request(url, options)` on a given dispatcher (undici `index.js` `makeDispatcher`): the
 * URL gives the origin, and the path with its query.
 */
export function request(url: string | URL, { dispatcher, ...options }: Omit<Undici.Dispatcher.RequestOptions, "origin" | "path"> & { dispatcher: Undici.Dispatcher }): Promise<Undici.Dispatcher.ResponseData> {
  const parsed = typeof url === "string" ? new URL(url) : url;
  return dispatcher.request({ ...options, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` });
}
