import type { Range } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { onFirstLine } from "./utils/stage-reference.js";

export default defineRule({
  meta: {
    id: "stage-name-casing",
    aliases: ["StageNameCasing"],
    severity: "warning",
    type: "suggestion",
    fixable: true,
    fixChanges: [],
    docs: { description: "Write stage names in lower case: BuildKit lower-cases them, so the name written is not the name used" },
    messages: {
      casing:
        'Stage name "{{name}}" should be lowercase: the builders lower-case stage names, so it is "{{lower}}" for FROM, COPY --from and --target. Write "{{lower}}".',
    },
  },
  create(context) {
    const { file } = context;
    return {
      From: (node) => {
        // BuildKit `instructions.isLowerCaseStageName`: the third argument of `FROM image AS name`
        // compared with its Go `strings.ToLower`.
        const name = node.stageName;
        if (!name || !node.as) return;
        const lower = name.value.toLowerCase();
        if (lower === name.value) return;
        const stage = file.stageOf(node);
        // Renaming cannot change the build: both builders already use the lower-cased name, and
        // references that resolve to the stage keep resolving to it. Only references written as
        // plain text (no quotes or variables) are rewritten with it.
        const edits: { range: Range; text: string }[] = [{ range: name.range, text: lower }];
        for (const reference of stage ? file.semantic.stageReferencesTo(stage) : []) {
          if (reference.kind === "from") continue;
          const written = file.text.slice(reference.range.start.offset, reference.range.end.offset);
          if (written === reference.text && written.toLowerCase() !== written) edits.push({ range: reference.range, text: written.toLowerCase() });
        }
        const literal = file.text.slice(name.range.start.offset, name.range.end.offset) === name.value;
        context.report({
          range: onFirstLine(node, name),
          messageId: "casing",
          data: { name: name.value, lower },
          fix: literal ? (fixer) => edits.map((edit) => fixer.replaceText(edit.range, edit.text)) : null,
        });
      },
    };
  },
});
