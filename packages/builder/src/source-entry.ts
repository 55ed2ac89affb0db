import type { Readable } from "node:stream";

/** What an entry is, with tar-stream's names for the tar type flags. */
export type SourceEntryType = "file" | "directory" | "symlink" | "hardlink" | "character-device" | "block-device" | "fifo";

/** One file, directory, link or special file to copy, from the context, an image or an archive. */
export interface SourceEntry {
  /** Slash-separated path relative to where it was read from (the context root, an image's /). */
  path: string;
  type: SourceEntryType;
  /** Permission bits, with setuid/setgid/sticky. */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: Date;
  /** A symlink's target as written; a hard link's target path, relative as `path` is. */
  linkname?: string;
  /** User and group names, where the hash includes them (files the daemon stats itself). */
  uname?: string;
  gname?: string;
  /** Device numbers of a character or block device. */
  devmajor?: number;
  devminor?: number;
  /** Extended attributes and other PAX records to keep (`SCHILY.xattr.*`). */
  pax?: Record<string, string>;
  /**
   * A regular file's bytes. Entries read from a file system give a new stream on each call;
   * entries read from a tar stream give the one stream they have, to be read before the next entry.
   */
  content?: () => Readable | Buffer;
}

/** The `st_mode` type bits Go 1.8's `FileInfoHeader` puts into a header's mode (`archive/tar/common.go`). */
const TYPE_BITS: Record<Exclude<SourceEntryType, "hardlink">, number> = {
  file: 0o100000,
  directory: 0o40000,
  symlink: 0o120000,
  "character-device": 0o20000,
  "block-device": 0o60000,
  fifo: 0o10000,
};
const TYPE_FLAGS: Record<SourceEntryType, string> = {
  file: "0",
  hardlink: "1",
  symlink: "2",
  "character-device": "3",
  "block-device": "4",
  directory: "5",
  fifo: "6",
};

/**
 * The tarsum v1 header string of an entry (`tarsum.WriteV1Header`): name, mode, ids, size, type
 * flag and link name, user and group names blanked, device numbers; mtime left out, which is why
 * touching a file keeps the cache. The mode carries Go 1.8 type bits when the daemon hashes a file
 * it stats itself (`COPY --from`), and only permission bits when it reads the CLI's context archive.
 * A file the daemon stats is never a hard link: hash its target's content under the link's name.
 */
export function tarsumHeader(entry: SourceEntry, name: string, withTypeBits: boolean): string {
  const mode = withTypeBits && entry.type !== "hardlink" ? entry.mode | TYPE_BITS[entry.type] : entry.mode;
  const size = entry.type === "file" ? entry.size : 0;
  return (
    `name${name}mode${String(mode)}uid${String(entry.uid)}gid${String(entry.gid)}size${String(size)}` +
    `typeflag${TYPE_FLAGS[entry.type]}linkname${entry.linkname ?? ""}uname${entry.uname ?? ""}gname${entry.gname ?? ""}` +
    `devmajor${String(entry.devmajor ?? 0)}devminor${String(entry.devminor ?? 0)}`
  );
}
