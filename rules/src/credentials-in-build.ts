import type { AddInstruction, ArgInstruction, EnvInstruction, Instruction, Range, Word } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { runCommands } from "./utils/run-commands.js";
import { isBuildkitSecretName } from "./utils/secret-names.js";
import { onFirstLine } from "./utils/stage-reference.js";

/** A URL with a password in it: `scheme://user:password@host`. */
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/([^\s/@:'"]+):([^\s/@'"]+)@[\w[]/i;

/** Credential formats that are unmistakable on their own (GitHub, GitLab, npm, AWS, Slack, private keys). */
const TOKENS: readonly [RegExp, string][] = [
  [/\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b/, "a GitHub token"],
  [/\bgithub_pat_[A-Za-z0-9_]{22,}\b/, "a GitHub token"],
  [/\bglpat-[A-Za-z0-9_-]{20,}\b/, "a GitLab token"],
  [/\bnpm_[A-Za-z0-9]{36}\b/, "an npm token"],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, "an AWS access key"],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, "a Slack token"],
  [/-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/, "a private key"],
];

/** `$NAME` or `${NAME}` as a whole password: the credential comes from a variable. */
const VARIABLE = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/;

/** Placeholders documentation writes where a password goes. */
const PLACEHOLDER = /^(?:<[^>]*>|\*+|x+|\.\.\.|password|pass|secret|changeme|token)$/i;

/**
 * A text every match of TOKENS and URL_PASSWORD matches too: each token's literal prefix, and a
 * `://…:…@` whose parts allow whatever URL_PASSWORD's do. One test rules out most texts (a RUN's
 * words, most of all) before the eight patterns.
 */
const MENTIONS = /:\/\/[^\s/@]*:[^\s/@]*@|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|glpat-|npm_|AKIA|ASIA|xox[abprs]-|PRIVATE KEY/;

export default defineRule({
  meta: {
    id: "credentials-in-build",
    severity: "warning",
    type: "problem",
    scope: "stage",
    onbuild: true,
    docs: { description: "Keep credentials out of the Dockerfile, ARG and ENV: pass them with RUN --mount=type=secret" },
    messages: {
      literal:
        "{{what}} is written in the Dockerfile: it is in the source, in the build history and, for ENV, in every container's environment. Pass it with RUN --mount=type=secret (docker build --secret id=…) and read it from /run/secrets/….",
      variable:
        "The password in this URL comes from {{keyword}} {{name}}: {{keyword}} values are kept in the image's build history{{env}}. Pass it with RUN --mount=type=secret (docker build --secret id={{name}}) instead.",
    },
    shell: (instruction) => "command" in instruction && instruction.command?.type === "ShellForm" && MENTIONS.test(instruction.command.value),
    // What MENTIONS looks for in a RUN's words, as plain strings: the fixed part of each alternative.
    mentions: ["://", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "npm_", "AKIA", "ASIA", "xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-", "PRIVATE KEY"],
  },
  create(context) {
    const { file } = context;
    /** Where a secret appears in a text, or null. */
    const findIn = (text: string, node: Instruction): { messageId: "literal" | "variable"; data: Record<string, string> } | null => {
      for (const [pattern, what] of TOKENS) if (pattern.test(text)) return { messageId: "literal", data: { what: what.charAt(0).toUpperCase() + what.slice(1) } };
      const match = URL_PASSWORD.exec(text);
      const password = match?.[2];
      if (password === undefined || PLACEHOLDER.test(password)) return null;
      const variable = VARIABLE.exec(password);
      if (variable === null) return password.includes("$") ? null : { messageId: "literal", data: { what: "A password in a URL" } };
      // From an ARG or ENV of the file: reported here unless SecretsUsedInArgOrEnv (secret-in-arg-env)
      // already reports that definition by its name.
      const name = variable[1] ?? "";
      const definition = file.semantic.lookup(name, node);
      if (definition === null || definition.kind === "predefined" || isBuildkitSecretName(name)) return null;
      const keyword = definition.kind === "env" ? "ENV" : "ARG";
      return { messageId: "variable", data: { keyword, name, env: definition.kind === "env" ? " and config, visible to anyone with the image" : "" } };
    };
    const reportIn = (range: Range, text: string, node: Instruction) => {
      if (!MENTIONS.test(text)) return;
      const found = findIn(text, node);
      if (found) context.report({ range, messageId: found.messageId, data: found.data });
    };

    const checkDefinitions = (node: ArgInstruction | EnvInstruction) => {
      const pairs: { key: Word; value: Word | null }[] = node.type === "Arg" ? node.args.map((definition) => ({ key: definition.name, value: definition.value })) : node.pairs;
      for (const { key, value } of pairs) {
        // SecretsUsedInArgOrEnv (secret-in-arg-env) already reports a secret-like name.
        if (value === null || isBuildkitSecretName(key.value)) continue;
        reportIn(onFirstLine(node, value), value.value, node);
      }
    };

    return {
      Run: (node) => {
        for (const command of runCommands(context, node)) {
          for (const word of [command.nameWord, ...command.args]) reportIn(word.range, word.text, node);
        }
      },
      Add: (node: AddInstruction) => {
        for (const source of node.sources) reportIn(onFirstLine(node, source), source.value, node);
      },
      Arg: (node) => {
        checkDefinitions(node);
      },
      Env: (node) => {
        checkDefinitions(node);
      },
    };
  },
});
