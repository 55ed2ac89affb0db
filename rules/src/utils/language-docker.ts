import type { KeyValue } from "@dfbuild/parser";

/**
 * A `key=value` value as hadolint reads it: language-docker's `singleValue`
 * (Language/Docker/Parser/Pairs.hs) joins the value's quoted and unquoted parts, each quoted part
 * without its quotes (`t"ru"e` is `true`, `"1."2'.3'` is `1.2.3`); nothing is expanded.
 */
export function languageDockerSingleValue(text: string): string {
  return text.replace(/(["'])(.*?)\1/gs, "$2");
}

/**
 * A LABEL or ENV pair's value as hadolint reads it, as written (no variable expanded):
 * language-docker's `pair` (Language/Docker/Parser/Pairs.hs) reads `key=value` as a `singleValue`,
 * and `key value` as the rest of the line as it is (`untilEol`), quotes and all.
 */
export function languageDockerPairValue(pair: Pick<KeyValue, "legacy" | "value">): string {
  return pair.legacy ? pair.value.value : languageDockerSingleValue(pair.value.value);
}
