import { dropQuotes } from "./hadolint-rule.js";

/**
 * hadolint's archive extensions (`Hadolint.Rule.archiveFileFormatExtensions`), used by its ADD and
 * COPY rules to guess that a file is an archive.
 */
export const HADOLINT_ARCHIVE_EXTENSIONS = [".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz", ".tpz", ".txz", ".xz"];

/**
 * Names of tar archives, plain or compressed in a format ADD unpacks (moby `archive.DetectCompression`
 * and BuildKit's unpack: gzip, bzip2, xz, zstd; uncompressed tar). A lone `.gz` or `.xz` is not
 * one: ADD unpacks only tar streams, and leaves a compressed single file as it is.
 */
const TAR_ARCHIVE = /\.(tar|tar\.(gz|bz2|xz|zst)|tgz|tbz2?|tb2|txz|tzst)$/i;

/**
 * Whether a path names a tar archive (TAR_ARCHIVE). Every name it matches has ".t" or ".T" in it:
 * other paths are answered without running the pattern, whose case-insensitive compilation costs
 * a start more than the check (V8 compiles a pattern when it first runs).
 */
export function isTarArchive(path: string): boolean {
  return (path.includes(".t") || path.includes(".T")) && TAR_ARCHIVE.test(path);
}

/** The last path segment, quotes removed (hadolint's `basename` in DL3010). */
export function baseName(path: string): string {
  const unquoted = dropQuotes(path);
  return unquoted.slice(Math.max(unquoted.lastIndexOf("/"), unquoted.lastIndexOf("\\")) + 1);
}

export function hasHadolintArchiveExtension(path: string): boolean {
  const unquoted = dropQuotes(path);
  return HADOLINT_ARCHIVE_EXTENSIONS.some((extension) => unquoted.endsWith(extension));
}
