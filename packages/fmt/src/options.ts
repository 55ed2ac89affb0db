/** The formatter's options, as `.dfbuild.yaml`'s `fmt:` section spells them. */
export interface FmtOptions {
  /** Instruction keywords and `AS`: `upper` (default, as Docker's documentation writes them), `lower`, or `preserve`. */
  keywordCase: "upper" | "lower" | "preserve";
  /** Continuation lines, where the builder does not read their indentation: a number of spaces (default 4) or `tab`. */
  indent: number | "tab";
  /** One blank line before each stage after the first (default true). */
  blankLineBetweenStages: boolean;
}

export const DEFAULT_FMT_OPTIONS: Readonly<FmtOptions> = Object.freeze({ keywordCase: "upper", indent: 4, blankLineBetweenStages: true });

/** The keys of the `fmt:` section, as written in YAML. */
const KEYS = { "keyword-case": "keywordCase", indent: "indent", "blank-line-between-stages": "blankLineBetweenStages" } as const;

/** A problem with one setting: its key (`fmt.indent`) and what is wrong. */
export interface FmtOptionProblem {
  key: string;
  detail: string;
  /** Whether the key itself is wrong (unknown), rather than its value. */
  atKey: boolean;
}

/**
 * Reads a `fmt:` section (already parsed YAML). Returns the options, or the first problem with
 * the key it concerns, for the configuration loader to report at its position.
 */
export function readFmtOptions(section: unknown): { options: FmtOptions } | { problem: FmtOptionProblem } {
  const options: FmtOptions = { ...DEFAULT_FMT_OPTIONS };
  if (section === null || section === undefined) return { options };
  if (typeof section !== "object" || Array.isArray(section)) {
    return { problem: { key: "", detail: "expected a mapping of formatter settings (keyword-case, indent, blank-line-between-stages)", atKey: false } };
  }
  for (const [key, value] of Object.entries(section as Record<string, unknown>)) {
    const problem = (detail: string, atKey = false): { problem: FmtOptionProblem } => ({ problem: { key, detail, atKey } });
    if (!(key in KEYS)) return problem(`unknown setting (expected ${Object.keys(KEYS).join(", ")})`, true);
    switch (KEYS[key as keyof typeof KEYS]) {
      case "keywordCase":
        if (value !== "upper" && value !== "lower" && value !== "preserve") return problem(`expected upper, lower or preserve, got ${JSON.stringify(value)}`);
        options.keywordCase = value;
        break;
      case "indent":
        if (value === "tab") options.indent = "tab";
        else if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 16) options.indent = value;
        else return problem(`expected a number of spaces from 0 to 16, or tab, got ${JSON.stringify(value)}`);
        break;
      case "blankLineBetweenStages":
        if (typeof value !== "boolean") return problem(`expected true or false, got ${JSON.stringify(value)}`);
        options.blankLineBetweenStages = value;
        break;
    }
  }
  return { options };
}
