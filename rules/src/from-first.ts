import { defineRule } from "@dfbuild/linter";

export default defineRule({
  meta: {
    id: "from-first",
    aliases: ["DL3061"],
    severity: "error",
    hadolint: "error",
    type: "problem",
    docs: { description: "Start the build with FROM: only parser directives, comments and ARG may come before it" },
    messages: {
      beforeFrom: "{{keyword}} comes before the first FROM, where only ARG is allowed. Move it below a FROM.",
      noFrom: "This Dockerfile has no FROM instruction, so it builds nothing. Start it with FROM <image>.",
    },
  },
  create(context) {
    return {
      "Dockerfile:exit": (ast) => {
        const [first] = ast.instructions;
        if (!first) return;
        if (ast.stages.length === 0) {
          context.report({ node: first.keyword, messageId: "noFrom" });
          return;
        }
        for (const instruction of context.file.preamble) {
          if (instruction.type !== "Arg") context.report({ node: instruction.keyword, messageId: "beforeFrom", data: { keyword: instruction.keyword.name } });
        }
      },
    };
  },
});
