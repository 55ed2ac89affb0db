/**
 * Which process a build belongs to, written into the names of what it creates on the engine, and
 * the test of whether that process still runs, so the next build can remove what a killed one left
 * (issue 8, item 4) without ever touching a build that is still going.
 *
 * On Linux a process is told apart by the boot it runs in (`/proc/sys/kernel/random/boot_id`), its
 * PID namespace (`/proc/self/ns/pid`), its PID and its start time in clock ticks since boot (field
 * 22 of `/proc/<pid>/stat`, proc(5)): a PID reused after the build died has another start time.
 * A build on another machine, in another PID namespace (another container) or before a reboot of
 * this one is never judged from here: its objects are "unknown" and left alone. Elsewhere the host
 * name stands for the boot and a PID that answers signal 0 counts as alive, which can only err
 * towards keeping things.
 */
import { createHash } from "node:crypto";
import { readFileSync, readlinkSync } from "node:fs";
import { hostname } from "node:os";

export interface BuildOwner {
  /** 8 hex digits: the boot ID's first (Linux), or a digest of the host name. */
  boot: string;
  /** The PID namespace's inode number; 0 where there is none to read. */
  namespace: string;
  pid: number;
  /** The process's start time in clock ticks since boot; 0 where it cannot be read. */
  start: string;
}

let current: BuildOwner | undefined;

/** This process as an owner. */
export function currentOwner(): BuildOwner {
  current ??= ownerOf("self", process.pid);
  return current;
}

/** A running process of this machine as an owner (for tests: the owner of a child process). */
export function ownerOfProcess(pid: number): BuildOwner {
  return ownerOf(String(pid), pid);
}

function ownerOf(proc: string, pid: number): BuildOwner {
  const bootId = readOrUndefined(() => readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim());
  const boot = bootId === undefined ? createHash("sha256").update(hostname()).digest("hex") : bootId.replaceAll("-", "");
  const namespace = readOrUndefined(() => /\[(\d+)\]/.exec(readlinkSync(`/proc/${proc}/ns/pid`))?.[1]) ?? "0";
  return { boot: boot.slice(0, 8), namespace, pid, start: startTime(proc) ?? "0" };
}

/** Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses. */
function startTime(proc: string): string | undefined {
  const stat = readOrUndefined(() => readFileSync(`/proc/${proc}/stat`, "utf8"));
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields from the third on: the start time, field 22, is the 20th of them.
  return fields[19];
}

function readOrUndefined<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** `boot-namespace-pid-start`: only characters a container name allows. */
export function ownerToken(owner: BuildOwner): string {
  return `${owner.boot}-${owner.namespace}-${String(owner.pid)}-${owner.start}`;
}

const TOKEN = /^([0-9a-f]{8})-(\d+)-(\d+)-(\d+)$/;

export function parseOwnerToken(token: string): BuildOwner | undefined {
  const match = TOKEN.exec(token);
  if (match === null) return undefined;
  const [, boot = "", namespace = "", pid = "", start = ""] = match;
  return { boot, namespace, pid: Number(pid), start };
}

/**
 * Whether an owner's process still runs: `gone` only when this machine can tell for sure, `unknown`
 * for owners on another machine, boot or PID namespace.
 */
export function ownerState(owner: BuildOwner): "alive" | "gone" | "unknown" {
  const self = currentOwner();
  if (owner.boot !== self.boot || owner.namespace !== self.namespace) return "unknown";
  if (owner.pid === self.pid && owner.start === self.start) return "alive";
  if (self.start !== "0") {
    // Linux: the process is the same one only if it started at the same tick.
    const start = startTime(String(owner.pid));
    return start !== undefined && start === owner.start ? "alive" : "gone";
  }
  try {
    process.kill(owner.pid, 0);
    return "alive";
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH" ? "gone" : "alive";
  }
}
