import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./consistent-instruction-casing.js";

new RuleTester().run(rule, {
  valid: [
    "from scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\n",
    "FROM scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\n",
    { name: "heredoc bodies are not instructions", code: "FROM alpine\nRUN <<'EOT'\nenv\nEOT\n" },
    { name: "global ARGs neither vote nor are reported", code: "arg V=1\nFROM alpine:$V\nRUN true\n" },
    { name: "an ONBUILD trigger's keyword is not checked", code: "FROM alpine\nONBUILD run true\n" },
    { name: "an unknown instruction (a parse error) neither votes nor is reported", code: "FROM scratch\nfoo x\n" },
    {
      name: "a keyword with U+0130 or the Kelvin sign written in upper case is upper case",
      code: 'FROM scratch\nWORKDIR /a\nENTRYPO\u0130NT ["a"]\nWOR\u212ADIR /b\n',
    },
  ],
  invalid: [
    {
      name: "BuildKit: a mixed-case From, majority upper case",
      code: "\n# warning: 'FROM' should be either lowercased or uppercased\n#\nFrom scratch as base\nFROM scratch AS base2\n",
      output: "\n# warning: 'FROM' should be either lowercased or uppercased\n#\nFROM scratch as base\nFROM scratch AS base2\n",
      errors: [{ messageId: "casing", data: { keyword: "From", casing: "uppercase", fixed: "FROM" }, line: 4, column: 1, endColumn: 5 }],
    },
    {
      name: "BuildKit: copy against an upper-case majority (a tie is upper case)",
      code: "\nFROM scratch\ncopy Dockerfile /foo\nCOPY Dockerfile /bar\n",
      output: "\nFROM scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\n",
      errors: [{ messageId: "casing", data: { keyword: "copy", casing: "uppercase", fixed: "COPY" }, line: 3 }],
    },
    {
      name: "a tie is upper case",
      code: "FROM scratch\ncopy a /a\n",
      output: "FROM scratch\nCOPY a /a\n",
      errors: [{ messageId: "casing", data: { keyword: "copy", casing: "uppercase", fixed: "COPY" }, line: 2 }],
    },
    {
      name: "a keyword with U+0130 or the Kelvin sign (BuildKit's Go lowering makes them `i` and `k`) is fixed to the instruction's name",
      code: 'from scratch\nworkdir /a\nuser a\nENTRYPO\u0130NT ["a"]\nWOR\u212ADIR /b\n',
      output: 'from scratch\nworkdir /a\nuser a\nentrypoint ["a"]\nworkdir /b\n',
      errors: [
        { messageId: "casing", data: { keyword: "ENTRYPO\u0130NT", casing: "lowercase", fixed: "entrypoint" }, line: 4 },
        { messageId: "casing", data: { keyword: "WOR\u212ADIR", casing: "lowercase", fixed: "workdir" }, line: 5 },
      ],
    },
    {
      name: "a keyword with U+0130 among lower-case letters is not upper case",
      code: 'FROM scratch\nentrypo\u0130nt ["a"]\n',
      output: 'FROM scratch\nENTRYPO\u0130NT ["a"]\n',
      errors: [{ messageId: "casing", data: { keyword: "entrypo\u0130nt", casing: "uppercase", fixed: "ENTRYPO\u0130NT" }, line: 2 }],
    },
    {
      name: "a mixed-case keyword ending in lower case is not lower case",
      code: "from scratch\nCopy a /a\n",
      output: "from scratch\ncopy a /a\n",
      errors: [{ messageId: "casing", data: { keyword: "Copy", casing: "lowercase", fixed: "copy" }, line: 2 }],
    },
    {
      name: "BuildKit: frOM against a lower-case majority",
      code: "frOM scratch as base\nfrom scratch as base2\n",
      output: "from scratch as base\nfrom scratch as base2\n",
      errors: [{ messageId: "casing", data: { keyword: "frOM", casing: "lowercase", fixed: "from" }, line: 1 }],
    },
    {
      name: "BuildKit: COPY against a lower-case majority",
      code: "from scratch\nCOPY Dockerfile /foo\ncopy Dockerfile /bar\n",
      output: "from scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\n",
      errors: [{ messageId: "casing", data: { keyword: "COPY", casing: "lowercase", fixed: "copy" } }],
    },
    {
      name: "BuildKit: FROM against three lower-case COPYs",
      code: "FROM scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\ncopy Dockerfile /baz\n",
      output: "from scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\ncopy Dockerfile /baz\n",
      errors: [{ messageId: "casing", line: 1 }],
    },
    {
      name: "skipped only by the file's directive, not by a comment above the instruction",
      code: "FROM scratch\n# check=skip=ConsistentInstructionCasing\ncopy a /a\nCOPY b /b\n",
      output: "FROM scratch\n# check=skip=ConsistentInstructionCasing\nCOPY a /a\nCOPY b /b\n",
      errors: [{ messageId: "casing", line: 3 }],
    },
  ],
});
