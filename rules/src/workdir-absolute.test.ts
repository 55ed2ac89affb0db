import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./workdir-absolute.js";

new RuleTester().run(rule, {
  valid: [
    "FROM alpine:3.20\nWORKDIR /app\n",
    "FROM alpine:3.20\nWORKDIR ${DIR}\n",
    "FROM alpine:3.20\nARG DIR=/srv\nWORKDIR $DIR\n",
    "WORKDIR C:/app\n",
    "WORKDIR 'C:\\'\n",
    { name: "a relative WORKDIR after an absolute one (BuildKit's WorkdirRelativePath)", code: "FROM node:22\nWORKDIR /usr/src\nWORKDIR app\n" },
    { name: "after one in the base stage", code: "FROM node:22 AS base\nWORKDIR /srv\nFROM base\nWORKDIR app\n" },
    { name: "after a relative one, already reported", code: "FROM alpine:3.20\nWORKDIR /x\nWORKDIR a\nWORKDIR b\n" },
    { name: "hadolint: $ first passes", code: "FROM alpine:3.20\nWORKDIR $HOME/app\n", preset: "hadolint" },
    { name: "a drive letter, alone or with either slash", code: "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nWORKDIR C:/app\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nWORKDIR C:\n" },
    { name: "a leading backslash (Windows)", code: "# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nWORKDIR \\app\n" },
    { name: "an empty path: nothing to say", code: "FROM alpine:3.20\nARG DIR=\nWORKDIR ${DIR}\n" },
    { name: "hadolint: quotes dropped, then a drive letter or /", code: 'FROM alpine:3.20\nWORKDIR "/app"\nWORKDIR "C:/x"\nWORKDIR "\'/srv\'"\n', preset: "hadolint" },
  ],
  invalid: [
    { code: "FROM alpine:3.20\nWORKDIR app\n", errors: [{ messageId: "relative", line: 2, column: 9, endColumn: 12, data: { path: "app" } }] },
    { code: 'FROM alpine:3.20\nWORKDIR "relative/dir"\n', errors: [{ messageId: "relative", data: { path: "relative/dir" } }] },
    { code: "FROM alpine:3.20\nARG DIR=src\nWORKDIR ${DIR}\n", errors: [{ messageId: "relative", data: { path: "src" } }] },
    { name: "a stage from an image starts over", code: "FROM alpine:3.20\nWORKDIR /a\nFROM alpine:3.20\nWORKDIR b\n", errors: [{ messageId: "relative", line: 4 }] },
    {
      name: "hadolint: every relative WORKDIR, with where it actually lands",
      code: "FROM node:22\nWORKDIR /usr/src\nWORKDIR app/../lib\n",
      preset: "hadolint",
      errors: [{ messageId: "relativeAfter", line: 3, data: { path: "app/../lib", resolved: "/usr/src/lib" } }],
    },
    { name: "a drive letter not first, or with no slash after it", code: "FROM alpine:3.20\nWORKDIR aC:/x\nFROM alpine:3.20\nWORKDIR C:app\n", errors: [{ messageId: "relative", line: 2 }, { messageId: "relative", line: 4 }] },
    { name: "hadolint: a stage's first relative WORKDIR", code: "FROM alpine:3.20\nWORKDIR app\n", preset: "hadolint", errors: [{ messageId: "relative", data: { path: "app" } }] },
    { name: "hadolint: a letter and a colon not first", code: "FROM alpine:3.20\nWORKDIR /a\nWORKDIR ab:c\n", preset: "hadolint", errors: [{ messageId: "relativeAfter", data: { path: "ab:c", resolved: "/a/ab:c" } }] },
    { name: "hadolint: only the outer quotes are dropped (a\":x is relative)", code: "FROM alpine:3.20\nWORKDIR /a\nWORKDIR a\"':x\n", preset: "hadolint", errors: [{ messageId: "relative" }] },
    { name: "hadolint: . parts are dropped from where it lands", code: "FROM alpine:3.20\nWORKDIR /a\nWORKDIR ./b/.\n", preset: "hadolint", errors: [{ messageId: "relativeAfter", data: { path: "./b/.", resolved: "/a/b" } }] },
  ],
});
