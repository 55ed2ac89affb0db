/**
 * A `key=value` value as hadolint reads it: language-docker's `singleValue`
 * (Language/Docker/Parser/Pairs.hs) joins the value's quoted and unquoted parts, each quoted part
 * without its quotes (`t"ru"e` is `true`, `"1."2'.3'` is `1.2.3`); nothing is expanded.
 */
export function languageDockerSingleValue(text: string): string {
  return text.replace(/(["'])(.*?)\1/gs, "$2");
}
