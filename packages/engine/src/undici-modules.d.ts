// Types of the undici modules undici-parts.ts imports one by one (undici's own types describe its index only).
declare module "undici/lib/api/index.js" {
  const api: Record<string, unknown>;
  export default api;
}
declare module "undici/lib/core/connect.js" {
  import type { buildConnector as BuildConnector } from "undici";
  const buildConnector: typeof BuildConnector;
  export default buildConnector;
}
declare module "undici/lib/dispatcher/agent.js" {
  import type { Agent as AgentClass } from "undici";
  const Agent: typeof AgentClass;
  export default Agent;
}
declare module "undici/lib/dispatcher/dispatcher.js" {
  import type { Dispatcher as DispatcherClass } from "undici";
  const Dispatcher: typeof DispatcherClass;
  export default Dispatcher;
}
declare module "undici/lib/dispatcher/pool.js" {
  import type { Pool as PoolClass } from "undici";
  const Pool: typeof PoolClass;
  export default Pool;
}
