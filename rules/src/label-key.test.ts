import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./label-key.js";

new RuleTester().run(rule, {
  valid: ['FROM alpine:3.20\nLABEL org.valid-key.label3="foo"\n', 'FROM alpine:3.20\nLABEL validlabel="foo"\n', 'FROM alpine:3.20\nLABEL "org.opencontainers.image.title"="app"\n', "FROM alpine:3.20\nLABEL ${KEY}=value\n"],
  invalid: [
    { code: 'FROM alpine:3.20\nLABEL com.docker.label="foo"\n', errors: [{ messageId: "invalid", line: 2, column: 7, endColumn: 23, data: { key: "com.docker.label", problem: "it uses the namespace com.docker. that Docker reserves" } }] },
    { code: 'FROM alpine:3.20\nLABEL io.docker.label="foo"\n', errors: [{ messageId: "invalid" }] },
    { code: 'FROM alpine:3.20\nLABEL org.dockerproject.label="foo"\n', errors: [{ messageId: "invalid" }] },
    { code: 'FROM alpine:3.20\nLABEL invalid$character="foo"\n', preset: "hadolint", errors: [{ messageId: "invalid" }] },
    { code: 'FROM alpine:3.20\nLABEL invalid#character="foo"\n', errors: [{ messageId: "invalid" }] },
    { code: 'FROM alpine:3.20\nLABEL 1invalid="foo"\n', errors: [{ messageId: "invalid", data: { key: "1invalid", problem: "it must start with a lower-case letter" } }] },
    { code: 'FROM alpine:3.20\nLABEL invalid..character="foo" invalid--character="foo"\n', errors: [{ messageId: "invalid" }, { messageId: "invalid" }] },
    { code: 'FROM alpine:3.20\nLABEL Maintainer="me"\n', errors: [{ messageId: "invalid", data: { key: "Maintainer", problem: "it must start with a lower-case letter" } }] },
    { code: 'LABEL -invalid="foo"\n', preset: "hadolint", errors: [{ messageId: "invalid" }] },
  ],
});
