import type { Instruction } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";

// Keywords are almost always ASCII letters: those are told apart without a case-mapped copy
// (a file with 300,000 instructions would make 600,000 of them).
const isLower = (text: string) => /^[a-z]+$/.test(text) || (!/^[A-Za-z]+$/.test(text) && text === text.toLowerCase());
const isUpper = (text: string) => /^[A-Z]+$/.test(text) || (!/^[A-Za-z]+$/.test(text) && text === text.toUpperCase());

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
          keywords.push(stage.from);
          for (const instruction of stage.instructions) if (instruction.type !== "Unknown") keywords.push(instruction);
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
          if (majorityLower ? isLower(keyword.text) : isUpper(keyword.text)) continue;
          // Lower case is the instruction's name: BuildKit lowers keywords with Go's strings.ToLower,
          // where U+0130 `İ` is `i`, not JavaScript's `i` and a combining dot (an unknown keyword).
          const fixed = majorityLower ? keyword.name.toLowerCase() : keyword.text.toUpperCase();
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
