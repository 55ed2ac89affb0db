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
    { name: "exec form runs no shell", code: 'FROM debian:12\nRUN ["sh", "-c", "a | b"]\n' },
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
    { code: "FROM scratch\nRUN wget -O - https://some.site | wc -l > /number\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
    { code: 'FROM scratch AS build\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\nRUN wget -O - https://some.site | wc -l file > /number\n', preset: "hadolint", errors: [{ messageId: "hadolint" }] },
    { name: "hadolint reads exec form as text", code: 'FROM debian:12\nRUN ["sh", "-c", "a | b"]\n', preset: "hadolint", errors: [{ messageId: "hadolint" }] },
    { name: "hadolint resets the SHELL at every FROM", code: `FROM debian:12 AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM base\nRUN ${curl}\n`, preset: "hadolint", errors: [{ messageId: "hadolint" }] },
  ],
});
