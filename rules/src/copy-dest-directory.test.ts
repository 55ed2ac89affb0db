import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./copy-dest-directory.js";

new RuleTester().run(rule, {
  valid: [
    "FROM alpine:3.20\nCOPY foo bar\n",
    "FROM alpine:3.20\nCOPY foo bar baz/\n",
    'FROM alpine:3.20\nCOPY foo bar "baz/"\n',
    'FROM alpine:3.20\nCOPY ["foo", "bar", "/baz/"]\n',
    { name: "an unknown variable may end in a slash", code: "FROM alpine:3.20\nCOPY a b $DEST\n" },
    "FROM alpine:3.20\nARG DEST=/srv/\nCOPY a b ${DEST}\n",
    { name: "a Windows directory", code: "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY a.dll b.dll C:\\\\Windows\\\\System32\\\\\n" },
    { code: "FROM alpine:3.20\nCOPY foo bar baz/\n", preset: "hadolint" },
    { code: 'FROM alpine:3.20\nCOPY foo bar "baz/"\n', preset: "hadolint" },
    { name: "hadolint drops every quote at either end (dropQuotes)", code: 'FROM alpine:3.20\nCOPY foo bar ""baz/""\n', preset: "hadolint" },
    { name: "hadolint checks only COPY", code: "FROM alpine:3.20\nADD foo bar baz\n", preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM alpine:3.20\nCOPY foo bar baz\n",
      output: null,
      errors: [
        {
          messageId: "notDirectory",
          line: 2,
          column: 14,
          endColumn: 17,
          data: { keyword: "COPY", count: 2, dest: "baz" },
          suggestions: [{ messageId: "addSlash", output: "FROM alpine:3.20\nCOPY foo bar baz/\n" }],
        },
      ],
    },
    { name: "the working directory is no exception", code: "FROM alpine:3.20\nWORKDIR /app\nCOPY package.json package-lock.json .\n", errors: [{ messageId: "notDirectory", data: { keyword: "COPY", count: 2, dest: "." } }] },
    { code: 'FROM alpine:3.20\nCOPY foo bar "/baz"\n', errors: [{ messageId: "notDirectory", suggestions: [{ output: 'FROM alpine:3.20\nCOPY foo bar "/baz/"\n' }] }] },
    { code: 'FROM alpine:3.20\nCOPY ["foo", "bar", "/baz"]\n', errors: [{ messageId: "notDirectory", suggestions: [{ output: 'FROM alpine:3.20\nCOPY ["foo", "bar", "/baz/"]\n' }] }] },
    { code: "FROM alpine:3.20\nADD a.tar b.tar /opt\n", errors: [{ messageId: "notDirectory", data: { keyword: "ADD", count: 2, dest: "/opt" } }] },
    { code: "FROM alpine:3.20\nARG DEST=/srv\nCOPY a b ${DEST}\n", errors: [{ messageId: "notDirectory", data: { keyword: "COPY", count: 2, dest: "/srv" } }] },
    { code: "FROM node:22 AS foo\nCOPY --from=foo bar baz .\n", preset: "hadolint", errors: [{ messageId: "notDirectory" }] },
    {
      name: "hadolint keeps a quote inside the destination",
      code: "FROM alpine:3.20\nCOPY foo bar '/b\"a\"z'\n",
      preset: "hadolint",
      errors: [{ messageId: "notDirectory", data: { keyword: "COPY", count: 2, dest: '/b"a"z' }, suggestions: [{ output: "FROM alpine:3.20\nCOPY foo bar '/b\"a\"z/'\n" }] }],
    },
    {
      name: "a quote inside the destination, not at its end: the slash goes at the end",
      code: 'FROM alpine:3.20\nCOPY foo bar /b"a"z\n',
      errors: [{ messageId: "notDirectory", data: { keyword: "COPY", count: 2, dest: "/baz" }, suggestions: [{ output: 'FROM alpine:3.20\nCOPY foo bar /b"a"z/\n' }] }],
    },
    { name: "an empty destination is shown quoted", code: 'FROM alpine:3.20\nCOPY foo bar ""\n', errors: [{ messageId: "notDirectory", data: { keyword: "COPY", count: 2, dest: '""' } }] },
  ],
});
