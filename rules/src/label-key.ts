import { defineRule } from "@dfbuild/linter";
import { dropQuotes } from "./utils/hadolint-rule.js";

/** Namespaces Docker reserves for its own labels (Docker docs, "Docker object labels"). */
const RESERVED = ["com.docker.", "io.docker.", "org.dockerproject."];

/** What is wrong with a label key, by Docker's key format guidelines (hadolint DL3048); null when nothing. */
function problemOf(key: string): string | null {
  if (RESERVED.some((prefix) => key.startsWith(prefix))) return `it uses the namespace ${RESERVED.find((prefix) => key.startsWith(prefix)) ?? ""} that Docker reserves`;
  if (!/^[a-z]/.test(key)) return "it must start with a lower-case letter";
  if (!/[a-z0-9]$/.test(key)) return "it must end with a lower-case letter or a digit";
  if (/[^a-z0-9._/-]/.test(key)) return "only lower-case letters, digits, '.', '-', '_' and '/' are allowed";
  if (key.includes("..") || key.includes("--")) return "it must not repeat '.' or '-'";
  return null;
}

export default defineRule({
  meta: {
    id: "label-key",
    aliases: ["DL3048"],
    severity: "style",
    hadolint: "style",
    type: "suggestion",
    scope: "stage",
    docs: { description: "Write label keys as Docker's guidelines say: lower-case reverse-DNS, outside Docker's namespaces" },
    messages: { invalid: 'Label key "{{key}}" is not a valid key: {{problem}} (e.g. org.opencontainers.image.title).' },
  },
  create(context) {
    const { file } = context;
    const hadolint = context.settings.preset === "hadolint";
    return {
      Label: (node) => {
        for (const pair of node.pairs) {
          const key = hadolint ? dropQuotes(pair.key.value) : file.resolve(pair.key, node);
          if (key === null) continue;
          const problem = problemOf(key);
          if (problem !== null) context.report({ node: pair.key, messageId: "invalid", data: { key, problem } });
        }
      },
    };
  },
});
