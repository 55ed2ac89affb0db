import type { Instruction } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";

const isLower = (text: string) => text === text.toLowerCase();
const isUpper = (text: string) => text === text.toUpperCase();

export default defineRule({
  meta: {
    id: "consistent-instruction-casing",
    aliases: ["ConsistentInstructionCasing"],
    severity: "warning",
    type: "layout",
    fixable: true,
    fixChanges: [],
    docs: { description: "Write every instruction keyword in one case, upper or lower, as most of the file does" },
    messages: {
      casing: 'Instruction "{{keyword}}" should match the case of the instruction majority ({{casing}}): write "{{fixed}}".',
    },
  },
  create(context) {
    const { file } = context;
    return {
      "Dockerfile:exit": () => {
        // BuildKit `dockerfile2llb.validateCommandCasing`: the keywords of the stages (each FROM
        // and the instructions after it; not the global ARGs, not ONBUILD triggers) vote, a
        // keyword counting as lower case when it is all lower case and upper case when it is all
        // upper case; a tie is upper case. Then every keyword not in the majority's case is
        // reported, mixed-case ones included.
        const keywords: Instruction[] = [];
        for (const stage of file.stages) {
          // An unknown instruction fails the parse (parse-error says so); it has no case to vote with.
          for (const instruction of [stage.from, ...stage.instructions]) if (instruction.type !== "Unknown") keywords.push(instruction);
        }
        let lower = 0;
        let upper = 0;
        for (const instruction of keywords) {
          const text = instruction.keyword.text;
          if (isLower(text)) lower++;
          else if (isUpper(text)) upper++;
        }
        const majorityLower = lower > upper;
        for (const { keyword } of keywords) {
          const fixed = majorityLower ? keyword.text.toLowerCase() : keyword.text.toUpperCase();
          if (fixed === keyword.text) continue;
          context.report({
            node: keyword,
            messageId: "casing",
            data: { keyword: keyword.text, casing: majorityLower ? "lowercase" : "uppercase", fixed },
            // BuildKit runs this check over the whole file: only the file's `# check` directive skips it.
            checkedAt: null,
            // Keywords are case-insensitive: the build reads the same file.
            fix: (fixer) => fixer.replaceText(keyword, fixed),
          });
        }
      },
    };
  },
});
