import type { ArgInstruction, FromInstruction } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";

export default defineRule({
  meta: {
    id: "invalid-definition-description",
    scope: "instruction",
    aliases: ["InvalidDefinitionDescription"],
    severity: "warning",
    type: "suggestion",
    // Experimental in BuildKit (`Experimental: true` in `linter/ruleset.go`): off unless
    // `# check=experimental=InvalidDefinitionDescription` or configuration turns it on.
    recommended: false,
    docs: { description: "Start the comment right above a named FROM or an ARG with the stage or ARG name, as `--call=outline` reads it" },
    messages: {
      description:
        "Comment for {{keyword}} should follow the format: `# {{name}} <description>`: `docker build --call=outline` shows the comment right above {{keyword}} as its description. Start it with the name, or put a line with just `#` between them.",
    },
  },
  create(context) {
    // BuildKit `instructions/parse.go`, `validateDefinitionDescription`: the last of the comments
    // right above the instruction (`PrevComment`: a `#` line alone ends the run, a blank line
    // does not) must start with the stage name, or with one of the ARG's names, as its first
    // space-separated word (case-sensitive; stage names are lower-cased).
    const check = (node: FromInstruction | ArgInstruction, keyword: "FROM" | "ARG", names: string[]) => {
      const last = node.leadingComments.at(-1);
      if (last === undefined || names.length === 0) return;
      if (names.includes(last.split(" ")[0] ?? "")) return;
      context.report({ node: node.keyword, messageId: "description", data: { keyword, name: names.length > 1 ? "<arg_key>" : (names[0] ?? "") } });
    };
    return {
      From: (node, { onbuild }) => {
        if (onbuild !== null || node.stageName === null || node.as === null) return;
        check(node, "FROM", [node.stageName.value.toLowerCase()]);
      },
      Arg: (node, { onbuild }) => {
        if (onbuild !== null) return;
        check(node, "ARG", node.args.map((definition) => definition.name.value));
      },
    };
  },
});
