import type { LintFile } from "@dfbuild/linter";
import { perFile } from "./per-file.js";

/**
 * The line break a fix inserting a line writes: the file's own (CRLF if it has one). Each look
 * reads the whole text, so it is made once per file: a 5 MB file with thousands of findings
 * otherwise read its text once per finding.
 */
export const lineBreakOf = perFile((file: LintFile): string => (file.text.includes("\r\n") ? "\r\n" : "\n"));
