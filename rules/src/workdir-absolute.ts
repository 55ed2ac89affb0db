import { defineRule } from "@dfbuild/linter";

export default defineRule({
  meta: {
    id: "workdir-absolute",
    aliases: ["DL3000", "WorkdirRelativePath"],
    severity: "warning",
    hadolint: "error",
    type: "problem",
    docs: { description: "Use an absolute WORKDIR: a relative one depends on every WORKDIR before it, including the base image's" },
    messages: { relative: 'WORKDIR {{path}} is relative, so where it lands depends on the base image\'s WORKDIR; write an absolute path such as "/{{path}}".' },
  },
  create(context) {
    return {
      Workdir: (node) => {
        if (!node.path) return;
        // Unknown variables may well hold an absolute path: say nothing then.
        const path = context.file.resolve(node.path, node);
        if (path === null || path === "") return;
        if (path.startsWith("/") || /^[A-Za-z]:([\\/]|$)/.test(path) || path.startsWith("\\")) return;
        context.report({ node: node.path, messageId: "relative", data: { path } });
      },
    };
  },
});
