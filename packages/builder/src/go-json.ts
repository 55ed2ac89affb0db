/**
 * Go's `encoding/json` output, byte for byte, for the image configs the engine stores: an image ID
 * is the sha256 of its config's bytes, so a config the builder writes or re-creates must be
 * serialised as the engine (Go) would have, or its ID changes.
 *
 * Rules followed (`encoding/json/encode.go`, Go 1.19–1.21, which Docker 20.10–25 are built with):
 * struct fields in declaration order (here: a plain object's insertion order), map keys sorted
 * bytewise (`GoMap`), strings with `"` `\` escaped, `\n` `\r` `\t` short, other control characters
 * as `\u00xx`, and the HTML-safe escapes `<` `>` `&` U+2028 U+2029 as `\u003c` `\u003e` `\u0026`
 * `\u2028` `\u2029` (`json.Marshal` always escapes HTML).
 */

/** A Go map: its keys are written sorted, whatever order the object has (JS puts integer keys first). */
export class GoMap {
  readonly entries: Record<string, unknown>;

  constructor(entries: Record<string, unknown>) {
    this.entries = entries;
  }
}

export type GoValue = null | boolean | number | string | GoValue[] | GoMap | { [field: string]: GoValue | undefined } | undefined;

/** Serialises a value as Go's `json.Marshal` would; `undefined` fields are left out (omitempty). */
export function goJson(value: GoValue): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`json: unsupported value: ${String(value)}`);
    return String(value);
  }
  if (typeof value === "string") return goJsonString(value);
  if (Array.isArray(value)) return `[${value.map((item) => goJson(item)).join(",")}]`;
  if (value instanceof GoMap) {
    // Go sorts map keys by their bytes; UTF-16 order differs only for characters beyond U+FFFF.
    const keys = Object.keys(value.entries).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((key) => `${goJsonString(key)}:${goJson(value.entries[key] as GoValue)}`).join(",")}}`;
  }
  const fields = Object.entries(value).filter(([, field]) => field !== undefined);
  return `{${fields.map(([key, field]) => `${goJsonString(key)}:${goJson(field)}`).join(",")}}`;
}

function goJsonString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"') out += '\\"';
    else if (char === "\\") out += "\\\\";
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || char === "<" || char === ">" || char === "&" || code === 0x2028 || code === 0x2029) {
      out += `\\u${code.toString(16).padStart(4, "0")}`;
    } else out += char;
  }
  return `${out}"`;
}
