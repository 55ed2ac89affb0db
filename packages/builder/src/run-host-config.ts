/**
 * `docker build`'s options for the containers that run RUN: resource limits, `/etc/hosts` entries,
 * `/dev/shm`, ulimits, security options, cgroup parent, isolation. The classic builder puts them in
 * the HostConfig of every build container it creates (moby `builder/dockerfile/internals.go`,
 * hostConfigFromOptions); only RUN starts its container, so dfbuild gives them to RUN's. They are not
 * part of the cache key there either: a step cached with other limits is reused.
 */
import type { HostConfig } from "@dfbuild/engine";
import { BuildError } from "./errors.js";

export type RunHostConfig = Pick<
  HostConfig,
  | "ExtraHosts"
  | "ShmSize"
  | "Ulimits"
  | "Memory"
  | "MemorySwap"
  | "CpuShares"
  | "CpuPeriod"
  | "CpuQuota"
  | "CpusetCpus"
  | "CpusetMems"
  | "SecurityOpt"
  | "CgroupParent"
  | "Isolation"
>;

/**
 * Checks what the engine would refuse for the build as a whole, before the first step: an isolation
 * its platform does not have. The engine's build endpoint says `Unsupported isolation: "process"`
 * (moby `api/server/router/build/build_routes.go`); on Linux only `default` exists
 * (`api/types/container/hostconfig_unix.go` IsValid), on Windows also `process` and `hyperv`.
 */
export function checkRunHostConfig(config: RunHostConfig, engineOs: string): void {
  const isolation = config.Isolation ?? "";
  if (isolation === "" || isolation.toLowerCase() === "default") return;
  const windows = engineOs.toLowerCase() === "windows" && ["process", "hyperv"].includes(isolation.toLowerCase());
  if (!windows) throw new BuildError(`Unsupported isolation: "${isolation}" (a ${engineOs} engine has only "default")`);
}
