import type { ArgInstruction, EnvInstruction, Instruction, Word } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { isBuildkitSecretName } from "./utils/secret-names.js";
import { onFirstLine } from "./utils/stage-reference.js";


/** hadolint's `knownSensitiveNames` (DL3064), compared upper-cased. */
const HADOLINT_NAMES = new Set([
  "ACCESS_TOKEN", "APPLICATION_KEY", "APP_SECRET", "AUTH_TOKEN", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "BITTREX_API_KEY", "BITTREX_API_SECRET",
  "CF_PASSWORD", "CF_USERNAME", "CIRCLE_TOKEN", "CI_DEPLOY_PASSWORD", "CI_DEPLOY_USER", "DOCKERHUB_PASSWORD", "DOCKER_EMAIL", "DOCKER_PASSWORD",
  "DOCKER_USERNAME", "FACEBOOK_ACCESS_TOKEN", "FACEBOOK_APP_ID", "FACEBOOK_APP_SECRET", "FIREBASE_API_TOKEN", "FIREBASE_TOKEN", "FOSSA_API_KEY",
  "GH_ENTERPRISE_TOKEN", "GH_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "GITHUB_TOKEN", "HEROKU_API_KEY", "HEROKU_API_USER", "NPM_AUTH_TOKEN", "NPM_TOKEN",
  "OKTA_AUTHN_GROUPID", "OKTA_CLIENT_ORGURL", "OKTA_CLIENT_TOKEN", "OKTA_OAUTH2_CLIENTID", "OKTA_OAUTH2_CLIENTSECRET", "OPENAI_API_KEY", "OS_PASSWORD",
  "OS_USERNAME", "POSTGRES_PASSWORD", "SLACK_TOKEN", "STRIPE_API_KEY", "STRIPE_DEVICE_NAME", "TRAVIS_OS_NAME", "TRAVIS_SECURE_ENV_VARS", "TRAVIS_SUDO",
  "VAULT_CLIENT_KEY", "VAULT_TOKEN",
]);
/** hadolint's `suspiciousSubstrings`, compared lower-cased. */
const HADOLINT_SUBSTRINGS = ["api_key", "client_key", "password", "private", "secret", "token", "username"];

function hadolintSensitive(name: string): boolean {
  const lower = name.toLowerCase();
  return HADOLINT_NAMES.has(name.toUpperCase()) || HADOLINT_SUBSTRINGS.some((part) => lower.includes(part));
}

export default defineRule({
  meta: {
    id: "secret-in-arg-env",
    aliases: ["DL3064", "SecretsUsedInArgOrEnv"],
    severity: "warning",
    hadolint: "warning",
    type: "problem",
    onbuild: true,
    docs: { description: "Do not pass secrets through ARG or ENV: their values stay in the image's history or config" },
    messages: {
      secret:
        'Do not use {{keyword}} for sensitive data ({{keyword}} "{{name}}"): ENV values are stored in the image config and ARG values in its build history, where anyone with the image reads them. Use RUN --mount=type=secret.',
      hadolint: "Potentially sensitive data should not be used in the `ARG` or `ENV` commands.",
    },
  },
  create(context) {
    const hadolint = context.settings.preset === "hadolint";

    const check = (node: ArgInstruction | EnvInstruction, onbuild: Instruction | null) => {
      const keys: Word[] = node.type === "Arg" ? node.args.map((definition) => definition.name) : node.pairs.map((pair) => pair.key);
      if (hadolint) {
        // hadolint: one finding per instruction (also inside ONBUILD and before the first FROM).
        if (keys.some((key) => hadolintSensitive(key.value))) context.report({ node: node.keyword, messageId: "hadolint" });
        return;
      }
      // BuildKit checks the ARGs and ENVs its stages dispatch: not the global ARGs (used only by
      // FROM, never stored), not ONBUILD triggers (checked when a child image builds).
      if (onbuild !== null || context.file.stageOf(node) === null) return;
      for (const key of keys) {
        if (!isBuildkitSecretName(key.value)) continue;
        context.report({ range: onFirstLine(node, key), messageId: "secret", data: { keyword: node.keyword.name, name: key.value } });
      }
    };
    return {
      Arg: (node, { onbuild }) => {
        check(node, onbuild);
      },
      Env: (node, { onbuild }) => {
        check(node, onbuild);
      },
    };
  },
});
