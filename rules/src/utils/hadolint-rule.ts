/**
 * hadolint's `dropQuotes` (src/Hadolint/Rule.hs: `Text.dropAround` of `"` and `'`): every quote at
 * either end of a path as language-docker gives it, as written, goes (`""/app/""` is `/app/`); a
 * quote inside stays. DL3021 (copy-dest-directory) and DL3067 (copy-from-root) compare paths so.
 */
export function dropQuotes(text: string): string {
  return text.replace(/^["']+|["']+$/g, "");
}
