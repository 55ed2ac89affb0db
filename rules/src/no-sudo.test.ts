import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./no-sudo.js";

new RuleTester().run(rule, {
  valid: ["FROM debian:12\nRUN apt-get install sudo\n", "FROM debian:12\nRUN echo sudo\n", "FROM debian:12\nRUN useradd -G sudo app\n", { code: "FROM alpine:3.20\nRUN doas apk add curl\n", preset: "hadolint" }],
  invalid: [
    { code: "FROM debian:12\nRUN sudo apt-get update\n", errors: [{ messageId: "sudo", line: 2, column: 5, endColumn: 9, data: { program: "sudo" } }] },
    { code: "FROM debian:12\nRUN apt-get update && sudo apt-get install -y curl\n", errors: [{ messageId: "sudo", column: 23 }] },
    { code: "FROM debian:12\nRUN /usr/bin/sudo -u app make\n", errors: [{ messageId: "sudo" }] },
    { code: "FROM alpine:3.20\nRUN doas apk add curl\n", errors: [{ messageId: "sudo", data: { program: "doas" } }] },
    { name: "inside ONBUILD", code: "FROM debian:12\nONBUILD RUN sudo apt-get update\n", errors: [{ messageId: "sudo", line: 2, column: 13 }] },
    { code: "RUN sudo apt-get update\n", preset: "hadolint", errors: [{ messageId: "sudo" }] },
  ],
});
