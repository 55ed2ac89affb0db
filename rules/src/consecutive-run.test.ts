import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./consecutive-run.js";

new RuleTester().run(rule, {
  valid: [
    "FROM alpine:3.20\nRUN a\nWORKDIR /\nRUN b\n",
    "FROM alpine:3.20\nRUN a && b\nRUN c\n",
    "FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache a\nRUN b\n",
    "FROM alpine:3.20\nRUN <<EOF\na\nEOF\nRUN b\n",
    "FROM alpine:3.20\nRUN a\nRUN <<EOF\nb\nEOF\n",
    { name: "the second RUN is more than one command", code: "FROM alpine:3.20\nRUN a\nRUN b && c\n" },
    { name: "split on purpose: different mounts", code: "FROM alpine:3.20\nRUN --mount=type=cache,target=/a a\nRUN --mount=type=cache,target=/b b\n" },
    { name: "split on purpose: a --network on one", code: "FROM alpine:3.20\nRUN --network=none make test\nRUN make install\n" },
    // Lines of plain words are read without the shell parser: a reserved word first is not a command.
    { name: "a reserved word alone does not parse: not one command", code: "FROM alpine:3.20\nRUN for\nRUN b\n" },
    { name: "a bare assignment is no command", code: "FROM alpine:3.20\nRUN A=1\nRUN b\n" },
  ],
  invalid: [
    {
      code: "FROM alpine:3.20\nRUN a\nRUN b\n",
      output: "FROM alpine:3.20\nRUN a && \\\n    b\n",
      errors: [{ messageId: "consecutive", line: 3, column: 1, endColumn: 4, data: { line: 2 } }],
    },
    {
      code: "FROM alpine:3.20\nRUN a\n# why b\n\nRUN b\nRUN c\n",
      output: "FROM alpine:3.20\nRUN a && \\\n# why b\n    b && \\\n    c\n",
      errors: [{ messageId: "consecutive", line: 5 }, { messageId: "consecutive", line: 6 }],
    },
    {
      code: "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN a\nRUN b\n",
      output: "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN a && `\n    b\n",
      errors: [{ messageId: "consecutive" }],
    },
    { code: 'FROM alpine:3.20\nRUN ["a"]\nRUN b\n', output: null, errors: [{ messageId: "consecutive" }] },
    {
      name: "no merge after a trailing comment: it would comment out the second command",
      code: "FROM alpine:3.20\nRUN a # why\nRUN b\n",
      output: null,
      errors: [{ messageId: "consecutive" }],
    },
    { name: "no merge after a trailing ;", code: "FROM alpine:3.20\nRUN a;\nRUN b\n", output: null, errors: [{ messageId: "consecutive" }] },
    { name: "no merge after cd: the next RUN would run elsewhere", code: "FROM alpine:3.20\nRUN cd /tmp\nRUN make\n", output: null, errors: [{ messageId: "consecutive" }] },
    { name: "no merge after export", code: "FROM alpine:3.20\nRUN export A=1\nRUN make\n", output: null, errors: [{ messageId: "consecutive" }] },
    { name: "no merge after a trailing &", code: "FROM alpine:3.20\nRUN a &\nRUN b\n", output: null, errors: [{ messageId: "consecutive" }] },
    { name: "no merge after exit: the second command would never run", code: "FROM alpine:3.20\nRUN exit 0\nRUN b\n", output: null, errors: [{ messageId: "consecutive" }] },
    { name: "no merge after exec", code: "FROM alpine:3.20\nRUN exec true\nRUN b\n", output: null, errors: [{ messageId: "consecutive" }] },
    { name: "no merge after a bare assignment: the next RUN would see it", code: "FROM alpine:3.20\nRUN A=1 && make\nRUN echo $A\n", output: null, errors: [{ messageId: "consecutive" }] },
    {
      name: "no merge under a PowerShell SHELL (Windows PowerShell has no &&)",
      code: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN Install-A\nRUN Install-B\n',
      output: null,
      errors: [{ messageId: "consecutive" }],
    },
    {
      name: "nor in a stage built on one that set it",
      code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS base\nSHELL ["pwsh.exe", "-Command"]\nFROM base\nRUN a\nRUN b\n',
      output: null,
      errors: [{ messageId: "consecutive" }],
    },
    {
      name: "same mounts and --network: merged, flags kept",
      code: "FROM alpine:3.20\nRUN --network=none --mount=type=cache,target=/c a\nRUN --network=none --mount=type=cache,target=/c b\n",
      output: "FROM alpine:3.20\nRUN --network=none --mount=type=cache,target=/c a && \\\n    b\n",
      errors: [{ messageId: "consecutive" }],
    },
    {
      name: "a redirection and a continuation at the end still merge",
      code: "FROM alpine:3.20\nRUN a \\\n  >/dev/null 2>&1\nRUN b\n",
      output: "FROM alpine:3.20\nRUN a \\\n  >/dev/null 2>&1 && \\\n    b\n",
      errors: [{ messageId: "consecutive" }],
    },
    {
      name: "plain lines and parsed ones merge alike, either way round",
      code: "FROM alpine:3.20\nRUN make a=b -C /src\nRUN echo 'done'\nRUN ./configure --prefix=/usr\n",
      output: "FROM alpine:3.20\nRUN make a=b -C /src && \\\n    echo 'done' && \\\n    ./configure --prefix=/usr\n",
      errors: [{ messageId: "consecutive", line: 3 }, { messageId: "consecutive", line: 4 }],
    },
    { name: "no merge after cd named by its path", code: "FROM alpine:3.20\nRUN /usr/bin/cd /tmp\nRUN make\n", output: null, errors: [{ messageId: "consecutive" }] },
    { name: "time runs the command after it: no merge after time cd", code: "FROM alpine:3.20\nRUN time cd /tmp\nRUN make\n", output: null, errors: [{ messageId: "consecutive" }] },
    {
      name: "CRLF line endings stay CRLF",
      code: "FROM alpine:3.20\r\nRUN a\r\n# b next\r\nRUN b\r\n",
      output: "FROM alpine:3.20\r\nRUN a && \\\r\n# b next\r\n    b\r\n",
      errors: [{ messageId: "consecutive", line: 4 }],
    },
  ],
});
