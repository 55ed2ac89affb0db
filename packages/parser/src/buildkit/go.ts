/**
 * Go standard-library parsers whose exact error messages BuildKit passes through to users:
 * `time.ParseDuration`, `strconv.ParseInt/ParseUint/ParseBool`, `encoding/csv` (via go-csvvalue)
 * and go-units' `RAMInBytes`.
 */
import { goQuote, utf8Bytes, utf8Length } from "../text.js";

export type GoResult<T> = { ok: true; value: T } | { ok: false; message: string };

const UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  "\u00b5s": 1e3,
  "\u03bcs": 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** `time.quote`: Go's duration errors quote with a minimal escaper. */
function timeQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x80 || code < 0x20) {
      for (const byte of utf8Bytes(code)) out += "\\x" + byte.toString(16).padStart(2, "0");
    } else {
      if (ch === '"' || ch === "\\") out += "\\";
      out += ch;
    }
  }
  return out + '"';
}

/** Go durations are int64 nanoseconds. */
const MAX_DURATION_NS = 2 ** 63 - 1;

/** Go's `time.ParseDuration` (HEALTHCHECK's durations), in nanoseconds, with Go's error messages. */
export function parseDuration(input: string): GoResult<number> {
  const invalid = (): GoResult<number> => ({ ok: false, message: `time: invalid duration ${timeQuote(input)}` });
  let text = input;
  let negative = false;
  if (text.startsWith("-") || text.startsWith("+")) {
    negative = text.startsWith("-");
    text = text.slice(1);
  }
  if (text === "0") return { ok: true, value: 0 };
  if (text === "") return invalid();
  let total = 0;
  while (text !== "") {
    // Go first refuses a number that starts with neither a digit nor "."; here that is the
    // empty number refused below (neither part has a digit), with the same message.
    const integer = /^[0-9]*/.exec(text)?.[0] ?? "";
    text = text.slice(integer.length);
    let fraction = "";
    if (text.startsWith(".")) {
      text = text.slice(1);
      fraction = /^[0-9]*/.exec(text)?.[0] ?? "";
      text = text.slice(fraction.length);
    }
    if (integer === "" && fraction === "") return invalid();
    const unit = /^[^0-9.]*/.exec(text)?.[0] ?? "";
    text = text.slice(unit.length);
    if (unit === "") return { ok: false, message: `time: missing unit in duration ${timeQuote(input)}` };
    const scale = UNITS[unit];
    if (scale === undefined) return { ok: false, message: `time: unknown unit ${timeQuote(unit)} in duration ${timeQuote(input)}` };
    // An empty part is 0: `Number("")` and `Number("0.")` are both 0.
    total += Number(integer) * scale + Number(`0.${fraction}`) * scale;
    if (total > MAX_DURATION_NS) return invalid();
  }
  return { ok: true, value: negative ? -total : total };
}

/** Formats nanoseconds the way Go's `Duration.String` does for the values BuildKit prints (1ms). */
export function formatMilliseconds(ns: number): string {
  return `${ns / 1e6}ms`;
}

/** `strconv.ParseInt(text, 10, bits)`. */
export function parseInt10(text: string, bits: number): GoResult<number> {
  const fn = "ParseInt";
  if (!/^[+-]?[0-9]+$/.test(text)) return { ok: false, message: `strconv.${fn}: parsing ${goQuote(text)}: invalid syntax` };
  const value = BigInt(text);
  const limit = 1n << BigInt(bits - 1);
  if (value >= limit || value < -limit) return { ok: false, message: `strconv.${fn}: parsing ${goQuote(text)}: value out of range` };
  return { ok: true, value: Number(value) };
}

/** `strconv.ParseUint(text, base, bits)` for base 8 or 10. */
export function parseUint(text: string, base: 8 | 10, bits: number): GoResult<number> {
  const digits = base === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!digits.test(text)) return { ok: false, message: `strconv.ParseUint: parsing ${goQuote(text)}: invalid syntax` };
  const value = BigInt(base === 8 ? `0o${text}` : text);
  if (value >= 1n << BigInt(bits)) return { ok: false, message: `strconv.ParseUint: parsing ${goQuote(text)}: value out of range` };
  return { ok: true, value: Number(value) };
}

const TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const FALSE = new Set(["0", "f", "F", "FALSE", "false", "False"]);

/** `strconv.ParseBool`. */
export function parseBool(text: string): boolean | null {
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  return null;
}

const RAM_SIZE = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/;
const RAM_UNITS: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** go-units `RAMInBytes` (binary units, `64m` = 64 MiB). */
export function ramInBytes(text: string): number | null {
  const match = RAM_SIZE.exec(text);
  if (!match) return null;
  const number = match[1] ?? "";
  if ((number.match(/\./g) ?? []).length > 1) return null;
  const unit = match[2]?.toLowerCase();
  return Number(number) * (unit ? (RAM_UNITS[unit] ?? 1) : 1);
}

/** `csvvalue.Fields`: one CSV record; errors read like `encoding/csv`'s. */
export function csvFields(input: string): GoResult<string[]> {
  let line = input;
  if (line.endsWith("\r\n")) line = line.slice(0, -2);
  else if (line.endsWith("\n")) line = line.slice(0, -1);
  if (line === "") return { ok: false, message: "EOF" };
  const fields: string[] = [];
  let pos = 0;
  const byteColumn = (at: number): number => utf8Length(input.slice(0, at)) + 1;
  for (;;) {
    if (line[pos] !== '"') {
      const comma = line.indexOf(",", pos);
      const field = comma < 0 ? line.slice(pos) : line.slice(pos, comma);
      const quote = field.indexOf('"');
      if (quote >= 0) return { ok: false, message: `parse error on line 1, column ${byteColumn(pos + quote)}: bare " in non-quoted-field` };
      fields.push(field);
      if (comma < 0) return { ok: true, value: fields };
      pos = comma + 1;
      continue;
    }
    pos++;
    let field = "";
    for (;;) {
      const quote = line.indexOf('"', pos);
      if (quote < 0) return { ok: false, message: `parse error on line 1, column ${byteColumn(pos)}: extraneous or missing " in quoted-field` };
      field += line.slice(pos, quote);
      pos = quote + 1;
      const next = line[pos];
      if (next === '"') {
        field += '"';
        pos++;
        continue;
      }
      if (next === ",") {
        fields.push(field);
        pos++;
        break;
      }
      if (next === undefined) {
        fields.push(field);
        return { ok: true, value: fields };
      }
      return { ok: false, message: `parse error on line 1, column ${byteColumn(pos - 1)}: extraneous or missing " in quoted-field` };
    }
  }
}
