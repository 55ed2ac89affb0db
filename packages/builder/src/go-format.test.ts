import { describe, expect, test } from "vitest";
import { goDuration, goList, goQuote, goQuoteList, goQuoteRune } from "./go-format.js";

describe("Go formatting in history comments", () => {
  test("strconv.Quote and %q of a slice", () => {
    expect(goQuote('say "hi"\n\t\\')).toBe('"say \\"hi\\"\\n\\t\\\\"');
    expect(goQuote("\x00é")).toBe('"\\x00é"');
    expect(goQuoteList(["CMD-SHELL", "curl -f localhost"])).toBe('["CMD-SHELL" "curl -f localhost"]');
    expect(goQuoteList(null)).toBe("[]");
    expect(goList(["/bin/sh", "-xc"])).toBe("[/bin/sh -xc]");
  });

  test("%q of an int is a quoted rune", () => {
    expect(goQuoteRune(0)).toBe("'\\x00'");
    expect(goQuoteRune(3)).toBe("'\\x03'");
    expect(goQuoteRune(65)).toBe("'A'");
  });

  test("time.Duration.String", () => {
    expect(goDuration(0)).toBe("0s");
    expect(goDuration(5e9)).toBe("5s");
    expect(goDuration(90e9)).toBe("1m30s");
    expect(goDuration(3600e9)).toBe("1h0m0s");
    expect(goDuration(1.5e9)).toBe("1.5s");
    expect(goDuration(500e6)).toBe("500ms");
    expect(goDuration(1500)).toBe("1.5µs");
  });
});
