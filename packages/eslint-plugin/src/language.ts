import type { File, Language, OkParseResult, ParseResult } from "@eslint/core";
import { type Diagnostic, type Dockerfile, type InstructionType, parse } from "@dfbuild/parser";
import { DockerfileSourceCode } from "./source-code.js";

/** What `parse` hands `createSourceCode`: the tree and the parser's diagnostics with it. */
interface DockerfileParseResult extends OkParseResult<Dockerfile> {
  diagnostics: readonly Diagnostic[];
}

const INSTRUCTION_TYPES: readonly InstructionType[] = [
  "From", "Run", "Cmd", "Entrypoint", "Shell", "Healthcheck", "Env", "Label", "Arg", "Expose",
  "Copy", "Add", "Volume", "Workdir", "User", "Stopsignal", "Maintainer", "Onbuild", "Unknown",
];

/**
 * The nodes ESLint visits, and what it descends into: the file's lines in order, and the
 * instruction an ONBUILD carries. Selectors name these types (`Run`, `From:exit`, `Onbuild > Run`).
 */
export const visitorKeys: Record<string, string[]> = {
  Dockerfile: ["children"],
  Comment: [],
  Directive: [],
  BlankLine: [],
  ...Object.fromEntries(INSTRUCTION_TYPES.map((type) => [type, type === "Onbuild" ? ["trigger"] : []])),
};

/**
 * The `dfbuild/dockerfile` language (ESLint's language API, as `@eslint/json` implements it:
 * https://eslint.org/docs/latest/extend/languages). Our parser never throws and never gives up on
 * a file: what it cannot read becomes `dfbuild/parse-error` findings with exact ranges, so the
 * other rules still run on the rest (as `dfbuild lint` does), rather than one fatal ESLint error.
 */
export const dockerfileLanguage: Language<{
  LangOptions: Record<string, unknown>;
  Code: DockerfileSourceCode;
  RootNode: Dockerfile;
  Node: { type: string };
}> = {
  fileType: "text",
  lineStart: 1,
  columnStart: 1,
  nodeTypeKey: "type",
  visitorKeys,
  defaultLanguageOptions: {},

  validateLanguageOptions(languageOptions: Record<string, unknown>): void {
    const keys = Object.keys(languageOptions);
    if (keys.length > 0) {
      throw new Error(`dfbuild/dockerfile takes no languageOptions (got ${keys.join(", ")}); rule settings go in settings.dfbuild`);
    }
  },

  parse(file: File): ParseResult<Dockerfile> {
    // ESLint has already taken a byte-order mark off the body (file.bom), as lintText does.
    const text = typeof file.body === "string" ? file.body : new TextDecoder().decode(file.body);
    const { ast, diagnostics } = parse(text);
    const result: DockerfileParseResult = { ok: true, ast, diagnostics };
    return result;
  },

  createSourceCode(file: File, input: OkParseResult<Dockerfile>): DockerfileSourceCode {
    const text = typeof file.body === "string" ? file.body : new TextDecoder().decode(file.body);
    const { diagnostics } = input as DockerfileParseResult;
    return new DockerfileSourceCode({ text, ast: input.ast, diagnostics, path: file.path });
  },
};
