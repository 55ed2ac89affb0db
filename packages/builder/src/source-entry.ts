import type { Readable } from "node:stream";

/** One file, directory or symlink to copy, from the context or from an image. */
export interface SourceEntry {
  /** Slash-separated path relative to where it was read from (the context root, an image's /). */
  path: string;
  type: "file" | "directory" | "symlink";
  /** Permission bits, with setuid/setgid/sticky. */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: Date;
  linkname?: string;
  /** User and group names, where the hash includes them (files the daemon stats itself). */
  uname?: string;
  gname?: string;
  /** A regular file's bytes: read anew on each call. */
  content?: () => Readable | Buffer;
}

const TYPE_BITS = { file: 0o100000, directory: 0o40000, symlink: 0o120000 } as const;
const TYPE_FLAGS = { file: "0", directory: "5", symlink: "2" } as const;

/**
 * The tarsum v1 header string of an entry (`tarsum.WriteV1Header`): name, mode, ids, size, type
 * flag and link name, user and group names blanked, device numbers; mtime left out, which is why
 * touching a file keeps the cache. The mode carries Go 1.8 type bits when the daemon hashes a file
 * it stats itself (`COPY --from`), and only permission bits when it reads the CLI's context archive.
 */
export function tarsumHeader(entry: SourceEntry, name: string, withTypeBits: boolean): string {
  const mode = withTypeBits ? entry.mode | TYPE_BITS[entry.type] : entry.mode;
  const size = entry.type === "file" ? entry.size : 0;
  return (
    `name${name}mode${mode}uid${entry.uid}gid${entry.gid}size${size}` +
    `typeflag${TYPE_FLAGS[entry.type]}linkname${entry.linkname ?? ""}uname${entry.uname ?? ""}gname${entry.gname ?? ""}devmajor0devminor0`
  );
}
