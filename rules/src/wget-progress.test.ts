import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./wget-progress.js";

new RuleTester().run(rule, {
  valid: [
    { name: "--append-output sends the progress to a log", code: "FROM debian:12\nRUN wget --append-output=/tmp/wget.log https://server.com/file\n" },
    "FROM debian:12\nRUN wget --progress=dot:giga https://server.com/file\n",
    "FROM debian:12\nRUN wget -q https://server.com/file\n",
    "FROM debian:12\nRUN wget -qO- https://server.com/file | tar x\n",
    "FROM debian:12\nRUN wget --quiet https://server.com/file\n",
    "FROM debian:12\nRUN wget -nv https://server.com/file\n",
    "FROM debian:12\nRUN wget --no-verbose https://server.com/file\n",
    "FROM debian:12\nRUN wget -o /tmp/log https://server.com/file\n",
    "FROM debian:12\nRUN wget --output-file=/tmp/log https://server.com/file\n",
    "FROM debian:12\nRUN wget -a /tmp/log https://server.com/file\n",
    "FROM debian:12\nRUN apt-get install -y wget\n",
    { name: "BusyBox's wget prints no progress without a terminal", code: "FROM alpine:3.20\nRUN wget -O /tmp/f https://server.com/file\n" },
    { name: "an Alpine variant through a stage", code: "FROM node:22-alpine3.20 AS base\nFROM base\nRUN wget https://server.com/file\n" },
  ],
  invalid: [
    {
      code: "FROM debian:12\nRUN wget https://server.com/file\n",
      output: null,
      errors: [
        {
          messageId: "progress",
          line: 2,
          column: 5,
          endColumn: 33,
          suggestions: [
            { messageId: "addQuiet", output: "FROM debian:12\nRUN wget -q https://server.com/file\n" },
            { messageId: "addProgress", output: "FROM debian:12\nRUN wget --progress=dot:giga https://server.com/file\n" },
          ],
        },
      ],
    },
    { name: "-O names the downloaded file, not the log", code: "FROM debian:12\nRUN wget -O /tmp/f https://server.com/file\n", errors: [{ messageId: "progress" }] },
    { name: "GNU wget installed on Alpine", code: "FROM alpine:3.20\nRUN apk add --no-cache wget\nRUN wget https://server.com/file\n", errors: [{ messageId: "progress", line: 3 }] },
    { name: "hadolint does not know BusyBox", code: "FROM alpine:3.20\nRUN wget https://server.com/file\n", preset: "hadolint", errors: [{ messageId: "progress" }] },
    { code: "FROM debian:12\nONBUILD RUN wget https://server.com/file\n", errors: [{ messageId: "progress" }] },
    { code: "FROM debian:12\nRUN cd /tmp && /usr/bin/wget https://server.com/file && tar xf file\n", errors: [{ messageId: "progress", column: 16 }] },
  ],
});
