import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./copy-relative-dest.js";

new RuleTester().run(rule, {
  valid: [
    "FROM alpine:3.20\nCOPY bla.sh /usr/local/bin/blubb.sh\n",
    'FROM alpine:3.20\nCOPY bla.sh "/usr/local/bin/blubb.sh"\n',
    "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY bla.sh c:\\system32\\blubb.sh\n",
    "FROM scratch\nWORKDIR /usr\nCOPY bla.sh blubb.sh\n",
    "FROM debian:12 AS base\nWORKDIR /usr\nFROM debian:12 AS other\nRUN foo\nFROM base\nCOPY foo bar\n",
    "FROM debian:12 AS base1\nWORKDIR /usr\nFROM base1 AS base2\nFROM base2\nCOPY foo bar\n",
    { name: "an unknown variable", code: "FROM alpine:3.20\nCOPY src.sh ${SRC_BASE}\n" },
    { name: "a variable with an absolute value", code: "FROM alpine:3.20\nENV APP=/app\nCOPY . $APP\n" },
    { name: "ONBUILD triggers run in another build", code: "FROM debian:12\nONBUILD WORKDIR /usr/local/lib\nONBUILD COPY foo bar\n" },
    { code: "FROM debian:buster as base\nWORKDIR /usr\nFROM debian:buster as stage-inbetween\nRUN foo\nFROM base\nCOPY foo bar\n", preset: "hadolint" },
    { name: "a Windows path with a backslash", code: "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY a.txt \\app\\a.txt\n" },
    { name: "an empty destination from a variable", code: 'FROM alpine:3.20\nARG D=""\nCOPY a.txt $D\n' },
    { name: "hadolint: a stage FROM a registry's image of the alias inherits its WORKDIR", code: "FROM debian:12 AS base\nWORKDIR /usr\nFROM registry.example.com/base\nCOPY foo bar\n", preset: "hadolint" },
    { name: "hadolint: two FROMs of one image share an entry", code: "FROM debian:12\nWORKDIR /usr\nFROM debian:12\nCOPY foo bar\n", preset: "hadolint" },
    { name: "hadolint: a quoted absolute destination, a variable, an ADD", code: 'FROM debian:12\nCOPY foo "/bar"\nCOPY foo $DIR\nADD foo bar\n', preset: "hadolint" },
  ],
  invalid: [
    { code: "FROM alpine:3.20\nCOPY bla.sh blubb.sh\n", errors: [{ messageId: "relative", line: 2, column: 13, endColumn: 21, data: { keyword: "COPY", dest: "blubb.sh" } }] },
    { code: 'FROM alpine:3.20\nCOPY bla.sh "blubb.sh"\n', errors: [{ messageId: "relative", data: { keyword: "COPY", dest: "blubb.sh" } }] },
    { name: "WORKDIR of another stage", code: "FROM debian:12 AS stage1\nWORKDIR /usr\nFROM debian:12\nCOPY foo bar\n", errors: [{ messageId: "relative", line: 4 }] },
    { name: "WORKDIR after the COPY", code: "FROM debian:12\nCOPY . .\nWORKDIR /app\n", errors: [{ messageId: "relative", data: { keyword: "COPY", dest: "." } }] },
    { code: "FROM debian:12\nADD app.tar.gz app/\n", errors: [{ messageId: "relative", data: { keyword: "ADD", dest: "app/" } }] },
    { name: "hadolint reads variables as absolute", code: "COPY a b\n", preset: "hadolint", errors: [{ messageId: "relative" }] },
    { name: "a letter and a colon only start a drive alone", code: "FROM alpine:3.20\nCOPY a ab:c\n", errors: [{ messageId: "relative", data: { keyword: "COPY", dest: "ab:c" } }] },
    { name: "hadolint: quotes stripped from the destination", code: "FROM debian:12\nCOPY foo \"bar\"\n", preset: "hadolint", errors: [{ messageId: "relative", data: { keyword: "COPY", dest: "bar" } }] },
    { name: "hadolint: an image under a path is not the alias", code: "FROM debian:12 AS base\nWORKDIR /usr\nFROM team/base\nCOPY foo bar\n", preset: "hadolint", errors: [{ messageId: "relative", line: 4 }] },
    { name: "hadolint: another image's WORKDIR", code: "FROM debian:12\nWORKDIR /usr\nFROM alpine:3.20\nCOPY foo bar\n", preset: "hadolint", errors: [{ messageId: "relative", line: 4 }] },
  ],
});
