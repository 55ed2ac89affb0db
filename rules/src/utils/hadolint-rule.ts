/**
 * hadolint's `dropQuotes` (src/Hadolint/Rule.hs: `Text.dropAround` of `"` and `'`): every quote at
 * either end of a path as language-docker gives it, as written, goes (`""/app/""` is `/app/`); a
 * quote inside stays. The hadolint preset reads paths and label keys so (DL3000, DL3010, DL3021, DL3045,
 * DL3048, DL3067).
 */
export function dropQuotes(text: string): string {
  return text.replace(/^["']+|["']+$/g, "");
}
