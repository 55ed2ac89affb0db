/**
 * The bits of Go's formatting that show up in image history: the classic builder writes its
 * `#(nop)` comments with `fmt.Sprintf("%q", …)` and `%v`, and durations with `time.Duration.String`.
 * Matching them byte for byte keeps `docker history` identical to the classic builder's.
 */

/** Go's `strconv.Quote`: a double-quoted string with Go escapes. */
export function goQuote(text: string): string {
  let out = '"';
  for (const char of text) out += quoteChar(char, '"');
  return `${out}"`;
}

/** Go's `%q` of an integer: `strconv.QuoteRune`, e.g. 3 → `'\x03'`, 65 → `'A'`. */
export function goQuoteRune(value: number): string {
  return `'${quoteChar(String.fromCodePoint(value), "'")}'`;
}

function quoteChar(char: string, quote: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (char === quote || char === "\\") return `\\${char}`;
  switch (char) {
    case "\x07":
      return "\\a";
    case "\b":
      return "\\b";
    case "\f":
      return "\\f";
    case "\n":
      return "\\n";
    case "\r":
      return "\\r";
    case "\t":
      return "\\t";
    case "\v":
      return "\\v";
  }
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (code >= 0x80 && code < 0xa0) return `\\u${code.toString(16).padStart(4, "0")}`;
  return char;
}

/** Go's `%q` of a `[]string`: `["a" "b"]`. */
export function goQuoteList(items: readonly string[] | null | undefined): string {
  return `[${(items ?? []).map(goQuote).join(" ")}]`;
}

/** Go's `%v` of a `[]string`: `[a b]`. */
export function goList(items: readonly string[]): string {
  return `[${items.join(" ")}]`;
}

const NANOSECOND = 1n;
const MICROSECOND = 1000n * NANOSECOND;
const MILLISECOND = 1000n * MICROSECOND;
const SECOND = 1000n * MILLISECOND;
const MINUTE = 60n * SECOND;
const HOUR = 60n * MINUTE;

/** Go's `time.Duration.String()` of a number of nanoseconds: `0s`, `1.5s`, `2m0s`, `500ms`. */
export function goDuration(nanoseconds: number): string {
  let value = BigInt(Math.trunc(nanoseconds));
  if (value === 0n) return "0s";
  const negative = value < 0n;
  if (negative) value = -value;
  let text: string;
  if (value < SECOND) {
    const [unit, name] = value < MICROSECOND ? [NANOSECOND, "ns"] : value < MILLISECOND ? [MICROSECOND, "µs"] : [MILLISECOND, "ms"];
    text = `${fraction(value, unit)}${name}`;
  } else {
    const hours = value / HOUR;
    const minutes = (value % HOUR) / MINUTE;
    const seconds = fraction(value % MINUTE, SECOND);
    text = hours > 0n ? `${hours}h${minutes}m${seconds}s` : minutes > 0n ? `${minutes}m${seconds}s` : `${seconds}s`;
  }
  return negative ? `-${text}` : text;
}

function fraction(value: bigint, unit: bigint): string {
  const whole = value / unit;
  const rest = value % unit;
  if (rest === 0n) return whole.toString();
  const digits = unit.toString().length - 1;
  return `${whole}.${rest.toString().padStart(digits, "0").replace(/0+$/, "")}`;
}

