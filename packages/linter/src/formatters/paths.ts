import { isAbsolute, relative, sep } from "node:path";

/** A report path: relative to `cwd` when inside it, with forward slashes (as CI tools expect). */
export function reportPath(filePath: string, cwd: string): string {
  // Relative paths (and `<stdin>`) are shown as given.
  if (!isAbsolute(filePath)) return filePath.split(sep).join("/");
  const rel = relative(cwd, filePath);
  return (rel.startsWith("..") ? filePath : rel).split(sep).join("/");
}
