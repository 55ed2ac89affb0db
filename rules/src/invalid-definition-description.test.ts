import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./invalid-definition-description.js";

new RuleTester().run(rule, {
  valid: [
    // BuildKit's descriptions (dockerfile_check_test.go, testDefinitionDescription; docs).
    "# foo this is the foo\nARG foo=bar\n\n# base this is the base image\nFROM scratch AS base\n\n# version this is the version number\nARG version=latest\n\n# baz this is the baz\nARG foo=baz bar=qux baz=quux\n",
    "# build-cli builds the CLI binary\nFROM alpine AS build-cli\n# VERSION controls the version of the program\nARG VERSION=1\n",
    // A `#` line alone ends the comment run; other instructions and unnamed stages have no description.
    "# a non-descriptive comment\n#\nARG bit=bat\n# comment for something other than ARG or FROM\nCOPY Dockerfile .\n# an image\nFROM alpine:3.20\n",
    // A stage name is lower-cased before the comparison, as BuildKit's parser keeps it.
    "# base the base image\nFROM scratch AS BasE\n",
    // ONBUILD triggers are not definitions.
    "FROM scratch AS base\n# not the name\nONBUILD ARG foo=bar\n",
    // The file's `# check` directive is not a comment of the first instruction.
    "# check=experimental=InvalidDefinitionDescription\nARG foo=bar\n",
  ],
  invalid: [
    {
      name: "BuildKit's case: each wrong description, on the instruction's line",
      code: "# check=experimental=InvalidDefinitionDescription\n# bar this is the bar\nARG foo=bar\n# BasE this is the BasE image\nFROM scratch AS base\n# definitely a bad comment\nARG version=latest\n# definitely a bad comment\nARG foo=baz bar=qux baz=quux\n",
      errors: [
        { messageId: "description", data: { keyword: "ARG", name: "foo" }, line: 3 },
        { messageId: "description", data: { keyword: "FROM", name: "base" }, line: 5 },
        { messageId: "description", data: { keyword: "ARG", name: "version" }, line: 7 },
        { messageId: "description", data: { keyword: "ARG", name: "<arg_key>" }, line: 9 },
      ],
    },
    {
      name: "a blank line does not end the comment run in BuildKit's parser; the last comment decides",
      code: "# VERSION is the version\n# a note\n\nARG VERSION=1\n",
      errors: [{ messageId: "description", data: { keyword: "ARG", name: "VERSION" }, line: 4 }],
    },
  ],
});
