import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./undefined-var.js";

const IMAGE = " unless the base image's environment sets it";

new RuleTester().run(rule, {
  valid: [
    // BuildKit's cases without a warning (dockerfile_check_test.go, testUnmatchedVars).
    "\nFROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n",
    "\nFROM alpine AS base\nARG foo=Dockerfile\n\nFROM base\nCOPY $foo .\n",
    "\nFROM alpine\nRUN echo $PATH\n",
    // The shell expands RUN, CMD, ENTRYPOINT and HEALTHCHECK; FROM has its own check; BuildKit does not check EXPOSE.
    "FROM scratch\nRUN echo $UNDEFINED\nCMD echo $UNDEFINED\nEXPOSE $PORT\n",
    // Global ARGs are for FROM; a platform ARG reaches a stage only when declared in it.
    "ARG V=1\nFROM scratch\nARG V\nARG TARGETARCH\nCOPY a-$V-$TARGETARCH /\n",
    // PATH is in every stage (the default BuildKit sets on scratch).
    "FROM scratch\nENV PATH=$PATH:/opt/bin\n",
    // A stage on an image: names the file never defines may be the image's (golang's GOPATH, Jupyter's NB_UID).
    "FROM golang:1.22\nWORKDIR $GOPATH/src/app\nUSER ${NB_UID}\n",
    // The image may have X: appending to it is the point; the pairs of one ENV see the image's values.
    "FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nENV LD_LIBRARY_PATH=/opt/lib:$LD_LIBRARY_PATH\nENV A=1 B=$A\n",
    // A base stage chosen by a variable may define it.
    "FROM alpine:3.20 AS base-amd64\nARG V=1\nFROM base-$TARGETARCH\nCOPY $V /\n",
    // BuildKit's SBOM ARGs are never reported.
    "FROM scratch\nCOPY $BUILDKIT_SBOM_SCAN_STAGE /\n",
    { name: "a Windows stage's PATH is its image's", code: "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY $PATH /\n" },
    { name: "PATH in a stage on an image, though another stage sets it", code: "FROM alpine:3.20 AS a\nENV PATH=/opt/bin:$PATH\nFROM alpine:3.20\nCOPY $PATH /\n" },
  ],
  invalid: [
    {
      name: "BuildKit: used before the ARG that defines it",
      code: "\nFROM alpine\nCOPY $foo .\nARG foo=bar\nRUN echo $foo\n",
      errors: [{ messageId: "undefined", data: { name: "foo", image: IMAGE }, line: 3, column: 6, endColumn: 10 }],
    },
    {
      name: "BuildKit: a near miss of an ARG of the stage",
      code: "\nFROM alpine\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\nARG DIR_CONFIG=config/\nCOPY $DIR_ASSET .\n",
      errors: [{ messageId: "undefinedSuggest", data: { name: "DIR_ASSET", suggestion: "DIR_ASSETS", image: IMAGE }, line: 6 }],
    },
    {
      name: "BuildKit: PATH misspelt",
      code: "\nFROM alpine\nENV PATH=$PAHT:/tmp/bin\n",
      errors: [{ messageId: "undefinedSuggest", data: { name: "PAHT", suggestion: "PATH", image: IMAGE }, line: 3 }],
    },
    {
      name: "a global ARG is not visible in a stage until redeclared",
      code: "ARG VERSION=1.2\nFROM alpine:3.20\nLABEL version=$VERSION\n",
      errors: [{ messageId: "undefined", data: { name: "VERSION", image: IMAGE }, line: 3 }],
    },
    {
      name: "in a stage from scratch nothing else can define it; each unit BuildKit expands reports once",
      code: "FROM scratch\nCOPY --chown=$U:$U $SRC $SRC/b /\nWORKDIR ${DIR:-/app}\nUSER $U\nVOLUME $V\nSTOPSIGNAL $S\nENV $K=$W\nARG A=$Z\n",
      errors: [
        { messageId: "undefined", data: { name: "U", image: "" }, line: 2, column: 14 },
        { messageId: "undefined", data: { name: "SRC", image: "" }, line: 2, column: 20 },
        { messageId: "undefined", data: { name: "SRC", image: "" }, line: 2, column: 25 },
        { messageId: "undefined", data: { name: "DIR", image: "" }, line: 3 },
        { messageId: "undefined", data: { name: "U", image: "" }, line: 4 },
        { messageId: "undefined", data: { name: "V", image: "" }, line: 5 },
        { messageId: "undefined", data: { name: "S", image: "" }, line: 6 },
        { messageId: "undefined", data: { name: "K", image: "" }, line: 7 },
        { messageId: "undefined", data: { name: "W", image: "" }, line: 7 },
        { messageId: "undefined", data: { name: "Z", image: "" }, line: 8 },
      ],
    },
    {
      name: "COPY heredoc bodies and RUN --mount options are expanded by the build",
      code: "FROM scratch\nENV varA=a\nCOPY <<EOF /f\n$varB\nEOF\nRUN --mount=type=cache,id=$CACHE_ID,target=/c true\n",
      errors: [
        { messageId: "undefinedSuggest", data: { name: "varB", suggestion: "varA", image: "" }, line: 3, column: 1, endColumn: 5 },
        { messageId: "undefined", data: { name: "CACHE_ID", image: "" }, line: 6 },
      ],
    },
    {
      name: "each word of an ENV is expanded on its own: a key and its value, and each pair",
      code: "FROM scratch\nENV $K=$K A=$X B=$X\n",
      errors: [
        { messageId: "undefined", data: { name: "K", image: "" }, line: 2, column: 5 },
        { messageId: "undefined", data: { name: "K", image: "" }, line: 2, column: 8 },
        { messageId: "undefined", data: { name: "X", image: "" }, line: 2, column: 13 },
        { messageId: "undefined", data: { name: "X", image: "" }, line: 2, column: 18 },
      ],
    },
    {
      name: "each flag is expanded on its own",
      code: "FROM scratch\nRUN --mount=type=cache,id=$C,target=/a --mount=type=cache,id=$C,target=/b true\n",
      errors: [
        { messageId: "undefined", data: { name: "C", image: "" }, line: 2, column: 27 },
        { messageId: "undefined", data: { name: "C", image: "" }, line: 2, column: 62 },
      ],
    },
    {
      name: "each heredoc body is expanded on its own",
      code: "FROM scratch\nCOPY <<A <<B /d/\n$X\nA\n$X\nB\n",
      errors: [{ messageId: "undefined", data: { name: "X", image: "" } }, { messageId: "undefined", data: { name: "X", image: "" } }],
    },
    {
      name: "the words of a COPY whose heredoc body comes after them in the file",
      code: "FROM scratch\nCOPY <<EOF $X /d$X\nhello\nEOF\n",
      errors: [
        { messageId: "undefined", data: { name: "X", image: "" }, line: 2, column: 12 },
        { messageId: "undefined", data: { name: "X", image: "" }, line: 2, column: 17 },
      ],
    },
    {
      name: "an ARG without a value is not in the environment BuildKit suggests names from",
      code: "FROM scratch\nARG DIR_ASSETS\nCOPY $DIR_ASSET /\n",
      errors: [{ messageId: "undefined", data: { name: "DIR_ASSET", image: "" } }],
    },
    {
      name: "PATH misspelt in a stage on an image, with no ENV PATH in the file",
      code: "FROM alpine:3.20\nWORKDIR /x$PAHT\n",
      errors: [{ messageId: "undefinedSuggest", data: { name: "PAHT", suggestion: "PATH", image: IMAGE } }],
    },
  ],
});
