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
 * The registry image a FROM builds on when the build passes no `--build-arg`: global ARG defaults
 * resolved, an ARG without a default unset (so `${BASE:-alpine}` is `alpine`, as BuildKit builds
 * it). Null for `scratch`, an earlier stage, or a reference that expands to nothing.
 */
export function baseImageOf(file: LintFile, node: FromInstruction): BaseImage | null {
  const word = node.image;
  if (!word) return null;
  const stage = file.stageOf(node);
  if (stage?.baseStage !== null) return null;
  const resolved = stage.baseImage ?? file.semantic.evaluate(word, node).value;
  // An earlier stage, named as written or by a default (`${BASE:-builder}`), is `baseStage` above:
  // the parser resolves it as BuildKit's `dispatchStates.addState` does, by name only, so a
  // default that is a stage's index (`${BASE:-0}`) names an image.
  if (resolved === null || resolved === "" || resolved.toLowerCase() === "scratch") return null;
  const shown = resolved === word.value ? resolved : `${resolved} (from ${word.value})`;
  return { word, reference: parseImageReference(resolved), shown };
}
