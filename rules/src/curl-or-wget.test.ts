import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./curl-or-wget.js";

new RuleTester().run(rule, {
  valid: [
    "FROM node:22 AS foo\nRUN wget my.xyz\n",
    "FROM node:22 AS foo\nRUN wget my.xyz\nFROM scratch\nRUN curl localhost\n",
    "FROM node:22\nRUN apt-get install -y curl wget\n",
    { name: "ONBUILD triggers are apart from the stage's own RUNs", code: "FROM node:22\nRUN wget my.xyz\nONBUILD RUN curl my.xyz\n" },
  ],
  invalid: [
    { code: "FROM node:22 AS foo\nRUN wget my.xyz\nRUN curl localhost\n", errors: [{ messageId: "both", line: 3, column: 1, endColumn: 4, data: { tool: "curl", other: "wget", line: 2 } }] },
    { code: "FROM node:22 AS foo\nRUN wget my.xyz && curl localhost\n", errors: [{ messageId: "both", line: 2, data: { tool: "curl", other: "wget", line: 2 } }] },
    { code: "FROM node:22 AS foo\nRUN wget my.xyz\nRUN curl localhost\nFROM scratch\nRUN curl localhost\n", errors: [{ messageId: "both", line: 3 }] },
    { name: "only RUNs that use one of them", code: "FROM node:22 AS foo\nRUN wget my.xyz\nRUN curl my.xyz\nRUN echo hello\n", errors: [{ messageId: "both", line: 3 }] },
    {
      name: "every later use",
      code: "FROM node:22 AS foo\nRUN wget my.xyz\nRUN curl my.xyz\nRUN echo hello\nRUN wget foo.com\n",
      errors: [
        { messageId: "both", line: 3 },
        { messageId: "both", line: 5, data: { tool: "wget", other: "curl", line: 3 } },
      ],
    },
    {
      name: "the line named is the other tool's first use",
      code: "FROM node:22\nRUN wget a\nRUN curl b\nRUN wget c\nRUN curl d\n",
      errors: [
        { messageId: "both", line: 3, data: { tool: "curl", other: "wget", line: 2 } },
        { messageId: "both", line: 4, data: { tool: "wget", other: "curl", line: 3 } },
        { messageId: "both", line: 5, data: { tool: "curl", other: "wget", line: 2 } },
      ],
    },
    { name: "a tool named by its path", code: "FROM node:22\nRUN wget my.xyz\nRUN /usr/bin/curl my.xyz\n", errors: [{ messageId: "both", line: 3, data: { tool: "curl", other: "wget", line: 2 } }] },
    { code: "FROM node:22\nONBUILD RUN wget my.xyz\nONBUILD RUN curl my.xyz\n", errors: [{ messageId: "both", line: 3, column: 9 }] },
  ],
});
