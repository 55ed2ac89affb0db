import { defineRule } from "@dfbuild/linter";

export default defineRule({
  meta: {
    id: "numeric-user",
    aliases: ["DL3066"],
    severity: "info",
    hadolint: "info",
    type: "suggestion",
    recommended: false,
    docs: { description: "Give USER a numeric UID, which the host and orchestrators can check without the image's /etc/passwd" },
    messages: {
      name: "USER {{user}} is a name: outside the image it cannot be resolved, so a runtime enforcing non-root users (Kubernetes runAsNonRoot) cannot verify it. Use the numeric UID (e.g. USER 10001).",
    },
  },
  create(context) {
    const { file } = context;
    const hadolint = context.settings.preset === "hadolint";
    // hadolint: names of every ARG seen so far, in any scope.
    const args = new Set<string>();
    return {
      Arg: (node) => {
        for (const definition of node.args) args.add(definition.name.value);
      },
      User: (node) => {
        if (!node.user) return;
        let user: string | null;
        if (hadolint) {
          const written = node.user.value;
          if ([...args].some((name) => written.includes(`$${name}`) || written.includes(`\${${name}}`))) return;
          user = written;
        } else {
          // An unknown value (an ARG without default) is not judged.
          user = file.resolve(node.user, node);
          if (user === null) return;
        }
        const uid = user.split(":")[0] ?? "";
        if (/^\d*$/.test(uid)) return;
        context.report({ node: node.user, messageId: "name", data: { user } });
      },
    };
  },
});
