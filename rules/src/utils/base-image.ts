import type { FromInstruction, Word } from "@dfbuild/parser";
import type { LintFile } from "@dfbuild/linter";
import { type ImageReference, parseImageReference } from "./image.js";

export interface BaseImage {
  word: Word;
  reference: ImageReference;
  /** How to name it in a message: `ubuntu`, or `ubuntu (from ${IMAGE})`. */
  shown: string;
}

/**
 * The registry image a FROM builds on, with ARG defaults resolved; null for `scratch`, an earlier
 * stage, or a reference whose variables have no known value.
 */
export function baseImageOf(file: LintFile, node: FromInstruction): BaseImage | null {
  const word = node.image;
  if (!word) return null;
  const stage = file.stageOf(node);
  if (!stage?.baseImage) return null;
  const resolved = stage.baseImage;
  if (resolved.toLowerCase() === "scratch" || stage.baseStage !== null) return null;
  const shown = resolved === word.value ? resolved : `${resolved} (from ${word.value})`;
  return { word, reference: parseImageReference(resolved), shown };
}
