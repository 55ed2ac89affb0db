import type { BuildStage, Instruction, Range, VariableReference } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { onFirstLine } from "./utils/stage-reference.js";
import { suggestName } from "./utils/suggest.js";

/** BuildKit's `nonEnvArgs` (`dockerfile2llb/convert.go`): ARGs it never reports or adds to the environment. */
const NON_ENV_ARGS = new Set(["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"]);

/** Instructions whose words BuildKit expands itself but does not check here: FROM has UndefinedArgInFrom; EXPOSE is expanded without the check. */
const UNCHECKED = new Set<Instruction["type"]>(["From", "Expose"]);

/**
 * The units BuildKit expands one at a time (a word, a flag's value, a heredoc body): its
 * `ProcessWord` reports each variable once per unit. Their ranges, outermost first.
 */
function expansionUnits(instruction: Instruction): Range[] {
  const units: Range[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== "object") return;
    const node = value as { type?: unknown; range?: Range; body?: Range };
    // A heredoc's range runs from its `<<EOF` marker over the rest of that line (the other words
    // of the instruction) to its terminator: the unit BuildKit expands is the body alone.
    if (node.type === "Heredoc" && node.body) {
      units.push(node.body);
      return;
    }
    if ((node.type === "Word" || node.type === "Flag") && node.range) {
      units.push(node.range);
      return;
    }
    for (const [key, child] of Object.entries(value)) if (key !== "range" && key !== "keyword" && key !== "trigger") visit(child);
  };
  for (const [key, child] of Object.entries(instruction)) if (key !== "range" && key !== "keyword") visit(child);
  return units;
}

export default defineRule({
  meta: {
    id: "undefined-var",
    aliases: ["UndefinedVar"],
    severity: "warning",
    type: "problem",
    docs: { description: "Define a variable (ARG or ENV) before the build uses it" },
    messages: {
      undefined:
        "Usage of undefined variable '${{name}}': no ARG or ENV defines it here, so the build expands it to an empty string{{image}}. Declare it (`ARG {{name}}`) before this line, or fix the name.",
      undefinedSuggest: "Usage of undefined variable '${{name}}' (did you mean ${{suggestion}}?): no ARG or ENV defines it here, so the build expands it to an empty string{{image}}.",
    },
  },
  create(context) {
    const { file } = context;
    /**
     * Whether the stage's chain of bases is known: `FROM base-$TARGETARCH` may be an earlier
     * stage, whose ARGs and ENVs the build then inherits.
     */
    function baseKnown(stage: BuildStage): boolean {
      for (let current: BuildStage | null = stage; current !== null; current = current.baseStage) if (!current.base.certain) return false;
      return true;
    }

    /** The instructions that define each name (ARG and ENV, anywhere in the file). */
    let definers: Map<string, Instruction[]> | null = null;
    /**
     * Whether an instruction other than `except` defines the name. An `ENV X=$X:…` appends to the
     * base image's X, and `ENV A=… B=$A` sees the image's A (the instruction's own pairs are
     * expanded before any is set): neither shows that the image lacks the name.
     */
    function definedElsewhere(name: string, except: Instruction | null): boolean {
      if (definers === null) {
        definers = new Map();
        for (const definition of file.semantic.definitions) {
          if (definition.instruction === null) continue;
          const list = definers.get(definition.name);
          if (list) list.push(definition.instruction);
          else definers.set(definition.name, [definition.instruction]);
        }
      }
      return (definers.get(name) ?? []).some((instruction) => instruction !== except);
    }

    /**
     * BuildKit's hint: the closest name in the stage's environment (ARGs with a value, ENVs, and
     * PATH, which every Linux stage has).
     */
    function suggestionFor(reference: VariableReference): string | null {
      const options = new Set<string>(["PATH"]);
      for (const [name, definition] of file.semantic.scopeAt(reference.instruction)) {
        if (name !== "" && definition.state !== "unset" && definition.kind !== "predefined") options.add(name);
      }
      return suggestName(reference.name, options);
    }

    /**
     * Whether a hint shows a typo even where the base image's environment is unknown: a name the
     * file defines, or PATH misspelt in place (`PAHT`; `GOPATH` is golang's own variable, not a typo).
     */
    function trusted(name: string, suggestion: string): boolean {
      return suggestion === "PATH" ? name.length === suggestion.length : definedElsewhere(suggestion, null);
    }

    function report(reference: VariableReference, suggestion: string | null): void {
      const image = reference.fromBaseImage ? " unless the base image's environment sets it" : "";
      context.report({
        range: onFirstLine(reference.instruction, reference),
        messageId: suggestion === null ? "undefined" : "undefinedSuggest",
        data: suggestion === null ? { name: reference.name, image } : { name: reference.name, suggestion, image },
      });
    }

    return {
      "Dockerfile:exit": () => {
        // BuildKit (`dockerfile2llb/convert.go`, `dispatch` and `dispatchArg` →
        // `reportUnmatchedVariables`) reports, for the instructions of every stage it dispatches
        // (a lint dispatches all), each variable a word looked up that is neither in the stage's
        // environment (the base image's, ENVs, ARGs with a value) nor an ARG the stage declared.
        // The semantic model has exactly those references (context `build`) and what they see.
        let current: Instruction | null = null;
        let units: Range[] = [];
        const seen = new Set<string>();
        for (const reference of file.semantic.references) {
          if (reference.context !== "build" || reference.stage === null || UNCHECKED.has(reference.instruction.type)) continue;
          if (reference.definition !== null || NON_ENV_ARGS.has(reference.name)) continue;
          // Every stage has PATH: the base image's, or the default BuildKit sets when it has none.
          if (reference.name === "PATH") continue;
          const suggestion = suggestionFor(reference);
          // The base image's environment is not known without pulling it (BuildKit reads it): a
          // name the file never defines may well come from it (`NB_UID` in Jupyter's images,
          // `GOPATH` in golang's). In a stage built on an image, report only what the file shows
          // to be a mistake: a name it defines elsewhere (a global ARG not redeclared in the stage,
          // an ARG declared after its use), or a near miss of a name defined here.
          if (reference.fromBaseImage && !baseKnown(reference.stage)) continue;
          if (reference.fromBaseImage && !definedElsewhere(reference.name, reference.instruction) && !(suggestion !== null && trusted(reference.name, suggestion))) continue;
          if (reference.instruction !== current) {
            current = reference.instruction;
            units = expansionUnits(current);
            seen.clear();
          }
          const unit = units.findIndex((range) => range.start.offset <= reference.range.start.offset && reference.range.end.offset <= range.end.offset);
          const key = `${unit}\u0000${reference.name}`;
          if (seen.has(key)) continue;
          seen.add(key);
          report(reference, suggestion);
        }
      },
    };

  },
});
