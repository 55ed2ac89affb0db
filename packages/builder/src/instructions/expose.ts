/** EXPOSE: ports the image documents (moby `dispatchExpose`, `nat.ParsePortSpecs`). */
import { type ExposeInstruction, expand } from "@dfbuild/parser";
import { expansionEnv } from "../stage-state.js";
import { metadataStep } from "../step.js";
import type { Handler } from "./request.js";

export const dispatchExpose: Handler<ExposeInstruction> = ({ state, instruction, services, fail }) => {
  const ports: string[] = [];
  for (const port of instruction.ports) {
    // EXPOSE expands to several words (`EXPOSE $PORTS`), as `ExpandWords`.
    const result = expand(port.value, expansionEnv(state), { escape: services.escape });
    if (!result.ok) fail(result.message);
    else ports.push(...result.words);
  }
  state.config.ExposedPorts = { ...(state.config.ExposedPorts ?? {}) };
  for (const port of ports) {
    const parsed = parsePortSpec(port);
    if (typeof parsed === "string") fail(parsed);
    else for (const key of parsed) state.config.ExposedPorts[key] = {};
  }
  // Docker 20.10 writes the ports sorted into the history.
  return metadataStep(services, state, `EXPOSE ${[...ports].sort().join(" ")}`);
};

/**
 * `nat.ParsePortSpecs` for one spec: `80`, `80/udp`, `8000-8002`, `ip:host:container[/proto]`; the
 * image keeps `port/proto` keys only. Returns an error message for a bad spec.
 */
export function parsePortSpec(spec: string): string[] | string {
  const slash = spec.lastIndexOf("/");
  const protocol = slash === -1 ? "tcp" : spec.slice(slash + 1).toLowerCase();
  let rest = slash === -1 ? spec : spec.slice(0, slash);
  if (!["tcp", "udp", "sctp"].includes(protocol)) return `invalid proto: ${protocol}`;
  const colon = rest.lastIndexOf(":");
  if (colon !== -1) rest = rest.slice(colon + 1);
  const match = /^(\d+)(?:-(\d+))?$/.exec(rest);
  if (match === null) return `invalid containerPort: ${rest}`;
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  if (start > 65535 || end > 65535 || end < start) return `invalid containerPort: ${rest}`;
  const ports: string[] = [];
  for (let port = start; port <= end; port++) ports.push(`${String(port)}/${protocol}`);
  return ports;
}
