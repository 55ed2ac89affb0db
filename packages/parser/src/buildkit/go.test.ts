import { describe, expect, test } from "vitest";
import { csvFields, formatMilliseconds, parseBool, parseDuration, parseInt10, parseUint, ramInBytes } from "./go.js";

// Each expectation is what the Go function named gives (Go 1.22 `time`, `strconv`; go-units
// v0.5.0; go-csvvalue), messages word for word: BuildKit passes them through to users.

describe("parseDuration (Go's time.ParseDuration)", () => {
  test.each([
    ["0", 0],
    ["-0", 0],
    ["+0", 0],
    ["1ns", 1],
    ["1us", 1e3],
    ["1\u00b5s", 1e3],
    ["1\u03bcs", 1e3],
    ["1ms", 1e6],
    ["1s", 1e9],
    ["1m", 60e9],
    ["1h", 3600e9],
    ["1h30m", 5400e9],
    ["+1h30m", 5400e9],
    ["-1.5s", -1.5e9],
    [".5s", 0.5e9],
    ["1.s", 1e9],
    ["1.25m0.5s", 75.5e9],
    ["2562047h", 2562047 * 3600e9],
    // The largest int64, exactly (as a double it rounds to 2^63, the bound itself).
    ["9223372036854775807ns", 2 ** 63 - 1],
  ])("%j is %d ns", (text, ns) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: ns });
  });

  test.each([
    ["", 'time: invalid duration ""'],
    ["-", 'time: invalid duration "-"'],
    ["+", 'time: invalid duration "+"'],
    [".s", 'time: invalid duration ".s"'],
    ["s", 'time: invalid duration "s"'],
    ["-s", 'time: invalid duration "-s"'],
    ["1s s", 'time: unknown unit "s s" in duration "1s s"'],
    ["1", 'time: missing unit in duration "1"'],
    ["1s2", 'time: missing unit in duration "1s2"'],
    ["1.5", 'time: missing unit in duration "1.5"'],
    ["1x", 'time: unknown unit "x" in duration "1x"'],
    ["1S", 'time: unknown unit "S" in duration "1S"'],
    ["1d", 'time: unknown unit "d" in duration "1d"'],
    ["2562048h", 'time: invalid duration "2562048h"'],
    // time.quote escapes quotes and backslashes, and writes every other byte outside printable
    // ASCII as \x…, a UTF-8 sequence byte by byte.
    ['1"', 'time: unknown unit "\\"" in duration "1\\""'],
    ["1\\", 'time: unknown unit "\\\\" in duration "1\\\\"'],
    ["1\u00e9", 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'],
    ["1\t", 'time: unknown unit "\\x09" in duration "1\\x09"'],
    ["1\u0080", 'time: unknown unit "\\xc2\\x80" in duration "1\\xc2\\x80"'],
    ["1\u007f", 'time: unknown unit "\u007f" in duration "1\u007f"'],
  ])("%j: %s", (text, message) => {
    expect(parseDuration(text)).toEqual({ ok: false, message });
  });

  test("formatMilliseconds writes Go's Duration.String of whole milliseconds", () => {
    expect(formatMilliseconds(1e6)).toBe("1ms");
    expect(formatMilliseconds(250e6)).toBe("250ms");
  });
});

describe("parseInt10 (strconv.ParseInt(text, 10, bits))", () => {
  test.each([
    ["0", 0],
    ["7", 7],
    ["+12", 12],
    ["-12", -12],
    ["007", 7],
    ["2147483647", 2147483647],
    ["-2147483648", -2147483648],
  ])("%j is %d", (text, value) => {
    expect(parseInt10(text, 32)).toEqual({ ok: true, value });
  });

  test.each([
    ["", 'strconv.ParseInt: parsing "": invalid syntax'],
    ["+", 'strconv.ParseInt: parsing "+": invalid syntax'],
    ["a1", 'strconv.ParseInt: parsing "a1": invalid syntax'],
    ["1a", 'strconv.ParseInt: parsing "1a": invalid syntax'],
    ["1-", 'strconv.ParseInt: parsing "1-": invalid syntax'],
    ["1_000", 'strconv.ParseInt: parsing "1_000": invalid syntax'],
    [" 1", 'strconv.ParseInt: parsing " 1": invalid syntax'],
    ["2147483648", 'strconv.ParseInt: parsing "2147483648": value out of range'],
    ["-2147483649", 'strconv.ParseInt: parsing "-2147483649": value out of range'],
  ])("%j: %s", (text, message) => {
    expect(parseInt10(text, 32)).toEqual({ ok: false, message });
  });

  test("the range follows the bit size", () => {
    expect(parseInt10("127", 8)).toEqual({ ok: true, value: 127 });
    expect(parseInt10("-128", 8)).toEqual({ ok: true, value: -128 });
    expect(parseInt10("128", 8)).toEqual({ ok: false, message: 'strconv.ParseInt: parsing "128": value out of range' });
  });
});

describe("parseUint (strconv.ParseUint(text, base, bits))", () => {
  test.each([
    ["0755", 8, 0o755],
    ["0", 8, 0],
    ["37777777777", 8, 2 ** 32 - 1],
    ["4294967295", 10, 2 ** 32 - 1],
    ["0010", 10, 10],
  ] as const)("%j in base %d is %d", (text, base, value) => {
    expect(parseUint(text, base, 32)).toEqual({ ok: true, value });
  });

  test.each([
    ["", 8, 'strconv.ParseUint: parsing "": invalid syntax'],
    ["8", 8, 'strconv.ParseUint: parsing "8": invalid syntax'],
    ["+7", 8, 'strconv.ParseUint: parsing "+7": invalid syntax'],
    ["-1", 10, 'strconv.ParseUint: parsing "-1": invalid syntax'],
    ["a7", 8, 'strconv.ParseUint: parsing "a7": invalid syntax'],
    ["7a", 10, 'strconv.ParseUint: parsing "7a": invalid syntax'],
    ["0o7", 8, 'strconv.ParseUint: parsing "0o7": invalid syntax'],
    ["40000000000", 8, 'strconv.ParseUint: parsing "40000000000": value out of range'],
    ["4294967296", 10, 'strconv.ParseUint: parsing "4294967296": value out of range'],
  ] as const)("%j in base %d: %s", (text, base, message) => {
    expect(parseUint(text, base, 32)).toEqual({ ok: false, message });
  });
});

describe("parseBool (strconv.ParseBool)", () => {
  test.each(["1", "t", "T", "TRUE", "true", "True"])("%j is true", (text) => {
    expect(parseBool(text)).toBe(true);
  });
  test.each(["0", "f", "F", "FALSE", "false", "False"])("%j is false", (text) => {
    expect(parseBool(text)).toBe(false);
  });
  test.each(["", "tRUE", "yes", "2", " true"])("%j is neither", (text) => {
    expect(parseBool(text)).toBeNull();
  });
});

describe("ramInBytes (go-units RAMInBytes: binary units)", () => {
  test.each([
    ["0", 0],
    ["512", 512],
    ["1k", 1024],
    ["1K", 1024],
    ["64m", 64 * 1024 ** 2],
    ["2g", 2 * 1024 ** 3],
    ["1t", 1024 ** 4],
    ["1p", 1024 ** 5],
    ["1.5k", 1536],
    ["1 k", 1024],
    ["1kb", 1024],
    ["1KiB", 1024],
    ["3b", 3],
    ["1 ", 1],
  ])("%j is %d bytes", (text, bytes) => {
    expect(ramInBytes(text)).toBe(bytes);
  });

  test.each(["", "k", "x1", "1x", "1kk", "1bb", "1kbi", "-1", "1.2.3k", "1  k", "k1"])("%j is no size", (text) => {
    expect(ramInBytes(text)).toBeNull();
  });
});

describe("csvFields (go-csvvalue Fields, encoding/csv's errors)", () => {
  test.each([
    ["a", ["a"]],
    ["a,b", ["a", "b"]],
    ["a,,b", ["a", "", "b"]],
    ["a,", ["a", ""]],
    [",", ["", ""]],
    ['"a,b",c', ["a,b", "c"]],
    ['"a""b"', ['a"b']],
    ['""', [""]],
    ['"",""', ["", ""]],
    ['a,"b"', ["a", "b"]],
    ['"a"\n', ["a"]],
    ["a,b\r\n", ["a", "b"]],
    ["a\r", ["a\r"]],
    [" a , b ", [" a ", " b "]],
  ])("%j is %j", (text, fields) => {
    expect(csvFields(text)).toEqual({ ok: true, value: fields });
  });

  test.each([
    ["", "EOF"],
    ["\n", "EOF"],
    ["\r\n", "EOF"],
    ['a"', 'parse error on line 1, column 2: bare " in non-quoted-field'],
    ['x,ab"c', 'parse error on line 1, column 5: bare " in non-quoted-field'],
    ['"a', 'parse error on line 1, column 2: extraneous or missing " in quoted-field'],
    ['"a""', 'parse error on line 1, column 5: extraneous or missing " in quoted-field'],
    ['"a"b', 'parse error on line 1, column 3: extraneous or missing " in quoted-field'],
    ['a,"b"c', 'parse error on line 1, column 5: extraneous or missing " in quoted-field'],
    // Columns count bytes, as Go does.
    ['\u00e9,"a', 'parse error on line 1, column 5: extraneous or missing " in quoted-field'],
    ['\u00e9"', 'parse error on line 1, column 3: bare " in non-quoted-field'],
  ])("%j: %s", (text, message) => {
    expect(csvFields(text)).toEqual({ ok: false, message });
  });
});
