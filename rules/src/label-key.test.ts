import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./label-key.js";

new RuleTester().run(rule, {
  valid: [
    'FROM alpine:3.20\nLABEL org.valid-key.label3="foo"\n',
    'FROM alpine:3.20\nLABEL org.a_b/c-d.e9="foo"\n',
    { name: "hadolint: quotes taken off the key", code: 'FROM alpine:3.20\nLABEL "org.valid"="foo"\n', preset: "hadolint" },
    'FROM alpine:3.20\nLABEL validlabel="foo"\n',
    'FROM alpine:3.20\nLABEL "org.opencontainers.image.title"="app"\n',
    "FROM alpine:3.20\nLABEL ${KEY}=value\n",
  ],
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
    { name: "hadolint: every quote at either end taken off, none inside", code: "FROM alpine:3.20\nLABEL \"org.a'b\"=x ''org.c''=y\n", preset: "hadolint", errors: [{ messageId: "invalid", data: { key: "org.a'b", problem: "only lower-case letters, digits, '.', '-', '_' and '/' are allowed" } }] },
    { name: "the last character", code: 'FROM alpine:3.20\nLABEL org.key-="foo"\n', errors: [{ messageId: "invalid", data: { key: "org.key-", problem: "it must end with a lower-case letter or a digit" } }] },
    { name: "the characters", code: 'FROM alpine:3.20\nLABEL org.Key="foo"\n', errors: [{ messageId: "invalid", data: { key: "org.Key", problem: "only lower-case letters, digits, '.', '-', '_' and '/' are allowed" } }] },
    { name: "repeated separators", code: 'FROM alpine:3.20\nLABEL org..key="foo"\n', errors: [{ messageId: "invalid", data: { key: "org..key", problem: "it must not repeat '.' or '-'" } }] },
    { name: "Docker's other namespaces", code: 'FROM alpine:3.20\nLABEL io.docker.x="foo" org.dockerproject.y="foo"\n', errors: [{ messageId: "invalid", data: { key: "io.docker.x", problem: "it uses the namespace io.docker. that Docker reserves" } }, { messageId: "invalid", data: { key: "org.dockerproject.y", problem: "it uses the namespace org.dockerproject. that Docker reserves" } }] },
  ],
});
