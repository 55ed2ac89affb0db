import type { ParseResult } from "./ast.js";
import { buildAst } from "./build.js";
import { tokenize } from "./lexer.js";
import { LineIndex } from "./positions.js";

/**
 * Parses a Dockerfile. Never throws: problems are diagnostics with BuildKit's wording and an
 * exact range, and every instruction that can be read is in the tree.
 */
export function parse(text: string): ParseResult {
  try {
    return buildAst(text, tokenize(text));
  } catch (error) {
    // A bug in the parser must not take down an editor or a lint run: keep the text, report it.
    const index = new LineIndex(text);
    const range = index.range(0, text.length);
    const message = error instanceof Error ? error.message : String(error);
    return {
      ast: {
        type: "Dockerfile",
        range,
        escape: "\\",
        children: [{ type: "BlankLine", range, tokens: [{ type: "Unparsed", text, range }] }],
        directives: [],
        comments: [],
        instructions: [],
        globalArgs: [],
        stages: [],
      },
      diagnostics: [
        { severity: "error", code: "internal-error", message: `dfbuild parser failed (please report this): ${message}`, range, stage: "parse" },
      ],
    };
  }
}
