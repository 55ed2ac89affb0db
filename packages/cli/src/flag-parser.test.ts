import { describe, expect, test } from "vitest";
import { FlagError, type FlagTable, parseFlags, parseGoBool, readCsvRecord } from "./flag-parser.js";

const table: FlagTable = {
  pull: { kind: "bool" },
  quiet: { kind: "bool", short: "q" },
  tag: { kind: "array", short: "t" },
  file: { kind: "string", short: "f" },
  "security-opt": { kind: "slice" },
  squash: { kind: "bool", rejected: "no squashing", acceptedWhen: (value) => value === "false" },
  mode: { kind: "bool", words: ["never"] },
};

const flags = (argv: string[]): [string, string][] => parseFlags(argv, table).flags.map(({ name, value }) => [name, value]);

describe("parseFlags (pflag semantics)", () => {
  test("a boolean takes a value only after =, never from the next word", () => {
    expect(parseFlags(["--pull", "false"], table)).toEqual({ flags: [{ name: "pull", value: "true" }], operands: ["false"], help: false });
    expect(flags(["--pull=false"])).toEqual([["pull", "false"]]);
    expect(flags(["--pull=T", "--quiet=0"])).toEqual([["pull", "true"], ["quiet", "false"]]);
  });

  test("only Go's ParseBool spellings are booleans", () => {
    expect(() => parseFlags(["--pull=yes"], table)).toThrow(new FlagError('invalid argument "yes" for "--pull" flag: strconv.ParseBool: parsing "yes": invalid syntax'));
    expect(() => parseFlags(["-q=on"], table)).toThrow('invalid argument "on" for "-q, --quiet" flag');
    for (const word of ["1", "t", "T", "TRUE", "true", "True"]) expect(parseGoBool(word)).toBe(true);
    for (const word of ["0", "f", "F", "FALSE", "false", "False"]) expect(parseGoBool(word)).toBe(false);
    expect(parseGoBool("tRuE")).toBeUndefined();
  });

  test("a boolean may accept extra words, kept as written", () => {
    expect(flags(["--mode=never"])).toEqual([["mode", "never"]]);
  });

  test("values: --name=v, --name v, -nv, -n=v, -n v", () => {
    expect(flags(["--tag=a", "--tag", "b", "-tc", "-t=d", "-t", "e"])).toEqual([["tag", "a"], ["tag", "b"], ["tag", "c"], ["tag", "d"], ["tag", "e"]]);
    expect(flags(["--file="])).toEqual([["file", ""]]);
    expect(flags(["--file", "--pull"])).toEqual([["file", "--pull"]]);
  });

  test("short booleans combine with a value flag at the end", () => {
    expect(flags(["-qt", "app"])).toEqual([["quiet", "true"], ["tag", "app"]]);
    expect(flags(["-qtapp"])).toEqual([["quiet", "true"], ["tag", "app"]]);
  });

  test("operands mix with flags; - is an operand; -- ends the flags", () => {
    expect(parseFlags(["ctx", "-q", "-", "--", "--pull", "-t"], table).operands).toEqual(["ctx", "-", "--pull", "-t"]);
  });

  test("a slice splits each value as one CSV record; an array keeps it whole", () => {
    expect(flags(["--security-opt", 'a=1,"b=2,3"', "--security-opt=c", "-t", "x,y"])).toEqual([
      ["security-opt", "a=1"],
      ["security-opt", "b=2,3"],
      ["security-opt", "c"],
      ["tag", "x,y"],
    ]);
    expect(() => parseFlags(["--security-opt", 'a"b'], table)).toThrow('invalid argument "a\\"b" for "--security-opt" flag: parse error on line 1, column 2: bare " in non-quoted-field');
  });

  test("pflag's messages for unknown flags, missing values and bad syntax", () => {
    expect(() => parseFlags(["--nope"], table)).toThrow(new FlagError("unknown flag: --nope"));
    expect(() => parseFlags(["-x"], table)).toThrow("unknown shorthand flag: 'x' in -x");
    expect(() => parseFlags(["-qx"], table)).toThrow("unknown shorthand flag: 'x' in -x");
    expect(() => parseFlags(["--tag"], table)).toThrow("flag needs an argument: --tag");
    expect(() => parseFlags(["-t"], table)).toThrow("flag needs an argument: 't' in -t");
    expect(() => parseFlags(["---tag"], table)).toThrow("bad flag syntax: ---tag");
    expect(() => parseFlags(["--=x"], table)).toThrow("bad flag syntax: --=x");
  });

  test("-h and --help ask for help unless defined", () => {
    expect(parseFlags(["-h"], table).help).toBe(true);
    expect(parseFlags(["--help"], table).help).toBe(true);
  });

  test("a refused flag fails with its reason unless its value is allowed", () => {
    expect(() => parseFlags(["--squash"], table)).toThrow(new FlagError("--squash: no squashing"));
    expect(flags(["--squash=false"])).toEqual([["squash", "false"]]);
  });

  test("unknown names never match by prefix or prototype", () => {
    expect(() => parseFlags(["--constructor"], table)).toThrow("unknown flag: --constructor");
    expect(() => parseFlags(["--pul"], table)).toThrow("unknown flag: --pul");
  });
});

describe("readCsvRecord (Go encoding/csv, one record)", () => {
  test.each([
    ["", []],
    ["a", ["a"]],
    ["a,b", ["a", "b"]],
    ["a,", ["a", ""]],
    [",", ["", ""]],
    ['"a,b",c', ["a,b", "c"]],
    ['"say ""hi"""', ['say "hi"']],
  ])("%j", (text, fields) => {
    expect(readCsvRecord(text)).toEqual(fields);
  });

  test("quotes out of place are errors", () => {
    expect(() => readCsvRecord('"ab')).toThrow('extraneous or missing " in quoted-field');
    expect(() => readCsvRecord('"a"b')).toThrow('extraneous or missing " in quoted-field');
  });
});
