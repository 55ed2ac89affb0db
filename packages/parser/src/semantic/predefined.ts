/**
 * Variables the builders define without an ARG or ENV line.
 */
import type { Platform } from "./types.js";

/**
 * The proxy ARGs: usable without an ARG line when given with `--build-arg`, kept out of the
 * history and cache key unless declared (moby `daemon/builder/dockerfile/buildargs.go`
 * `builtinAllowedBuildArgs`; BuildKit `dockerfile2llb/convert.go` `proxyEnvFromBuildArgs`).
 */
export const PROXY_ARGS: ReadonlySet<string> = new Set([
  "HTTP_PROXY",
  "http_proxy",
  "HTTPS_PROXY",
  "https_proxy",
  "FTP_PROXY",
  "ftp_proxy",
  "NO_PROXY",
  "no_proxy",
  "ALL_PROXY",
  "all_proxy",
]);

/**
 * BuildKit's automatic platform ARGs, in the global scope only (a stage sees one after a bare
 * `ARG NAME`), in the order `dockerfile2llb/platform.go` `defaultArgs` defines them.
 */
export const PLATFORM_ARGS = [
  "BUILDPLATFORM",
  "BUILDOS",
  "BUILDOSVERSION",
  "BUILDARCH",
  "BUILDVARIANT",
  "TARGETPLATFORM",
  "TARGETOS",
  "TARGETOSVERSION",
  "TARGETARCH",
  "TARGETVARIANT",
] as const;

/** BuildKit's global `TARGETSTAGE`: the `--target` stage, else the last stage's name, else `default`. */
export const TARGET_STAGE_ARG = "TARGETSTAGE";

/**
 * The `PATH` both builders put in a stage whose image has none — `FROM scratch` — (moby
 * `dispatchState.setDefaultPath`, BuildKit `dispatchStages`; the value is `system.DefaultPathEnv`
 * for Linux).
 */
export const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** Values of the platform ARGs for given platforms (containerd `platforms.Format`/`FormatAll`). */
export function platformArgValues(target: Platform, build: Platform): Map<string, string> {
  const format = (platform: Platform): string => [platform.os, platform.architecture, platform.variant ?? ""].filter((part) => part !== "").join("/");
  return new Map<string, string>([
    ["BUILDPLATFORM", format(build)],
    ["BUILDOS", build.os],
    ["BUILDOSVERSION", ""],
    ["BUILDARCH", build.architecture],
    ["BUILDVARIANT", build.variant ?? ""],
    ["TARGETPLATFORM", format(target)],
    ["TARGETOS", target.os],
    ["TARGETOSVERSION", ""],
    ["TARGETARCH", target.architecture],
    ["TARGETVARIANT", target.variant ?? ""],
  ]);
}
