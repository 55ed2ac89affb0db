/** Types of sum-rows.mjs (a plain Node script, so that it runs without a build). */
export interface MutationRow {
  package: string;
  /** The package's bold summary row. */
  summary: boolean;
  module: string;
  /** The module cell's first code span, without its `:START-END`. */
  file: string;
  /** `START-END` when the row is a span of its file. */
  span: string | null;
  date: string;
  mutants: number;
  killed: number;
  timedOut: number;
  survived: number;
  noCoverage: number;
  compileErrors: number;
}

export interface PackageSum {
  used: MutationRow[];
  /** Span rows left out because their file has a whole-file row. */
  left: MutationRow[];
  files: number;
  total: Pick<MutationRow, "mutants" | "killed" | "timedOut" | "survived" | "noCoverage" | "compileErrors">;
  detected: number;
  valid: number;
  score: number | null;
}

export function mutationRows(readme: string): MutationRow[];
export function sumPackage(readme: string, name: string, exclude?: readonly string[]): PackageSum;
export function packageRow(name: string, sum: PackageSum): string;
