import type { Range as SourceRange } from "@dfbuild/parser";
import type { Position, Range } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";

const BOM = "\uFEFF";

/**
 * Converts between the parser's positions and the editor's. Both count UTF-16 code units, but
 * they split lines differently: BuildKit (and so the parser) ends a line at `\n` only, while LSP
 * also ends one at a lone `\r`. Offsets are the same for both, so every conversion goes through
 * the offset and the document's own line table, never through the parser's line and column.
 *
 * The linter drops a leading byte-order mark (BuildKit does too) and counts from the character
 * after it; most editors drop it before the server sees the text, and where one does not, the
 * offsets are shifted by its length here.
 */
export class PositionMapper {
  /** The text the parser and linter see: the document's, without a byte-order mark. */
  readonly text: string;
  readonly #shift: number;

  constructor(readonly document: TextDocument) {
    const text = document.getText();
    this.#shift = text.startsWith(BOM) ? BOM.length : 0;
    this.text = this.#shift === 0 ? text : text.slice(this.#shift);
  }

  position(offset: number): Position {
    return this.document.positionAt(offset + this.#shift);
  }

  range(range: SourceRange): Range {
    return { start: this.position(range.start.offset), end: this.position(range.end.offset) };
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /** The offset in `text` of an editor position (clamped to the text). */
  offset(position: Position): number {
    return Math.max(0, this.document.offsetAt(position) - this.#shift);
  }
}

/** Whether `offset` lies in `[start, end]` (the end included, as a cursor right after a word is on it). */
export function touches(range: SourceRange, offset: number): boolean {
  return range.start.offset <= offset && offset <= range.end.offset;
}

/** Whether two LSP ranges share at least a position. */
export function overlaps(a: Range, b: Range): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
