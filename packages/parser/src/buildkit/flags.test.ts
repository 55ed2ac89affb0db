import { describe, expect, test } from "vitest";
import { FLAG_SPECS, type FlagSpec, type ParsedFlag, isFlagError, parseFlags } from "./flags.js";
import type { Span } from "./line.js";

/** The flag words of an instruction, each with the offsets it would have on a line. */
function words(...values: string[]): Span[] {
  let start = 0;
  return values.map((value) => {
    const span = { value, start, end: start + value.length };
    start = span.end + 1;
    return span;
  });
}

const SPECS: FlagSpec[] = [
  { name: "link", kind: "bool" },
  { name: "from", kind: "string" },
  { name: "mount", kind: "strings" },
];

function flags(...values: string[]): Record<string, Omit<ParsedFlag, "spans"> & { spans: string[] }> {
  const result = parseFlags(words(...values), SPECS);
  if (isFlagError(result)) throw new Error(`unexpected error: ${result.message}`);
  return Object.fromEntries([...result].map(([name, flag]) => [name, { ...flag, spans: flag.spans.map((span) => span.value) }]));
}

function error(...values: string[]): { message: string; word: string } {
  const result = parseFlags(words(...values), SPECS);
  if (!isFlagError(result)) throw new Error("expected an error");
  return { message: result.message, word: result.span.value };
}

describe("parseFlags (BuildKit's BFlags.Parse)", () => {
  test("no flags, and flags of every kind", () => {
    expect(flags()).toEqual({});
    expect(flags("--link", "--from=build", "--mount=type=cache", "--mount=type=tmpfs")).toEqual({
      link: { name: "link", kind: "bool", value: "true", values: [], spans: ["--link"] },
      from: { name: "from", kind: "string", value: "build", values: ["build"], spans: ["--from=build"] },
      mount: { name: "mount", kind: "strings", value: "type=tmpfs", values: ["type=cache", "type=tmpfs"], spans: ["--mount=type=cache", "--mount=type=tmpfs"] },
    });
  });

  test("a bool flag is true without a value, else true or false in any case", () => {
    expect(flags("--link=TRUE").link?.value).toBe("true");
    expect(flags("--link=False").link?.value).toBe("false");
    expect(flags("--link=false").link?.value).toBe("false");
  });

  test("a string flag may be empty, and keeps what follows the first =", () => {
    expect(flags("--from=").from).toMatchObject({ value: "", values: [""] });
    expect(flags("--from=a=b").from).toMatchObject({ value: "a=b", values: ["a=b"] });
  });

  test("-- ends the flags: what follows is not read", () => {
    expect(flags("--link", "--", "--bogus")).toEqual({ link: expect.objectContaining({ value: "true" }) as unknown });
    expect(flags("--", "--from")).toEqual({});
  });

  test.each([
    [["-link"], "arg should start with -- : -link", "-link"],
    [["--link", "from=x"], "arg should start with -- : from=x", "from=x"],
    [["--bogus"], "unknown flag: --bogus", "--bogus"],
    [["--bogus=1"], "unknown flag: --bogus", "--bogus=1"],
    // Case-sensitive suggestions, as BuildKit's suggest.WrapError(…, true) makes them.
    [["--LINK"], "unknown flag: --LINK", "--LINK"],
    [["--LNK"], "unknown flag: --LNK", "--LNK"],
    [["--lnk"], "unknown flag: --lnk (did you mean link?)", "--lnk"],
    [["--fro=x"], "unknown flag: --fro (did you mean from?)", "--fro=x"],
    [["--link", "--link"], "duplicate flag specified: --link", "--link"],
    [["--from=a", "--from=b"], "duplicate flag specified: --from", "--from=b"],
    [["--link="], "missing a value on flag: --link", "--link="],
    [["--link=yes"], "expecting boolean value for flag --link, not: yes", "--link=yes"],
    [["--link=1"], "expecting boolean value for flag --link, not: 1", "--link=1"],
    [["--from"], "missing a value on flag: --from", "--from"],
    [["--mount"], "missing a value on flag: --mount", "--mount"],
    // The first error wins.
    [["--bogus", "--from"], "unknown flag: --bogus", "--bogus"],
  ])("%j: %s", (values, message, word) => {
    expect(error(...values)).toEqual({ message, word });
  });

  test("an instruction without flags takes none", () => {
    const result = parseFlags(words("--link"), FLAG_SPECS.NONE);
    expect(isFlagError(result) ? result.message : "no error").toBe("unknown flag: --link");
  });
});
