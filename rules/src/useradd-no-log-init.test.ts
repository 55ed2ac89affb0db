import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./useradd-no-log-init.js";

new RuleTester().run(rule, {
  valid: [
    "FROM debian:12\nRUN useradd -l -u 123456 foobar\n",
    "FROM debian:12\nRUN useradd --no-log-init --uid 123456 foobar\n",
    "FROM debian:12\nRUN useradd -u 12345 foobar\n",
    "FROM debian:12\nRUN useradd -r -u 999 app\n",
    "FROM debian:12\nRUN useradd foobar\n",
    { name: "a variable's value is not known", code: "FROM debian:12\nRUN useradd -u ${USER_ID} app\n" },
    { name: "the comment is no UID", code: "FROM debian:12\nRUN useradd -c 1234567 app\n" },
    { name: "99999 is not above 99999, and 1e6 is no number", code: "FROM debian:12\nRUN useradd -u 99999 a && useradd -u 1e6 b\n" },
    { name: "hadolint: 5 characters are not more than 5", code: "FROM debian:12\nRUN useradd -u 12345 app\n", preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM debian:12\nRUN useradd -u 123456 foobar\n",
      errors: [
        {
          messageId: "logInit",
          line: 2,
          column: 5,
          endColumn: 29,
          data: { uid: "123456" },
          suggestions: [{ messageId: "addNoLogInit", output: "FROM debian:12\nRUN useradd --no-log-init -u 123456 foobar\n" }],
        },
      ],
    },
    { code: "FROM debian:12\nRUN groupadd -g 1000000 app && useradd -m --uid=1000000 -g app app\n", errors: [{ messageId: "logInit", data: { uid: "1000000" } }] },
    { code: "FROM debian:12\nONBUILD RUN useradd -u 123456 foobar\n", errors: [{ messageId: "logInit" }] },
    { name: "hadolint counts characters", code: "FROM debian:12\nRUN useradd -u ${USER_ID} app\n", preset: "hadolint", errors: [{ messageId: "logInit", data: { uid: "${USER_ID}" } }] },
  ],
});
