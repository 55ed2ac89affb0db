import type { AddInstruction, CopyInstruction } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { dropQuotes } from "./utils/hadolint-rule.js";

export default defineRule({
  meta: {
    id: "copy-dest-directory",
    aliases: ["DL3021"],
    severity: "error",
    hadolint: "error",
    type: "problem",
    hasSuggestions: true,
    docs: { description: "End the destination of a COPY or ADD with several sources with `/`" },
    messages: {
      notDirectory:
        "{{keyword}} has {{count}} sources but its destination {{dest}} does not end in /: the classic builder refuses this (the destination must be a directory and end with a /). Add the trailing slash.",
      addSlash: "Add a trailing / to the destination",
    },
  },
  create(context) {
    const { file } = context;
    const hadolint = context.settings.preset === "hadolint";

    const check = (node: CopyInstruction | AddInstruction) => {
      const dest = node.destination;
      if (!dest || node.sources.length < 2) return;
      let value: string | null;
      if (hadolint) value = dropQuotes(dest.value);
      else value = file.resolve(dest, node);
      // An unknown variable may well end in a slash.
      // A Windows destination ends in a backslash (`C:\\Windows\\System32\\`).
      if (value === null || value.endsWith("/") || (!hadolint && value.endsWith("\\"))) return;
      const text = file.text.slice(dest.range.start.offset, dest.range.end.offset);
      // Inside the closing quote of `"/dest"` or of an exec-form string.
      const at = /["']$/.test(text) ? dest.range.end.offset - 1 : dest.range.end.offset;
      context.report({
        node: dest,
        messageId: "notDirectory",
        data: { keyword: node.keyword.name, count: node.sources.length, dest: value === "" ? '""' : value },
        // A suggestion, not a fix: BuildKit accepts the file as it is, and a slash can change what it builds.
        suggest: [{ messageId: "addSlash", fix: (fixer) => fixer.insertTextAt(at, "/") }],
      });
    };
    return hadolint ? { Copy: check } : { Copy: check, Add: check };
  },
});
