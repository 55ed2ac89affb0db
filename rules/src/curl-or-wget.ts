import type { RunInstruction } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { invocations } from "./utils/shell-commands.js";

const TOOLS = ["curl", "wget"];

export default defineRule({
  meta: {
    id: "curl-or-wget",
    aliases: ["DL4001"],
    severity: "info",
    hadolint: "warning",
    type: "suggestion",
    scope: "stage",
    onbuild: true,
    docs: { description: "Use either curl or wget in a stage, not both: one download tool is enough" },
    messages: {
      both: "This stage already runs {{other}} (line {{line}}) and this RUN runs {{tool}}: one download tool is enough, and each one installed is more image and more attack surface. Use one of them throughout.",
    },
    shell: true,
    // Its state (the tools a stage ran) changes only at a RUN running one of them.
    mentions: ["curl", "wget"],
  },
  create(context) {
    const { file } = context;
    // Per stage (ONBUILD triggers are one more "stage" of their own): where each tool was first used.
    const firstUse = new Map<string, Map<string, number>>();
    return {
      Run: (node: RunInstruction, { onbuild }) => {
        const script = context.shell(node);
        if (!script) return;
        const tools = new Set(invocations(context, script, TOOLS).map((command) => command.program ?? command.name ?? ""));
        if (tools.size === 0) return;
        const key = `${onbuild ? "onbuild:" : ""}${file.stageOf(onbuild ?? node)?.index ?? -1}`;
        const seen = firstUse.get(key) ?? new Map<string, number>();
        firstUse.set(key, seen);
        const line = (onbuild ?? node).range.start.line;
        for (const tool of tools) if (!seen.has(tool)) seen.set(tool, line);
        // hadolint reports every RUN using either tool once both have been seen in the stage.
        if (seen.size < 2) return;
        const tool = tools.has("curl") ? "curl" : "wget";
        const other = tool === "curl" ? "wget" : "curl";
        context.report({ node: node.keyword, messageId: "both", data: { tool, other, line: seen.get(other) ?? line } });
      },
    };
  },
});
