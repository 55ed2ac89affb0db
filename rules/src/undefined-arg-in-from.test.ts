import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./undefined-arg-in-from.js";

new RuleTester().run(rule, {
  valid: [
    // BuildKit's cases without a warning (dockerfile_check_test.go, testUndeclaredArg).
    "\nARG base=scratch\nFROM $base\nCOPY Dockerfile .\n",
    "\nARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n",
    "\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n",
    "\nARG DEBUG\nFROM scratch${DEBUG}\nCOPY Dockerfile .\n",
    "\nARG DEBUG\nFROM scra${DEBUG:-tch}\nCOPY Dockerfile .\n",
    '\nARG DEBUG=""\nFROM scratch${DEBUG-@bogus}\nCOPY Dockerfile .\n',
    // Predefined platform ARGs and TARGETSTAGE are global.
    "FROM --platform=$TARGETPLATFORM alpine:3.20\nFROM alpine:${TARGETARCH}\n",
    // A variable in a stage is not FROM's business.
    "FROM alpine:3.20\nARG X\nRUN echo $X\n",
  ],
  invalid: [
    {
      name: "BuildKit: a misspelt platform ARG, with BuildKit's suggestion",
      code: "\nFROM --platform=$BULIDPLATFORM scratch\nCOPY Dockerfile .\n",
      errors: [{ messageId: "undeclaredSuggest", data: { name: "BULIDPLATFORM", suggestion: "BUILDPLATFORM" }, line: 2, column: 17, endColumn: 31 }],
    },
    {
      name: "BuildKit: a misspelt global ARG in --platform",
      code: "\nARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\nCOPY Dockerfile .\n",
      errors: [{ messageId: "undeclaredSuggest", data: { name: "MYARCH", suggestion: "MY_ARCH" }, line: 4 }],
    },
    {
      name: "BuildKit: an undeclared ARG in the image name, nothing close enough to suggest",
      code: "\nARG tag=latest\nFROM busybox:${tag}${version} AS b\nCOPY Dockerfile .\n",
      errors: [{ messageId: "undeclared", data: { name: "version" }, line: 3, column: 20, endColumn: 30 }],
    },
    {
      name: "an ARG declared only inside a stage does not reach a later FROM; once per word",
      code: "FROM alpine:3.20\nARG VERSION=3.20\nFROM alpine:$VERSION-$VERSION\n",
      errors: [{ messageId: "undeclared", data: { name: "VERSION" }, line: 3 }],
    },
    {
      name: "the same variable in the image and in --platform is reported for each, as BuildKit does",
      code: "FROM --platform=$P alpine:$P\n",
      errors: [
        { messageId: "undeclared", line: 1, column: 17 },
        { messageId: "undeclared", line: 1, column: 27 },
      ],
    },
    {
      name: "a reference on a continuation line is reported on the FROM line",
      code: "FROM \\\n  alpine:$TAG\n",
      errors: [{ messageId: "undeclared", line: 1, column: 1, endColumn: 5 }],
    },
  ],
});
