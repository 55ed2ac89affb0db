import type { Instruction, Word } from "@dfbuild/parser";
import { expand } from "@dfbuild/parser";
import type { LintFile, StageInfo } from "@dfbuild/linter";

/**
 * A word as the builder splits it into words after expanding it (BuildKit `ProcessWords`, as
 * EXPOSE and VOLUME use it), with the variables in scope at the instruction; null when a variable
 * it uses has no value the build is certain of, or the expansion fails.
 */
export function expandWords(file: LintFile, word: Word, instruction: Instruction): string[] | null {
  const seen = { uncertain: false };
  const result = expand(
    word.value,
    (name) => {
      const definition = file.semantic.lookup(name, instruction);
      if (!definition) {
        // Not defined in the file: the base image's environment may define it.
        if (buildsOnImage(file.stageOf(instruction))) seen.uncertain = true;
        return undefined;
      }
      if (!definition.certain) seen.uncertain = true;
      return definition.state === "set" ? definition.value : undefined;
    },
    { escape: file.escape },
  );
  return result.ok && !seen.uncertain ? result.words : null;
}

/** Whether a stage builds on an image (directly or through earlier stages), whose environment the file does not show. */
export function buildsOnImage(stage: StageInfo | null): boolean {
  let current = stage;
  while (current?.baseStage) current = current.baseStage;
  return current !== null && current.base.resolution !== "scratch";
}
