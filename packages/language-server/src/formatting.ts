import { FmtError, formatDockerfile } from "@dfbuild/fmt";
import { LSPErrorCodes, type Range, ResponseError, type TextEdit } from "vscode-languageserver";
import type { DocumentAnalysis } from "./analysis.js";
import { diffEdits, toTextEdits } from "./text-edits.js";

/**
 * Formatting with `dfbuild fmt` and the options of the nearest `.dfbuild.yaml` (`fmt:`), so the
 * editor and the command line agree; the editor's tab size is not used for that reason. The result
 * is sent as small edits (`diffEdits`), which keep the cursor and folds on unchanged lines.
 *
 * A range is formatted as the formatter works — instruction by instruction: the edits of the whole
 * document that lie within the lines the range touches. A file BuildKit cannot parse is not
 * formatted; the error says where, as `dfbuild fmt` does.
 */
export function formatting(analysis: DocumentAnalysis, range?: Range): TextEdit[] {
  let formatted: string;
  try {
    formatted = formatDockerfile(analysis.text, analysis.config.fmt).text;
  } catch (error) {
    if (!(error instanceof FmtError)) throw error;
    throw new ResponseError(LSPErrorCodes.RequestFailed, `dfbuild fmt: ${error.message}`, { code: error.code, line: error.line, column: error.column });
  }
  let edits = diffEdits(analysis.text, formatted);
  if (range) {
    const first = analysis.positions.offset({ line: range.start.line, character: 0 });
    // Through the end of the range's last line (its line break included: a blank line the range ends on).
    const last = range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
    const end = analysis.positions.offset({ line: last + 1, character: 0 });
    // An insertion at the start of the next line belongs to that line.
    edits = edits.filter((edit) => edit.start >= first && edit.end <= end && edit.start < end);
  }
  return toTextEdits(edits, analysis.positions);
}
