/**
 * Command-line flags parsed as the docker CLI parses them: spf13/pflag under cobra
 * (`flag.go` parseArgs, parseLongArg, parseSingleShortArg), so a script written for `docker build`
 * means the same thing to dfbuild.
 *
 * - A boolean takes a value only after `=` (`--pull=false`); `--pull false` makes `false` an
 *   operand. Values are Go's `strconv.ParseBool` spellings.
 * - Any other flag takes `--name=value`, `--name value`, `-nvalue`, `-n=value` or `-n value`.
 * - Short booleans combine (`-qt name`); operands and flags mix in any order; `--` ends the flags.
 * - A string slice (`--security-opt`) splits each value as one CSV record, as pflag's
 *   `stringSlice` does with Go's `encoding/csv`; a string array (`--tag`) keeps each value whole.
 *
 * Messages are pflag's own words (`unknown flag: --x`, `flag needs an argument: --x`,
 * `invalid argument "yes" for "--pull" flag: …`), which is what CI logs and search engines know.
 */

export type FlagKind = "bool" | "string" | "array" | "slice";

export interface FlagSpec {
  kind: FlagKind;
  /** A one-letter alias: `-t` for `--tag`. */
  short?: string;
  /** For a boolean: words accepted after `=` besides Go's boolean spellings, kept as written. */
  words?: readonly string[];
  /**
   * A flag docker documents that dfbuild refuses: parsing it fails with this one-line reason (after
   * its value is read, so `--squash=false` can be allowed by `acceptedWhen`).
   */
  rejected?: string;
  /** For a rejected flag: values that are accepted anyway (`--provenance=false` asks for nothing). */
  acceptedWhen?: (value: string) => boolean;
}

export type FlagTable = Readonly<Record<string, FlagSpec>>;

/** One flag as given: its long name and its value (`"true"`/`"false"` for a boolean). */
export interface ParsedFlag {
  name: string;
  value: string;
}

export interface ParsedArguments {
  /** Every flag in the order given; a slice flag appears once per CSV field. */
  flags: ParsedFlag[];
  operands: string[];
  /** `-h`/`--help` was given (and not defined as a flag). */
  help: boolean;
}

/** A command line that does not parse. `code` is stable; the message is pflag's wording. */
export class FlagError extends Error {
  override readonly name = "FlagError";
  readonly code = "DFB_CLI_FLAG";
}

const BOOL_VALUES: Readonly<Record<string, boolean>> = {
  "1": true, t: true, T: true, TRUE: true, true: true, True: true,
  "0": false, f: false, F: false, FALSE: false, false: false, False: false,
};

/** Go's `strconv.ParseBool`; undefined for anything else. */
export function parseGoBool(value: string): boolean | undefined {
  return Object.hasOwn(BOOL_VALUES, value) ? BOOL_VALUES[value] : undefined;
}

/** Go's `%q` for the strings command lines hold (JSON's escaping agrees for printable text). */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}

export function parseFlags(argv: readonly string[], table: FlagTable): ParsedArguments {
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(table)) if (spec.short !== undefined) byShort.set(spec.short, name);
  const result: ParsedArguments = { flags: [], operands: [], help: false };
  const args = [...argv];

  const set = (name: string, spec: FlagSpec, shown: string, raw: string): void => {
    let value = raw;
    if (spec.kind === "bool" && spec.words?.includes(raw) !== true) {
      const parsed = parseGoBool(raw);
      if (parsed === undefined) {
        throw new FlagError(`invalid argument ${goQuote(raw)} for "${shown}" flag: strconv.ParseBool: parsing ${goQuote(raw)}: invalid syntax`);
      }
      value = String(parsed);
    }
    if (spec.rejected !== undefined && spec.acceptedWhen?.(value) !== true) throw new FlagError(`--${name}: ${spec.rejected}`);
    if (spec.kind === "slice") {
      let fields: string[];
      try {
        fields = readCsvRecord(value);
      } catch (error) {
        throw new FlagError(`invalid argument ${goQuote(value)} for "${shown}" flag: ${(error as Error).message}`);
      }
      for (const field of fields) result.flags.push({ name, value: field });
      return;
    }
    result.flags.push({ name, value });
  };
  const shownName = (name: string): string => {
    const short = table[name]?.short;
    return short === undefined ? `--${name}` : `-${short}, --${name}`;
  };

  for (let arg = args.shift(); arg !== undefined; arg = args.shift()) {
    if (arg.length < 2 || !arg.startsWith("-")) {
      result.operands.push(arg);
      continue;
    }
    if (arg === "--") {
      result.operands.push(...args);
      break;
    }
    if (arg.startsWith("--")) {
      const body = arg.slice(2);
      if (body.startsWith("-") || body.startsWith("=")) throw new FlagError(`bad flag syntax: ${arg}`);
      const equals = body.indexOf("=");
      const name = equals === -1 ? body : body.slice(0, equals);
      const spec = Object.hasOwn(table, name) ? table[name] : undefined;
      if (spec === undefined) {
        if (name === "help") {
          result.help = true;
          continue;
        }
        throw new FlagError(`unknown flag: --${name}`);
      }
      const value = equals !== -1 ? body.slice(equals + 1) : spec.kind === "bool" ? "true" : args.shift();
      if (value === undefined) throw new FlagError(`flag needs an argument: --${name}`);
      set(name, spec, shownName(name), value);
      continue;
    }
    // A group of shorthands: -q, -qt name, -tname, -t=name.
    let shorthands = arg.slice(1);
    while (shorthands.length > 0) {
      const letter = shorthands.charAt(0);
      const name = byShort.get(letter);
      if (name === undefined) {
        if (letter === "h") {
          result.help = true;
          shorthands = shorthands.slice(1);
          continue;
        }
        throw new FlagError(`unknown shorthand flag: '${letter}' in -${shorthands}`);
      }
      const spec = table[name];
      if (spec === undefined) throw new FlagError(`unknown flag: --${name}`);
      let value: string | undefined;
      if (shorthands.length > 2 && shorthands.charAt(1) === "=") value = shorthands.slice(2);
      else if (spec.kind === "bool") value = "true";
      else if (shorthands.length > 1) value = shorthands.slice(1);
      else value = args.shift();
      if (value === undefined) throw new FlagError(`flag needs an argument: '${letter}' in -${shorthands}`);
      // A boolean leaves the letters after it to parse; a value takes the rest of the group.
      shorthands = spec.kind === "bool" && !(shorthands.length > 2 && shorthands.charAt(1) === "=") ? shorthands.slice(1) : "";
      set(name, spec, shownName(name), value);
    }
  }
  return result;
}

/**
 * One record of Go's `encoding/csv` reader with its defaults (comma `,`, no lazy quotes): fields
 * may be quoted, `""` is a quote inside a quoted field, and a quote inside an unquoted field is an
 * error. An empty string is no field at all (pflag's `readAsCSV`).
 */
export function readCsvRecord(text: string): string[] {
  if (text === "") return [];
  const fields: string[] = [];
  let index = 0;
  for (;;) {
    let field = "";
    if (text.charAt(index) === '"') {
      index++;
      for (;;) {
        const quote = text.indexOf('"', index);
        if (quote === -1) throw new Error(`parse error on line 1, column ${String(text.length + 1)}: extraneous or missing " in quoted-field`);
        field += text.slice(index, quote);
        index = quote + 1;
        if (text.charAt(index) === '"') {
          field += '"';
          index++;
          continue;
        }
        if (index < text.length && text.charAt(index) !== ",") {
          throw new Error(`parse error on line 1, column ${String(index + 1)}: extraneous or missing " in quoted-field`);
        }
        break;
      }
    } else {
      const comma = text.indexOf(",", index);
      const end = comma === -1 ? text.length : comma;
      field = text.slice(index, end);
      const quote = field.indexOf('"');
      if (quote !== -1) throw new Error(`parse error on line 1, column ${String(index + quote + 1)}: bare " in non-quoted-field`);
      index = end;
    }
    fields.push(field);
    if (index >= text.length) return fields;
    index++; // the comma
    if (index === text.length) {
      fields.push("");
      return fields;
    }
  }
}
