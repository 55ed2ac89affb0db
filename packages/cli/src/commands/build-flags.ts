/**
 * `dfbuild build`'s command line: every flag `docker build` documents — the classic builder's
 * (docker/cli `cli/command/image/build.go`) and buildx's (`docs/reference/buildx_build.md`) — plus
 * the docker CLI's engine flags, parsed as pflag parses them (see flag-parser.ts). A documented flag
 * is either accepted with docker's meaning or refused with a one-line reason; none is "unknown".
 */
import type { PullPolicy, RunHostConfig } from "@dfbuild/builder";
import { applyResource, parseExtraHost, parseInt64, parseMemorySwap, parseRamBytes, parseSecurityOpt, parseUlimit, type ResourceLimits, type Ulimit } from "../docker-opts.js";
import { type FlagSpec, type ParsedArguments, goQuote, parseGoBool } from "../flag-parser.js";

export interface BuildFlagSpec extends FlagSpec {
  /** The value's placeholder in the usage text; none for a boolean. */
  value?: string;
  /** The usage line; a flag without one is accepted silently or refused, and listed apart. */
  help?: string;
}

/**
 * The table. Order is the usage text's order. Flags that only make sense for BuildKit's exporters or
 * buildx's builder instances are refused with the reason; flags the classic builder accepts for
 * compatibility only (`--rm`, `--compress`…) are accepted the same way.
 */
export const BUILD_FLAGS = {
  tag: { kind: "array", short: "t", value: "NAME[:TAG]", help: "name the image (repeatable)" },
  file: { kind: "string", short: "f", value: "FILE|-", help: "the Dockerfile (default CONTEXT/Dockerfile; - reads it from stdin)" },
  "build-arg": { kind: "array", value: "K[=V]", help: "set a build argument; K alone takes $K from the environment (repeatable)" },
  target: { kind: "string", value: "STAGE", help: "build up to this stage, and only the stages it needs" },
  label: { kind: "array", value: "K=V", help: "add a label to the image (repeatable)" },
  "no-cache": { kind: "bool", help: "do not use the build cache" },
  "no-cache-filter": { kind: "array", value: "STAGE", help: "do not use the build cache for this stage's steps (repeatable)" },
  "fold-metadata": {
    kind: "bool",
    help: "steps that change no file (ENV, LABEL, USER, CMD…) make no image: fewer images, the same final config, files and per-instruction history",
  },
  "max-parallel-stages": { kind: "string", value: "N", help: "build up to N stages that need nothing of each other at once (default 4; 1 builds them one after another)" },
  pull: { kind: "bool", words: ["always", "missing", "never"], value: "[=POLICY]", help: "pull base images even when present; --pull=never never pulls (default: when missing)" },
  platform: { kind: "string", value: "OS/ARCH[/VARIANT]", help: "the platform to build for (default $DOCKER_DEFAULT_PLATFORM, else the engine's)" },
  network: { kind: "string", value: "MODE", help: "network of RUN containers: default, none, host or a network name" },
  secret: {
    kind: "array",
    value: "id=ID[,src=FILE|,env=VAR]",
    help: "a secret for RUN --mount=type=secret (repeatable); with neither src nor env, the variable ID if set, else the file ID; never stored in the image",
  },
  ssh: {
    kind: "array",
    value: "default|ID[=SOCKET]",
    help: "an SSH agent for RUN --mount=type=ssh (repeatable; default is $SSH_AUTH_SOCK); the engine must run on this machine",
  },
  "add-host": { kind: "slice", value: "HOST:IP", help: "add an /etc/hosts entry in RUN containers (repeatable)" },
  "shm-size": { kind: "string", value: "BYTES", help: "size of /dev/shm in RUN containers (e.g. 256m)" },
  ulimit: { kind: "array", value: "NAME=SOFT[:HARD]", help: "a ulimit of RUN containers (repeatable)" },
  memory: { kind: "string", short: "m", value: "BYTES", help: "memory limit of RUN containers" },
  "memory-swap": { kind: "string", value: "BYTES", help: "memory plus swap limit of RUN containers; -1 for unlimited swap" },
  "cpu-shares": { kind: "string", short: "c", value: "N", help: "CPU shares (relative weight) of RUN containers" },
  "cpu-period": { kind: "string", value: "N", help: "CFS period of RUN containers, in microseconds" },
  "cpu-quota": { kind: "string", value: "N", help: "CFS quota of RUN containers, in microseconds" },
  "cpuset-cpus": { kind: "string", value: "CPUS", help: "CPUs RUN containers may use (0-3, 0,1)" },
  "cpuset-mems": { kind: "string", value: "MEMS", help: "memory nodes RUN containers may use" },
  resource: { kind: "array", value: "KEY=VALUE", help: "buildx's form of the limits above: memory=2g, cpu-quota=50000… (repeatable)" },
  "cgroup-parent": { kind: "string", value: "PATH", help: "parent cgroup of RUN containers" },
  "security-opt": { kind: "slice", value: "OPT", help: "a security option of RUN containers: seccomp=…, apparmor=…, no-new-privileges (repeatable)" },
  isolation: { kind: "string", value: "TECH", help: "container isolation; a Linux engine has only default" },
  iidfile: { kind: "string", value: "FILE", help: "write the image ID to FILE" },
  "metadata-file": { kind: "string", value: "FILE", help: "write the result's metadata (image ID, names) to FILE as JSON" },
  quiet: { kind: "bool", short: "q", help: "print only the image ID" },
  progress: { kind: "string", value: "MODE", help: "auto (default), plain, tty, json, quiet or none" },
  host: { kind: "array", short: "H", value: "HOST", help: "the engine: unix:///path, tcp://host:port or host:port" },
  context: { kind: "string", value: "NAME", help: "the docker context whose engine to build on" },
  tls: { kind: "bool", help: "use TLS; implied by --tlsverify" },
  tlsverify: { kind: "bool", help: "use TLS and verify the engine's certificate" },
  tlscacert: { kind: "string", value: "FILE", help: "trust only engine certificates signed by this CA" },
  tlscert: { kind: "string", value: "FILE", help: "the client certificate" },
  tlskey: { kind: "string", value: "FILE", help: "the client certificate's key" },
  config: { kind: "string", value: "DIR", help: "the docker config directory (default $DOCKER_CONFIG, else ~/.docker)" },
  push: { kind: "bool", help: "push every -t tag once the build succeeded (credentials from the docker config)" },
  output: {
    kind: "array",
    short: "o",
    value: "OUT",
    help: "write the final filesystem: DIR or type=local,dest=DIR; type=tar,dest=FILE (- or -o - for stdout); type=registry pushes",
  },
  "cache-to": {
    kind: "array",
    value: "REF",
    help: "push every step and a cache index to REF, a tag of its own (or type=registry,ref=REF[,mode=min|max][,ignore-error=true])",
  },
  "cache-from": {
    kind: "array",
    value: "REF",
    help: "take steps from a --cache-to REF when they miss locally (repeatable; a missing or unrelated REF is a warning)",
  },

  // Accepted for compatibility, as the classic builder and buildx accept them.
  rm: { kind: "bool" },
  "force-rm": { kind: "bool" },
  compress: { kind: "bool" },
  load: { kind: "bool" },
  "disable-content-trust": { kind: "bool" },
  allow: { kind: "array" },

  // Refused, each with its reason.
  squash: {
    kind: "bool",
    rejected: "squashing needs an experimental daemon's classic builder; dfbuild keeps one layer per step",
    acceptedWhen: (value) => value === "false",
  },
  annotation: { kind: "array", rejected: "annotations live on OCI manifests and indexes, which the engine's image store does not keep" },
  attest: { kind: "array", rejected: "attestations (SBOM, provenance) are made by BuildKit's image exporter, which dfbuild does not use" },
  provenance: {
    kind: "string",
    rejected: "provenance attestations are made by BuildKit's image exporter, which dfbuild does not use (--provenance=false is accepted)",
    acceptedWhen: (value) => parseGoBool(value) === false,
  },
  sbom: {
    kind: "string",
    rejected: "SBOM attestations are made by BuildKit's image exporter, which dfbuild does not use (--sbom=false is accepted)",
    acceptedWhen: (value) => parseGoBool(value) === false,
  },
  "build-context": { kind: "array", rejected: "named build contexts are a BuildKit feature; use COPY --from=IMAGE or put the files in the context" },
  builder: { kind: "string", rejected: "it selects a buildx builder instance; dfbuild builds on the engine that -H, --context or DOCKER_HOST names" },
  call: {
    kind: "string",
    rejected: "only --call=build is supported; for BuildKit's checks run `dfbuild lint`",
    acceptedWhen: (value) => value === "build",
  },
  check: { kind: "bool", rejected: "it runs BuildKit's checks instead of building: run `dfbuild lint`", acceptedWhen: (value) => value === "false" },
  policy: { kind: "array", rejected: "build policies are a buildx feature dfbuild does not have" },
  debug: { kind: "bool", short: "D", rejected: "there is no debug log; --progress=plain shows every step's output", acceptedWhen: (value) => value === "false" },

} as const satisfies Record<string, BuildFlagSpec>;

export type BuildFlagName = keyof typeof BUILD_FLAGS;

const PROGRESS_MODES = ["auto", "plain", "tty", "json", "quiet", "none"] as const;
export type ProgressFlag = (typeof PROGRESS_MODES)[number];

/** Entitlements buildx's `--allow` knows (`util/buildflags/entitlements.go`); `device` may name one. */
const ENTITLEMENTS = /^(network\.host|security\.insecure|buildx\.local\.delete|device(=.*)?)$/;

/** What the build command line asks for, validated; paths are as given (relative to the CWD). */
export interface BuildCommandLine {
  contextArgument: string;
  file: string | undefined;
  tags: string[];
  buildArgs: Map<string, string | null>;
  labels: Map<string, string>;
  target: string | undefined;
  noCache: boolean;
  noCacheStages: string[];
  /** `--fold-metadata` (dfbuild's own). */
  foldMetadata: boolean;
  /** `--max-parallel-stages`; undefined: the builder's default. */
  maxParallelStages: number | undefined;
  pull: PullPolicy;
  platform: string | undefined;
  network: string;
  /** `--secret` and `--ssh` values as given (build.ts parses them with the builder's parsers). */
  secrets: string[];
  ssh: string[];
  runHostConfig: RunHostConfig;
  iidfile: string | undefined;
  metadataFile: string | undefined;
  progress: ProgressFlag;
  /** `--push` as given (`--output type=registry` adds to it later). */
  push: boolean;
  /** `-o/--output`, `--cache-to` and `--cache-from` values as given (build-publish-options.ts reads them). */
  outputs: string[];
  cacheTo: string[];
  cacheFrom: string[];
  engine: {
    hosts: string[];
    context: string | undefined;
    /** `--tls` as given; undefined when absent. */
    tls: boolean | undefined;
    /** `--tlsverify` as given; undefined when absent (its presence alone turns TLS on). */
    tlsVerify: boolean | undefined;
    caFile: string | undefined;
    certFile: string | undefined;
    keyFile: string | undefined;
    configDir: string | undefined;
  };
  /** Lines to print on stderr before building (deprecations, flags that change nothing). */
  notices: string[];
}

/** A command line whose values are wrong: `flag` names the flag, the message says why. */
export class BuildFlagValueError extends Error {
  override readonly name = "BuildFlagValueError";
  readonly code = "DFB_CLI_FLAG_VALUE";
}

export function readBuildCommandLine(
  parsed: ParsedArguments,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): BuildCommandLine {
  const values = (name: BuildFlagName): string[] => parsed.flags.filter((flag) => flag.name === name).map((flag) => flag.value);
  const last = (name: BuildFlagName): string | undefined => values(name).at(-1);
  const given = (name: BuildFlagName): boolean => parsed.flags.some((flag) => flag.name === name);
  const bool = (name: BuildFlagName): boolean | undefined => {
    const value = last(name);
    return value === undefined ? undefined : value === "true";
  };
  const convert = <T>(name: BuildFlagName, value: string, parse: (value: string) => T): T => {
    try {
      return parse(value);
    } catch (error) {
      throw new BuildFlagValueError(`invalid argument ${goQuote(value)} for "${flagLabel(name)}" flag: ${(error as Error).message}`);
    }
  };
  const number = (name: BuildFlagName, parse: (value: string) => number): number | undefined => {
    const value = last(name);
    return value === undefined ? undefined : convert(name, value, parse);
  };

  if (parsed.operands.length !== 1) {
    const pullWord = parsed.operands.find((operand) => ["always", "missing", "never", "true", "false"].includes(operand));
    const hint =
      pullWord !== undefined && given("pull")
        ? `; a boolean flag takes its value only after "=": write --pull=${pullWord}`
        : parsed.operands.length === 0
          ? " (a directory, -, a git URL or an http(s) URL)"
          : "";
    throw new BuildFlagValueError(`"dfbuild build" requires exactly 1 argument, the build context, got ${String(parsed.operands.length)}${hint}`);
  }

  const buildArgs = new Map<string, string | null>();
  for (const item of values("build-arg")) {
    const equals = item.indexOf("=");
    const name = equals === -1 ? item : item.slice(0, equals);
    // docker/cli opts.ValidateEnv: a name is needed; K alone takes the client's environment.
    if (name === "") throw new BuildFlagValueError(`invalid argument ${goQuote(item)} for "--build-arg" flag: invalid environment variable: ${item}`);
    buildArgs.set(name, equals === -1 ? (env[item] ?? null) : item.slice(equals + 1));
  }
  const labels = new Map<string, string>();
  for (const item of values("label")) {
    const equals = item.indexOf("=");
    const name = equals === -1 ? item : item.slice(0, equals);
    if (name === "") throw new BuildFlagValueError(`invalid argument ${goQuote(item)} for "--label" flag: invalid label '${item}': empty name`);
    labels.set(name, equals === -1 ? "" : item.slice(equals + 1));
  }

  // --pull is docker's boolean; dfbuild also takes docker run's --pull=always|missing|never.
  const pullValue = last("pull") ?? "false";
  const pull: PullPolicy = pullValue === "true" ? "always" : pullValue === "false" ? "missing" : (pullValue as PullPolicy);

  const progress = last("progress") ?? "auto";
  if (progress === "rawjson") {
    throw new BuildFlagValueError(`--progress=rawjson is BuildKit's status stream, which dfbuild does not produce; --progress=json gives dfbuild's events`);
  }
  if (!(PROGRESS_MODES as readonly string[]).includes(progress)) {
    throw new BuildFlagValueError(`unknown --progress mode "${progress}" (expected auto, plain, tty, json, quiet or none)`);
  }

  const platform = last("platform") ?? (env.DOCKER_DEFAULT_PLATFORM === "" ? undefined : env.DOCKER_DEFAULT_PLATFORM);
  if (platform?.includes(",") === true) {
    throw new BuildFlagValueError(
      `--platform ${platform}: one platform at a time; a multi-platform image needs an image index, which the engine's image store cannot hold (run one build per platform)`,
    );
  }

  const limits: ResourceLimits = {};
  for (const entry of values("resource")) convert("resource", entry, (value) => { applyResource(limits, value); });
  const memory = number("memory", parseRamBytes) ?? limits.memory;
  const memorySwap = number("memory-swap", parseMemorySwap) ?? limits.memorySwap;
  const ulimits = new Map<string, Ulimit>();
  for (const entry of values("ulimit")) {
    const ulimit = convert("ulimit", entry, parseUlimit);
    ulimits.set(ulimit.Name, ulimit);
  }
  const runHostConfig: RunHostConfig = {};
  const extraHosts = values("add-host").map((entry) => convert("add-host", entry, parseExtraHost));
  if (extraHosts.length > 0) runHostConfig.ExtraHosts = extraHosts;
  const shmSize = number("shm-size", parseRamBytes);
  if (shmSize !== undefined && shmSize > 0) runHostConfig.ShmSize = shmSize;
  if (ulimits.size > 0) runHostConfig.Ulimits = [...ulimits.values()];
  if (memory !== undefined && memory > 0) runHostConfig.Memory = memory;
  if (memorySwap !== undefined && memorySwap !== 0) runHostConfig.MemorySwap = memorySwap;
  const cpuShares = number("cpu-shares", parseInt64) ?? limits.cpuShares;
  const cpuPeriod = number("cpu-period", parseInt64) ?? limits.cpuPeriod;
  const cpuQuota = number("cpu-quota", parseInt64) ?? limits.cpuQuota;
  if (cpuShares !== undefined && cpuShares !== 0) runHostConfig.CpuShares = cpuShares;
  if (cpuPeriod !== undefined && cpuPeriod !== 0) runHostConfig.CpuPeriod = cpuPeriod;
  if (cpuQuota !== undefined && cpuQuota !== 0) runHostConfig.CpuQuota = cpuQuota;
  const cpusetCpus = last("cpuset-cpus") ?? limits.cpusetCpus;
  const cpusetMems = last("cpuset-mems") ?? limits.cpusetMems;
  if (cpusetCpus !== undefined && cpusetCpus !== "") runHostConfig.CpusetCpus = cpusetCpus;
  if (cpusetMems !== undefined && cpusetMems !== "") runHostConfig.CpusetMems = cpusetMems;
  const securityOpt = values("security-opt").map((entry) => convert("security-opt", entry, (value) => parseSecurityOpt(value, cwd)));
  if (securityOpt.length > 0) runHostConfig.SecurityOpt = securityOpt;
  const cgroupParent = last("cgroup-parent");
  if (cgroupParent !== undefined && cgroupParent !== "") runHostConfig.CgroupParent = cgroupParent;
  const isolation = last("isolation");
  if (isolation !== undefined && isolation !== "") runHostConfig.Isolation = isolation;

  for (const entitlement of values("allow")) {
    if (!ENTITLEMENTS.test(entitlement)) throw new BuildFlagValueError(`invalid argument ${goQuote(entitlement)} for "--allow" flag: invalid entitlement: ${entitlement}`);
  }
  const parallel = last("max-parallel-stages");
  const maxParallelStages =
    parallel === undefined
      ? undefined
      : convert("max-parallel-stages", parallel, (value) => {
          if (!/^[0-9]+$/.test(value) || Number(value) < 1) throw new Error("expected a whole number of stages, at least 1");
          return Number(value);
        });
  const notices: string[] = [];
  if (given("disable-content-trust")) notices.push("Flag --disable-content-trust has been deprecated, support for docker content trust was removed");
  if (bool("rm") === false || bool("force-rm") === false) {
    notices.push("dfbuild build: intermediate containers are always removed, even after a failure (as with --force-rm); --rm=false keeps none");
  }

  return {
    contextArgument: parsed.operands[0] ?? ".",
    file: last("file"),
    tags: values("tag"),
    buildArgs,
    labels,
    target: last("target"),
    noCache: bool("no-cache") ?? false,
    noCacheStages: values("no-cache-filter"),
    foldMetadata: bool("fold-metadata") ?? false,
    maxParallelStages,
    pull,
    platform,
    network: last("network") ?? "default",
    secrets: values("secret"),
    ssh: values("ssh"),
    runHostConfig,
    iidfile: last("iidfile"),
    metadataFile: last("metadata-file"),
    progress: (bool("quiet") === true ? "quiet" : progress) as ProgressFlag,
    push: bool("push") ?? false,
    outputs: values("output"),
    cacheTo: values("cache-to"),
    cacheFrom: values("cache-from"),
    engine: {
      hosts: values("host"),
      context: last("context"),
      tls: bool("tls"),
      tlsVerify: bool("tlsverify"),
      caFile: last("tlscacert"),
      certFile: last("tlscert"),
      keyFile: last("tlskey"),
      configDir: last("config"),
    },
    notices,
  };
}

/** How pflag names a flag in messages: `-m, --memory` or `--shm-size`. */
function flagLabel(name: BuildFlagName): string {
  const spec: BuildFlagSpec = BUILD_FLAGS[name];
  return spec.short === undefined ? `--${name}` : `-${spec.short}, --${name}`;
}

/** The usage text, from the table. */
export function buildFlagsUsage(): string {
  const lines: string[] = [];
  const accepted: string[] = [];
  const refused: string[] = [];
  for (const [name, spec] of Object.entries(BUILD_FLAGS) as [string, BuildFlagSpec][]) {
    if (spec.help === undefined) {
      (spec.rejected === undefined ? accepted : refused).push(`--${name}`);
      continue;
    }
    const short = spec.short === undefined ? "    " : `-${spec.short}, `;
    const left = `  ${short}--${name}${spec.value === undefined ? "" : spec.value.startsWith("[") ? spec.value : ` ${spec.value}`}`;
    lines.push(`${left.padEnd(40)} ${spec.help}`);
  }
  lines.push(`Accepted for docker compatibility, changing nothing: ${accepted.join(", ")}.`);
  lines.push(`Refused with the reason (docker flags dfbuild cannot honour): ${refused.join(", ")}.`);
  return lines.join("\n");
}
