import { EngineProtocolError } from "./errors.js";

export type PathType = "file" | "directory" | "symlink" | "device" | "char-device" | "pipe" | "socket" | "irregular";

/** A path inside a container, from `X-Docker-Container-Path-Stat`. */
export interface PathStat {
  name: string;
  size: number;
  /** The engine's raw mode: a Go `os.FileMode`, whose type bits are not POSIX `st_mode` bits. */
  goMode: number;
  type: PathType;
  /** POSIX permission bits including setuid (0o4000), setgid (0o2000) and sticky (0o1000). */
  permissions: number;
  /** Modification time as the engine wrote it (RFC 3339). */
  mtime: string;
  /** For a symlink, the absolute path it resolves to inside the container; otherwise empty. */
  linkTarget: string;
}

// Bit positions of Go's os.FileMode (io/fs): the type and special bits sit at the top of a uint32.
const GO_MODE_BIT = {
  dir: 31,
  symlink: 27,
  device: 26,
  namedPipe: 25,
  socket: 24,
  setuid: 23,
  setgid: 22,
  charDevice: 21,
  sticky: 20,
  irregular: 19,
} as const;

// Arithmetic instead of `&`: JavaScript's bit operators are signed 32-bit, and bit 31 is the dir bit.
function hasBit(mode: number, bit: number): boolean {
  return Math.floor(mode / 2 ** bit) % 2 === 1;
}

export function goFileModeType(mode: number): PathType {
  if (hasBit(mode, GO_MODE_BIT.dir)) return "directory";
  if (hasBit(mode, GO_MODE_BIT.symlink)) return "symlink";
  if (hasBit(mode, GO_MODE_BIT.namedPipe)) return "pipe";
  if (hasBit(mode, GO_MODE_BIT.socket)) return "socket";
  if (hasBit(mode, GO_MODE_BIT.device)) return hasBit(mode, GO_MODE_BIT.charDevice) ? "char-device" : "device";
  if (hasBit(mode, GO_MODE_BIT.irregular)) return "irregular";
  return "file";
}

export function goFileModePermissions(mode: number): number {
  return (
    (mode % 0o1000) +
    (hasBit(mode, GO_MODE_BIT.setuid) ? 0o4000 : 0) +
    (hasBit(mode, GO_MODE_BIT.setgid) ? 0o2000 : 0) +
    (hasBit(mode, GO_MODE_BIT.sticky) ? 0o1000 : 0)
  );
}

interface RawPathStat {
  name: string;
  size: number;
  mode: number;
  mtime: string;
  linkTarget?: string;
}

/** Decodes the base64 JSON of the `X-Docker-Container-Path-Stat` header. */
export function decodePathStat(header: string): PathStat {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(header, "base64").toString("utf8"));
  } catch (error) {
    throw new EngineProtocolError(`the engine sent an unreadable X-Docker-Container-Path-Stat header: ${header}`, {
      cause: error,
    });
  }
  if (!isRawPathStat(raw)) {
    throw new EngineProtocolError(
      `the engine sent an X-Docker-Container-Path-Stat header without name, size, mode and mtime: ${JSON.stringify(raw)}`,
    );
  }
  return {
    name: raw.name,
    size: raw.size,
    goMode: raw.mode,
    type: goFileModeType(raw.mode),
    permissions: goFileModePermissions(raw.mode),
    mtime: raw.mtime,
    linkTarget: raw.linkTarget ?? "",
  };
}

function isRawPathStat(value: unknown): value is RawPathStat {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.name === "string" &&
    typeof record.size === "number" &&
    typeof record.mode === "number" &&
    typeof record.mtime === "string" &&
    (record.linkTarget === undefined || typeof record.linkTarget === "string")
  );
}
