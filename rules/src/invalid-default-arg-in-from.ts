import { analyze } from "@dfbuild/parser";
import type { Dockerfile, FromInstruction, Instruction, SemanticModel } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { isValidImageReference } from "./utils/image-name.js";
import { onFirstLine } from "./utils/stage-reference.js";

/**
 * The platform the check assumes for BuildKit's platform ARGs. BuildKit uses the builder's own;
 * linux/amd64 is what most builds run on.
 */
const ASSUMED_PLATFORM = { os: "linux", architecture: "amd64" };

/**
 * The part of a Dockerfile its FROM lines see: the instructions before the first FROM and each
 * stage's FROM, without the stages' bodies (a FROM is expanded with the global ARGs alone, which
 * is all `validateBaseImagesWithDefaultArgs` reads). Ranges and the escape character stay the file's.
 */
function globalPart(ast: Dockerfile, preamble: readonly Instruction[]): Dockerfile {
  const stages = ast.stages.map((stage) => ({ ...stage, instructions: [] }));
  const instructions = [...preamble, ...ast.stages.map((stage) => stage.from)];
  // Its top-level nodes are those instructions: `analyze` reads instructions and stages, and
  // comments and blank lines mean nothing to it.
  return { ...ast, children: instructions, instructions, stages };
}

export default defineRule({
  meta: {
    id: "invalid-default-arg-in-from",
    aliases: ["InvalidDefaultArgInFrom"],
    severity: "warning",
    type: "problem",
    docs: { description: "Give the global ARGs a FROM uses defaults that make a valid image name" },
    messages: {
      invalidName:
        'Base image name "{{value}}" is not a valid image reference (BuildKit reports it as InvalidDefaultArgInFrom): the build fails. Write a lower-case repository with a valid tag.',
      invalid:
        "Default value for ARG {{image}} results in empty or invalid base image name \"{{value}}\": a build without --build-arg fails. Give the ARG a default (ARG NAME=value) or use ${NAME:-value}.",
    },
  },
  create(context) {
    const { file } = context;
    return {
      "Dockerfile:exit": () => {
        const candidates = file.stages.map((stage) => stage.from).filter((from): from is FromInstruction & { image: NonNullable<FromInstruction["image"]> } => from.image !== null);
        if (candidates.length === 0) return;
        // BuildKit's `validateBaseImagesWithDefaultArgs` (`dockerfile2llb/validations.go`): the
        // global ARGs as if no --build-arg were given (an ARG without a default is unset), each
        // FROM's name expanded with them and parsed with distribution/reference's
        // ParseNormalizedNamed (every FROM: a name that is invalid as written is reported too, as
        // BuildKit does). Any expansion error abandons the whole check.
        // Only the global ARGs and the FROMs take part, so only they are analysed again (the
        // stages' own instructions would cost time linear in the file for nothing).
        const model: SemanticModel = analyze(globalPart(file.ast, file.preamble), { buildArgs: {}, targetPlatform: ASSUMED_PLATFORM });
        // (Every definition is a global ARG's: the part analysed has no stage bodies.)
        if (model.definitions.some((definition) => definition.error !== null)) return;
        const results = [];
        for (const from of candidates) {
          const evaluation = model.evaluate(from.image, from);
          if (evaluation.value === null) return;
          results.push({ from, value: evaluation.value, literal: evaluation.matched.length === 0 && evaluation.unmatched.length === 0 });
        }
        for (const { from, value, literal } of results) {
          if (isValidImageReference(value)) continue;
          if (literal) context.report({ range: onFirstLine(from, from.image), messageId: "invalidName", data: { value } });
          else context.report({ range: onFirstLine(from, from.image), messageId: "invalid", data: { image: from.image.value, value } });
        }
      },
    };
  },
});
