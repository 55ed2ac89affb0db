import { PROXY_ARGS, type ArgInstruction, type BuildStage, type VariableDefinition } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";

/** ARGs the builder reads itself (BuildKit's `BUILDKIT_*` settings, reproducible builds' SOURCE_DATE_EPOCH). */
const BUILDER_ARG = /^(?:BUILDKIT_\w+|SOURCE_DATE_EPOCH)$/;

export default defineRule({
  meta: {
    id: "unused-arg",
    severity: "info",
    type: "suggestion",
    docs: { description: "Remove ARGs nothing uses" },
    messages: {
      unusedGlobal: "Global ARG {{name}} is never used: no FROM refers to it and no stage declares `ARG {{name}}` to take its value. Remove it.",
      unusedStage:
        "ARG {{name}} is never used: nothing after it in the stage refers to it, and no RUN follows that could read it from the environment. Remove it.",
      predefinedGlobal:
        "Global ARG {{name}} without a default changes nothing: BuildKit already defines {{name}} for every FROM, and a stage's `ARG {{name}}` takes that value. Remove it.",
    },
  },
  create(context) {
    const { file } = context;
    return {
      "Dockerfile:exit": () => {
        const { semantic } = file;
        // Global ARGs a stage takes with `ARG NAME`.
        const inherited = new Set<VariableDefinition>();
        for (const definition of semantic.definitions) if (definition.inherits) inherited.add(definition.inherits);
        // The ARGs the builder defines in the global scope (BuildKit's platform ARGs, TARGETSTAGE;
        // the proxy ARGs are not there: FROM does not see them).
        const predefinedGlobals = new Set(
          semantic.definitions.filter((definition) => definition.kind === "predefined" && definition.stage === null && !PROXY_ARGS.has(definition.name)).map((definition) => definition.name),
        );
        // The stages built on each stage (their RUNs see its ARGs: BuildKit keeps them in the state).
        const children = new Map<BuildStage, BuildStage[]>();
        for (const stage of file.stages) if (stage.baseStage) children.set(stage.baseStage, [...(children.get(stage.baseStage) ?? []), stage]);
        const runsAfter = (stage: BuildStage, offset: number): boolean => {
          if (stage.instructions.some((instruction) => instruction.type === "Run" && instruction.range.start.offset > offset)) return true;
          return (children.get(stage) ?? []).some((child) => runsAfter(child, -1));
        };
        for (const definition of semantic.definitions) {
          if (definition.kind !== "arg" || definition.instruction === null || definition.nameRange === null) continue;
          if (BUILDER_ARG.test(definition.name) || semantic.referencesTo(definition).length > 0) continue;
          const instruction = definition.instruction as ArgInstruction;
          if (definition.stage === null) {
            // BuildKit's `buildMetaArgs` replaces a global only when the ARG has a value (a default
            // or a --build-arg): `ARG TARGETPLATFORM` alone leaves the automatic one in place, which
            // is what the FROM lines and the stages' ARGs then see (the semantic model resolves them to it).
            if (definition.valueWord === null && predefinedGlobals.has(definition.name)) {
              context.report({ range: definition.nameRange, messageId: "predefinedGlobal", data: { name: definition.name } });
              continue;
            }
            if (inherited.has(definition)) continue;
            context.report({ range: definition.nameRange, messageId: "unusedGlobal", data: { name: definition.name } });
            continue;
          }
          // A stage ARG is in the environment of every later RUN of the stage (and of stages built on it).
          if (runsAfter(definition.stage, instruction.range.end.offset)) continue;
          context.report({ range: definition.nameRange, messageId: "unusedStage", data: { name: definition.name } });
        }
      },
    };
  },
});
