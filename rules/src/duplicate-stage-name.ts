import type { FromInstruction } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { onFirstLine } from "./utils/stage-reference.js";

export default defineRule({
  meta: {
    id: "duplicate-stage-name",
    aliases: ["DL3024", "DuplicateStageName"],
    // The classic builder refuses the file ("stage name already used"); BuildKit builds it but
    // resolves `--from`/`--target` to one of the two.
    severity: "error",
    hadolint: "error",
    type: "problem",
    docs: { description: "Give every stage its own name: COPY --from, FROM and --target cannot tell two stages of one name apart" },
    messages: {
      duplicate: 'Duplicate stage name "{{name}}": line {{line}} already names a stage so. Stage names must be unique; rename one of them.',
    },
  },
  create(context) {
    const hadolint = context.settings.preset === "hadolint";
    const seen = new Map<string, FromInstruction>();
    return {
      From: (node) => {
        if (!node.stageName) return;
        let name: string;
        let first: FromInstruction | undefined;
        if (hadolint) {
          // hadolint compares names as written.
          name = node.stageName.value;
          first = seen.get(name);
          if (!first) seen.set(name, node);
        } else {
          // BuildKit lower-cases stage names (`instructions.parseFrom`) and reports every repeat
          // on its FROM (`dockerfile2llb.validateStageNames`); the semantic model links them.
          const stage = context.file.stageOf(node);
          name = stage?.name ?? "";
          first = stage?.duplicateOf?.from;
        }
        if (first) context.report({ range: onFirstLine(node, node.stageName), messageId: "duplicate", data: { name, line: first.range.start.line } });
      },
    };
  },
});
