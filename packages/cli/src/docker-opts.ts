/**
 * Values of `docker build` flags, validated and converted exactly as the docker CLI does before it
 * sends them to the engine (docker/cli `opts/`, docker/go-units). Each function throws a plain
 * `Error` with docker's message; the caller adds which flag it was.
 */
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { resolve } from "node:path";

const BINARY_UNITS: Readonly<Record<string, number>> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/**
 * go-units `RAMInBytes`: a number (fraction allowed) with an optional `b`, `k`, `m`, `g`, `t` or `p`
 * suffix, binary multiples, optionally followed by `b` or `ib` (`512m`, `1.5G`, `64KiB`, `100 MB`).
 */
export function parseRamBytes(text: string): number {
  let separator = -1;
  for (let index = text.length - 1; index >= 0; index--) {
    if ("0123456789. ".includes(text.charAt(index))) {
      separator = index;
      break;
    }
  }
  if (separator === -1) throw new Error(`invalid size: '${text}'`);
  const spaced = text.charAt(separator) === " ";
  const number = spaced ? text.slice(0, separator) : text.slice(0, separator + 1);
  let suffix = text.slice(separator + 1);
  // Go's strconv.ParseFloat: a decimal literal, nothing around it.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(number)) throw new Error(`strconv.ParseFloat: parsing "${number}": invalid syntax`);
  let size = Number(number);
  if (size < 0) throw new Error(`invalid size: '${text}'`);
  if (suffix === "") return Math.trunc(size);
  const bad = (): never => {
    throw new Error(`invalid suffix: '${suffix}'`);
  };
  if (suffix.length > 3) bad();
  suffix = suffix.toLowerCase();
  if (suffix.startsWith("b")) {
    if (suffix.length > 1) bad();
    return Math.trunc(size);
  }
  const multiple = BINARY_UNITS[suffix.charAt(0)];
  if (multiple === undefined) return bad();
  size *= multiple;
  if ((suffix.length === 2 && suffix.charAt(1) !== "b") || (suffix.length === 3 && suffix.slice(1) !== "ib")) bad();
  return Math.trunc(size);
}

/** docker/cli `opts.MemSwapBytes`: `-1` is unlimited swap, anything else a RAM size. */
export function parseMemorySwap(text: string): number {
  return text === "-1" ? -1 : parseRamBytes(text);
}

/** Go's `strconv.ParseInt(text, 10, 64)`, with its message. */
export function parseInt64(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new Error(`strconv.ParseInt: parsing "${text}": invalid syntax`);
  const value = BigInt(text);
  if (value > 9223372036854775807n || value < -9223372036854775808n) throw new Error(`strconv.ParseInt: parsing "${text}": value out of range`);
  return Number(value);
}

export interface Ulimit {
  Name: string;
  Soft: number;
  Hard: number;
}

/** The names go-units `ParseUlimit` knows (`as` is left out there too: unusable in a container). */
const ULIMIT_NAMES = new Set(["core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"]);

/** go-units `ParseUlimit`: `name=soft[:hard]`, hard defaulting to soft, `-1` unlimited. */
export function parseUlimit(text: string): Ulimit {
  const equals = text.indexOf("=");
  if (equals === -1) throw new Error(`invalid ulimit argument: ${text}`);
  const name = text.slice(0, equals);
  if (!ULIMIT_NAMES.has(name)) throw new Error(`invalid ulimit type: ${name}`);
  const values = text.slice(equals + 1).split(":");
  if (values.length > 2) throw new Error(`too many limit value arguments - ${text.slice(equals + 1)}, can only have up to two, \`soft[:hard]\``);
  const hard = values.length === 2 ? parseInt64(values[1] ?? "") : undefined;
  const soft = parseInt64(values[0] ?? "");
  const effectiveHard = hard ?? soft;
  if (effectiveHard !== -1) {
    if (soft === -1) throw new Error(`ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: ${String(effectiveHard)}`);
    if (soft > effectiveHard) throw new Error(`ulimit soft limit must be less than or equal to hard limit: ${String(soft)} > ${String(effectiveHard)}`);
  }
  return { Name: name, Soft: soft, Hard: effectiveHard };
}

/**
 * docker/cli `opts.ValidateExtraHost`: `host:ip` or `host=ip`, the address optionally in brackets
 * (IPv6), or `host-gateway`; sent to the engine as `host:ip`, which is all it understands.
 */
export function parseExtraHost(text: string): string {
  let separator = text.indexOf("=");
  if (separator === -1) separator = text.indexOf(":");
  const host = separator === -1 ? "" : text.slice(0, separator);
  let address = separator === -1 ? "" : text.slice(separator + 1);
  if (host === "" || host.includes(":")) throw new Error(`bad format for add-host: "${text}"`);
  if (address !== "host-gateway") {
    if (address.length > 2 && address.startsWith("[") && address.endsWith("]")) address = address.slice(1, -1);
    if (isIP(address) === 0 || address.includes("%")) throw new Error(`invalid IP address in add-host: "${address}"`);
  }
  return `${host}:${address}`;
}

/**
 * docker/cli `parseSecurityOpts` (cli/command/container/opts.go): `key=value` (or the older
 * `key:value`), `no-new-privileges` alone; a `seccomp=` profile that is a file is sent as its
 * compacted JSON, since the engine cannot read the client's files.
 */
export function parseSecurityOpt(text: string, cwd: string): string {
  let separator = text.indexOf("=");
  if (separator === -1 && text !== "no-new-privileges") separator = text.indexOf(":");
  const key = separator === -1 ? text : text.slice(0, separator);
  const value = separator === -1 ? "" : text.slice(separator + 1);
  if (value === "" && key !== "no-new-privileges") throw new Error(`invalid --security-opt: "${text}"`);
  if (key !== "seccomp" || value === "builtin" || value === "unconfined") return text;
  let profile: string;
  try {
    profile = readFileSync(resolve(cwd, value), "utf8");
  } catch (error) {
    throw new Error(`opening seccomp profile (${value}) failed: ${(error as Error).message}`);
  }
  try {
    return `seccomp=${JSON.stringify(JSON.parse(profile))}`;
  } catch (error) {
    throw new Error(`compacting json for seccomp profile (${value}) failed: ${(error as Error).message}`);
  }
}

/** Resource limits of RUN containers, from the separate flags or buildx's `--resource key=value`. */
export interface ResourceLimits {
  memory?: number;
  memorySwap?: number;
  cpuShares?: number;
  cpuPeriod?: number;
  cpuQuota?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
}

/** buildx `ParseResourceLimits` (build/utils.go): one `--resource key=value` entry onto `limits`. */
export function applyResource(limits: ResourceLimits, entry: string): void {
  const equals = entry.indexOf("=");
  if (equals === -1) throw new Error(`invalid resource "${entry}", expected key=value`);
  const key = entry.slice(0, equals).trim();
  const value = entry.slice(equals + 1).trim();
  const wrap = (parse: () => void): void => {
    try {
      parse();
    } catch (error) {
      throw new Error(`invalid value "${value}" for resource ${key}: ${(error as Error).message}`);
    }
  };
  switch (key) {
    case "memory":
      wrap(() => (limits.memory = parseRamBytes(value)));
      return;
    case "memory-swap":
      wrap(() => (limits.memorySwap = parseMemorySwap(value)));
      return;
    case "cpu-shares":
      wrap(() => (limits.cpuShares = parseInt64(value)));
      return;
    case "cpu-period":
      wrap(() => (limits.cpuPeriod = parseInt64(value)));
      return;
    case "cpu-quota":
      wrap(() => (limits.cpuQuota = parseInt64(value)));
      return;
    case "cpuset-cpus":
      limits.cpusetCpus = value;
      return;
    case "cpuset-mems":
      limits.cpusetMems = value;
      return;
    default:
      throw new Error(`unknown resource "${key}"`);
  }
}
