import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./secret-in-arg-env.js";

const message = (keyword: string, name: string) => ({ keyword, name });

new RuleTester().run(rule, {
  valid: [
    "FROM debian:12\nRUN foobar\n",
    "FROM debian:12\nENV foobar=barfoo\n",
    "FROM debian:12\nENV PUBLIC_KEY= GPG_KEY_FILE=/k SECRET_VERSION=2\n",
    "FROM debian:12\nARG AUTH_MODULE_VERSION\n",
    { name: "words inside other words", code: "FROM debian:12\nENV MONKEY=1 TOKENIZER=bert KEYRING=/etc/apt\n" },
    { name: "a global ARG is only seen by FROM", code: "ARG GITHUB_TOKEN\nFROM debian:12\n" },
    { name: "an ONBUILD trigger runs in the child build", code: "FROM debian:12\nONBUILD ENV API_TOKEN=x\n" },
    { code: "ARG foobar\nFROM debian:bullseye\nRUN foobar\n", preset: "hadolint" },
  ],
  invalid: [
    {
      name: "BuildKit's cases",
      code: "FROM scratch\nARG SECRET_PASSPHRASE\nENV SUPER_Secret=foo\nENV password=bar secret=baz\nARG super_duper_secret_token=foo auth=bar\nENV apikey=bar sunflower=foo\nENV git_key=\n",
      errors: [
        { messageId: "secret", line: 2, column: 5, endColumn: 22, data: message("ARG", "SECRET_PASSPHRASE") },
        { messageId: "secret", line: 3, data: message("ENV", "SUPER_Secret") },
        { messageId: "secret", line: 4, column: 5, data: message("ENV", "password") },
        { messageId: "secret", line: 4, column: 18, data: message("ENV", "secret") },
        { messageId: "secret", line: 5, column: 5, data: message("ARG", "super_duper_secret_token") },
        { messageId: "secret", line: 5, column: 34, data: message("ARG", "auth") },
        { messageId: "secret", line: 6, data: message("ENV", "apikey") },
        { messageId: "secret", line: 7, data: message("ENV", "git_key") },
      ],
    },
    { name: "a key on a continuation line is reported on the first line", code: "FROM debian:12\nENV A=1 \\\n    DB_PASSWORD=x\n", errors: [{ messageId: "secret", line: 2, column: 1, endColumn: 4 }] },
    { code: "ARG AWS_ACCESS_KEY_ID\nFROM debian:bullseye\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
    { code: "ARG openai_api_key\nFROM debian:bullseye\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
    { code: "FROM debian:bullseye\nENV my_password=abc\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
    { code: "FROM debian:bullseye\nONBUILD ENV my_password=abc\n", preset: "hadolint", errors: [{ messageId: "hadolint", line: 2 }] },
    { name: "hadolint: a known name in any case, with none of its suspicious words", code: "ARG travis_sudo\nFROM debian:bullseye\n", preset: "hadolint", errors: [{ messageId: "hadolint", line: 1 }] },
    { name: "hadolint: one finding per instruction, whichever key is sensitive", code: "FROM debian:bullseye\nENV A=1 My_Password=abc api_token=x\n", preset: "hadolint", errors: [{ messageId: "hadolint", line: 2 }] },
  ],
});
