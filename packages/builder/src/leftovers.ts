/**
 * Removing what builds that no longer run left on the engine: their containers (a RUN still going
 * after `kill -9` of dfbuild, a step's container after the engine restarted) and the volumes they
 * created (a VOLUME's mount in a RUN, a bind mount's copy). A build's objects are judged by the
 * owner written in their names or `BUILD_LABEL` (see build-owner.ts): only those whose process is
 * known to be gone are touched, so builds running at the same time — in this process, another one,
 * or on another machine — keep theirs.
 *
 * Images are not listed: every image a build makes is a step of the build cache (committed from a
 * step's container, or loaded by image.ts with the config the step gives it), which the next build
 * uses and `dfbuild prune` removes, and none carries `BUILD_LABEL` (a container's labels would be
 * committed into its image, containers.ts). Listing images with a label filter costs the engine a
 * walk of every image it has (`GET /images/json`, 0.3–0.5 s on an engine with a few hundred),
 * for nothing to find.
 */
import { EngineError } from "@dfbuild/engine";
import type { BuildEngine } from "./build-engine.js";
import { type BuildOwner, ownerState, parseOwnerToken } from "./build-owner.js";
import { BUILD_LABEL, CONTAINER_NAME } from "./containers.js";

export interface LeftoversRemoved {
  containers: number;
  volumes: number;
}

/** The owner in a build ID (`<owner token>-<random>`). */
function ownerOfBuild(buildId: string): BuildOwner | undefined {
  return parseOwnerToken(buildId.replace(/-[0-9a-f]{6}$/, ""));
}

function isGone(owner: BuildOwner | undefined): boolean {
  return owner !== undefined && ownerState(owner) === "gone";
}

/**
 * Removes what dead builds left; resolves to how much. An object another build removes at the same
 * moment (404) or one still in use (409) is skipped, not counted, never an error.
 */
export async function removeLeftovers(engine: BuildEngine, signal?: AbortSignal): Promise<LeftoversRemoved> {
  const removed: LeftoversRemoved = { containers: 0, volumes: 0 };
  const skipGone = (error: unknown): false => {
    if (error instanceof EngineError && (error.status === 404 || error.status === 409)) return false;
    throw error;
  };
  // Both lists at once: two short requests instead of two in a row.
  const [containers, volumes] = await Promise.all([
    engine.containers.list({ all: true, filters: { name: ["dfbuild-"] }, signal }),
    engine.volumes.list({ filters: { label: [BUILD_LABEL] }, signal }),
  ]);
  for (const container of containers) {
    const match = container.Names.map((name) => CONTAINER_NAME.exec(name)).find((found) => found !== null);
    const token = match?.[2];
    if (token === undefined || !isGone(parseOwnerToken(token))) continue;
    // With its anonymous volumes (a RUN after VOLUME mounts one).
    const done = await engine.containers.remove(container.Id, { force: true, volumes: true, signal }).then(() => true, skipGone);
    if (done) removed.containers++;
  }
  // After the containers: a volume a dead build's container still uses cannot go before it (409).
  for (const volume of volumes) {
    if (!isGone(ownerOfBuild(volume.Labels?.[BUILD_LABEL] ?? ""))) continue;
    const done = await engine.volumes.remove(volume.Name, { signal }).then(() => true, skipGone);
    if (done) removed.volumes++;
  }
  return removed;
}

/**
 * Whether a container name is a build container's, and if so whether its build still runs:
 * `running`, `ended` (its process is gone: what it left is a leftover), `unknown` (a process of
 * another machine or PID namespace); undefined for a name no dfbuild build gives.
 */
export function containerBuildState(name: string): { pid: number; state: "running" | "ended" | "unknown" } | undefined {
  const token = CONTAINER_NAME.exec(name)?.[2];
  const owner = token === undefined ? undefined : parseOwnerToken(token);
  if (owner === undefined) return undefined;
  const state = ownerState(owner);
  return { pid: owner.pid, state: state === "alive" ? "running" : state === "gone" ? "ended" : "unknown" };
}

/** `2 containers and 1 volume`: what was removed, in words. */
export function describeRemoved(removed: LeftoversRemoved): string {
  const parts: string[] = [];
  const count = (n: number, noun: string): void => {
    if (n > 0) parts.push(`${String(n)} ${noun}${n === 1 ? "" : "s"}`);
  };
  count(removed.containers, "container");
  count(removed.volumes, "volume");
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1) ?? ""}`;
}
