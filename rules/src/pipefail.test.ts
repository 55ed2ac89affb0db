import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./pipefail.js";

const curl = "curl -fsSL https://example.com/install.sh | sh";

new RuleTester().run(rule, {
  valid: [
    `FROM debian:12\nRUN curl -fsSLO https://x/a.tgz && tar xzf a.tgz\n`,
    `FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN ${curl}\n`,
    `FROM debian:12\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN ${curl}\n`,
    `FROM debian:12\nSHELL ["/bin/bash", "-euxo", "pipefail", "-c"]\nRUN ${curl}\n`,
    `FROM debian:12\nSHELL ["/bin/bash", "-o", "errexit", "-o", "pipefail", "-c"]\nRUN ${curl}\n`,
    `FROM debian:12\nSHELL ["/usr/local/bin/zsh", "-o", "pipefail", "-c"]\nRUN ${curl}\n`,
    { name: "sh with -o pipefail: it works (BusyBox) or the build fails loudly (dash)", code: `FROM alpine:3.20\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\nRUN ${curl}\n` },
    { name: "set -o pipefail in the script", code: `FROM alpine:3.20\nRUN set -o pipefail && ${curl}\n` },
    { name: "set -euxo pipefail", code: `FROM debian:12\nSHELL ["/bin/bash", "-c"]\nRUN set -euxo pipefail; ${curl}\n` },
    { name: "SHELL inherited through FROM <stage>", code: `FROM debian:12 AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM base\nRUN ${curl}\n` },
    { name: "PowerShell", code: 'FROM mcr.microsoft.com/powershell:7.4-ubuntu-22.04\nSHELL ["pwsh", "-c"]\nRUN Get-Variable PSVersionTable | Select-Object -ExpandProperty Value\n' },
    { name: "cmd.exe", code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["cmd.exe", "/c"]\nRUN dir | findstr foo\n' },
    { name: "a Windows base image runs cmd by default", code: "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir | findstr foo\n" },
    { name: "the backtick escape means Windows", code: "# escape=`\nFROM mcr.microsoft.com/dotnet/framework/sdk:4.8\nRUN dir | findstr foo\n" },
    { name: "producers that cannot fail", code: 'FROM debian:12\nRUN echo "$SHA  file.tgz" | sha256sum -c - && printf "a\\n" | tee /etc/x && yes | ./configure\n' },
    { name: "a shebang script that sets pipefail", code: "FROM debian:12\nRUN <<EOF\n#!/bin/bash\nset -o pipefail\ncurl -fsSL https://x | sh\nEOF\n" },
    { name: "a heredoc in another language", code: "FROM python:3.12\nRUN <<EOF\n#!/usr/bin/env python3\nprint('a | b')\nEOF\n" },
    { name: "an unknown SHELL", code: 'FROM debian:12\nSHELL ["/opt/conda/bin/conda-run", "-c"]\nRUN a | b\n' },
    { name: "exec form runs no shell", code: 'FROM debian:12\nRUN ["/usr/bin/make", "a|b"]\n' },
    { name: "a shell started with -o pipefail", code: `FROM debian:12\nRUN bash -o pipefail -c '${curl}'\n` },
    { name: "clustered options", code: `FROM debian:12\nRUN sudo bash -euxo pipefail -c "${curl}"\n` },
    { name: "set -o pipefail inside the started shell's script", code: `FROM debian:12\nRUN bash -c 'set -o pipefail; ${curl}'\n` },
    { name: "exec form starting bash with pipefail", code: `FROM debian:12\nRUN ["bash", "-o", "pipefail", "-c", "${curl}"]\n` },
    { name: "a quoted pipe is no pipe", code: "FROM debian:12\nRUN bash -c 'echo \"a | b\" > /x'\n" },
    { name: "a started shell's script with harmless producers", code: "FROM debian:12\nRUN sh -c 'yes | ./configure'\n" },
    { name: "hadolint does not read inside quotes", code: `FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN bash -c '${curl}'\n`, preset: "hadolint" },
    { code: 'FROM scratch AS build\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN wget -O - https://some.site | wc -l file > /number\n', preset: "hadolint" },
    { code: 'FROM mcr.microsoft.com/powershell:ubuntu-16.04\nSHELL [ "powershell.exe" ]\nRUN Get-Variable PSVersionTable | Select-Object -ExpandProperty Value\n', preset: "hadolint" },
  ],
  invalid: [
    {
      code: `FROM debian:12\nRUN ${curl}\n`,
      output: null,
      errors: [
        {
          messageId: "noPipefail",
          line: 2,
          column: 5,
          endColumn: 51,
          data: { producer: "curl", consumer: "sh", shell: "/bin/sh", path: "/bin/bash", setHint: "" },
          suggestions: [{ messageId: "addShell", output: `FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN ${curl}\n` }],
        },
      ],
    },
    {
      name: "Alpine: ash, where set -o pipefail works too",
      code: `FROM alpine:3.20\nRUN ${curl}\n`,
      errors: [{ messageId: "noPipefail", data: { producer: "curl", consumer: "sh", shell: "/bin/sh", path: "/bin/ash", setHint: ", or start the script with set -o pipefail" } }],
    },
    { name: "bash without pipefail", code: `FROM debian:12\nSHELL ["/bin/bash", "-c"]\nRUN ${curl}\n`, errors: [{ messageId: "noPipefail", data: { producer: "curl", consumer: "sh", shell: "bash", path: "/bin/bash", setHint: ", or start the script with set -o pipefail" } }] },
    { name: "a SHELL switching pipefail off again", code: `FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN true\nSHELL ["/bin/sh", "-c"]\nRUN ${curl}\n`, errors: [{ messageId: "noPipefail", line: 5 }] },
    { name: "a pipe before set -o pipefail", code: `FROM debian:12\nSHELL ["/bin/bash", "-c"]\nRUN ${curl} && set -o pipefail\n`, errors: [{ messageId: "noPipefail" }] },
    { name: "a new stage starts with the default shell", code: `FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM debian:12\nRUN ${curl}\n`, errors: [{ messageId: "noPipefail", line: 4 }] },
    { name: "a pipe in a command substitution", code: "FROM debian:12\nRUN VERSION=$(curl -fsSL https://x/latest | jq -r .tag) && echo $VERSION\n", errors: [{ messageId: "noPipefail", data: { producer: "curl", consumer: "jq", shell: "/bin/sh", path: "/bin/bash", setHint: "" } }] },
    { name: "a shebang script: SHELL does not apply", code: `FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN <<EOF\n#!/bin/bash\n${curl}\nEOF\n`, errors: [{ messageId: "shebang", line: 5, data: { producer: "curl", consumer: "sh", shell: "bash" } }] },
    {
      name: "SHELL's pipefail does not reach a shell the RUN starts",
      code: `FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN bash -c '${curl}'\n`,
      errors: [
        {
          messageId: "inline",
          line: 3,
          column: 14,
          endColumn: 60,
          data: { producer: "curl", consumer: "sh", shell: "bash", hint: "Run it as bash -o pipefail -c, or start the script with set -o pipefail" },
          suggestions: [{ messageId: "addOption", output: `FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN bash -o pipefail -c '${curl}'\n` }],
        },
      ],
    },
    {
      name: "exec form starting sh: dash has no pipefail",
      code: `FROM debian:12\nRUN ["/bin/sh", "-c", "${curl}"]\n`,
      errors: [{ messageId: "inline", line: 2, column: 24, data: { producer: "curl", consumer: "sh", shell: "sh", hint: "Run it as bash -o pipefail -c instead (sh has no pipefail option where it is dash, Debian's and Ubuntu's sh)" }, suggestions: [] }],
    },
    {
      name: "exec form starting bash",
      code: `FROM debian:12\nRUN ["bash", "-c", "${curl}"]\n`,
      errors: [{ messageId: "inline", suggestions: [{ messageId: "addOption", output: `FROM debian:12\nRUN ["bash", "-o", "pipefail", "-c", "${curl}"]\n` }] }],
    },
    {
      name: "sh -c on Alpine is ash",
      code: `FROM alpine:3.20\nRUN sh -c '${curl}'\n`,
      errors: [{ messageId: "inline", suggestions: [{ messageId: "addOption", output: `FROM alpine:3.20\nRUN sh -o pipefail -c '${curl}'\n` }] }],
    },
    {
      name: "both the RUN's own pipe and its started shell's",
      code: `FROM debian:12\nRUN tar c . | gzip > /a.tgz && sudo -u app bash -lc 'make | tee log'\n`,
      errors: [{ messageId: "noPipefail", column: 5 }, { messageId: "inline", column: 54 }],
    },
    {
      name: "a shell started inside a started shell",
      code: "FROM debian:12\nRUN bash -o pipefail -c \"su app -c 'git log | head -1' && bash -c 'make | tee log'\"\n",
      errors: [{ messageId: "inline", column: 68, endColumn: 82, data: { producer: "make", consumer: "tee", shell: "bash", hint: "Run it as bash -o pipefail -c, or start the script with set -o pipefail" } }],
    },
    { code: "FROM scratch\nRUN wget -O - https://some.site | wc -l > /number\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
    { code: 'FROM scratch AS build\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\nRUN wget -O - https://some.site | wc -l file > /number\n', preset: "hadolint", errors: [{ messageId: "hadolint" }] },
    { name: "hadolint reads exec form as text", code: 'FROM debian:12\nRUN ["sh", "-c", "a | b"]\n', preset: "hadolint", errors: [{ messageId: "hadolint" }] },
    { name: "hadolint resets the SHELL at every FROM", code: `FROM debian:12 AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM base\nRUN ${curl}\n`, preset: "hadolint", errors: [{ messageId: "hadolint" }] },
  ],
});
