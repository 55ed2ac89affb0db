import type { ContainerConfig, HealthConfig } from "@dfbuild/engine";
import { goDuration, goQuoteList, goQuoteRune } from "./go-format.js";

/** The part of an image's config a Dockerfile controls, field names as the engine's. */
export interface ImageConfig {
  User: string;
  Env: string[];
  Cmd: string[] | null;
  Entrypoint: string[] | null;
  WorkingDir: string;
  ExposedPorts: Record<string, Record<string, never>> | null;
  Volumes: Record<string, Record<string, never>> | null;
  Labels: Record<string, string> | null;
  Healthcheck: HealthConfig | null;
  StopSignal: string;
  Shell: string[] | null;
  OnBuild: string[] | null;
  ArgsEscaped: boolean;
}

export const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
export const DEFAULT_SHELL = ["/bin/sh", "-c"];

/** The config a stage starts from: the base image's, with the default PATH when it has none. */
export function configFromImage(config: ContainerConfig | null | undefined): ImageConfig {
  const base = structuredClone(configOfImage(config));
  if (!base.Env.some((entry) => entry.startsWith("PATH="))) base.Env.push(`PATH=${DEFAULT_PATH}`);
  return base;
}

export function cloneConfig(config: ImageConfig): ImageConfig {
  return structuredClone(config);
}

/** Sets an environment variable in place (keeping its position) or appends it, as ENV does. */
export function setEnv(env: string[], key: string, value: string): void {
  const entry = `${key}=${value}`;
  const index = env.findIndex((item) => envKey(item) === key);
  if (index === -1) env.push(entry);
  else env[index] = entry;
}

export function envKey(entry: string): string {
  const equals = entry.indexOf("=");
  return equals === -1 ? entry : entry.slice(0, equals);
}

export function envMap(env: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of env) {
    const equals = entry.indexOf("=");
    if (equals === -1) map.set(entry, "");
    else map.set(entry.slice(0, equals), entry.slice(equals + 1));
  }
  return map;
}

export function shellOf(config: ImageConfig): string[] {
  return config.Shell && config.Shell.length > 0 ? [...config.Shell] : [...DEFAULT_SHELL];
}

/** The volumes an image ends up with: the base image's and those the Dockerfile declared. */
export function withVolumes(config: ImageConfig, declared: readonly string[]): ImageConfig {
  if (declared.length === 0) return config;
  const result = cloneConfig(config);
  result.Volumes = { ...(result.Volumes ?? {}) };
  for (const volume of declared) result.Volumes[volume] = {};
  return result;
}

/**
 * The body of `POST /commit`: every field named, so the engine's merge with the container's config
 * has nothing to add (moby `daemon/commit.go` `merge`). Cmd and Entrypoint are the exception the merge still
 * rewrites when both are empty; the build's `#finalize` repairs that on the stage's last image.
 */
export function commitBody(config: ImageConfig): ContainerConfig {
  return {
    User: config.User,
    Env: config.Env,
    Cmd: config.Cmd,
    Entrypoint: config.Entrypoint,
    WorkingDir: config.WorkingDir,
    ExposedPorts: config.ExposedPorts,
    Volumes: config.Volumes,
    Labels: config.Labels,
    Healthcheck: config.Healthcheck,
    StopSignal: config.StopSignal,
    Shell: config.Shell,
    OnBuild: config.OnBuild,
    ArgsEscaped: config.ArgsEscaped,
  };
}

/** The classic builder's history text for a HEALTHCHECK: Go's `%q` of a `*HealthConfig` (API 1.41). */
export function healthcheckComment(health: HealthConfig): string {
  return (
    `HEALTHCHECK &{${goQuoteList(health.Test)} "${goDuration(health.Interval ?? 0)}" "${goDuration(health.Timeout ?? 0)}" ` +
    `"${goDuration(health.StartPeriod ?? 0)}" ${goQuoteRune(health.Retries ?? 0)}}`
  );
}

/**
 * Whether an image's config is exactly the one wanted, null and empty told apart as `docker
 * inspect` tells them apart; only the order of map keys does not count.
 */
export function sameConfig(actual: ImageConfig, wanted: ImageConfig): boolean {
  return JSON.stringify(normalized(actual)) === JSON.stringify(normalized(wanted));
}

/**
 * Whether two configs mean the same to Docker: as `sameConfig`, except that an empty map or list
 * and null are one thing (no labels, no entrypoint). The engine's commit writes `Labels: {}` where
 * the classic builder keeps null; rewriting an image only for that would stream all its layers
 * through the client and cut its parent chain.
 */
export function equivalentConfig(actual: ImageConfig, wanted: ImageConfig): boolean {
  return sameConfig(withoutEmpty(actual), withoutEmpty(wanted));
}

function withoutEmpty(config: ImageConfig): ImageConfig {
  const map = <T extends Record<string, unknown> | null>(value: T): T | null => (value !== null && Object.keys(value).length === 0 ? null : value);
  const list = <T extends unknown[] | null>(value: T): T | null => (value !== null && value.length === 0 ? null : value);
  return {
    ...config,
    Cmd: list(config.Cmd),
    Entrypoint: list(config.Entrypoint),
    ExposedPorts: map(config.ExposedPorts),
    Volumes: map(config.Volumes),
    Labels: map(config.Labels),
    Shell: list(config.Shell),
    OnBuild: list(config.OnBuild),
  };
}

function normalized(config: ImageConfig): unknown {
  // Any fixed order of the (distinct) keys will do: the default sort's, by UTF-16 code units.
  const sorted = (record: Record<string, unknown> | null): unknown => (record === null ? null : Object.keys(record).sort().map((key) => [key, record[key]]));
  return { ...config, ExposedPorts: sorted(config.ExposedPorts), Volumes: sorted(config.Volumes), Labels: sorted(config.Labels) };
}

/** An image's config as the engine reports it, in the same shape, without the default PATH added. */
export function configOfImage(config: ContainerConfig | null | undefined): ImageConfig {
  return {
    User: config?.User ?? "",
    Env: config?.Env ?? [],
    Cmd: config?.Cmd ?? null,
    Entrypoint: config?.Entrypoint ?? null,
    WorkingDir: config?.WorkingDir ?? "",
    ExposedPorts: config?.ExposedPorts ?? null,
    Volumes: config?.Volumes ?? null,
    Labels: config?.Labels ?? null,
    Healthcheck: config?.Healthcheck ?? null,
    StopSignal: config?.StopSignal ?? "",
    Shell: config?.Shell ?? null,
    OnBuild: config?.OnBuild ?? null,
    ArgsEscaped: config?.ArgsEscaped ?? false,
  };
}
