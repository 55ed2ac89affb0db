import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./use-workdir.js";

new RuleTester().run(rule, {
  valid: [
    "FROM debian:12\nWORKDIR /opt\n",
    { name: "cd into what the RUN itself fetched", code: "FROM debian:12\nRUN git clone https://x/repo.git /src && cd /src && make install\n" },
    { name: "cd in a subshell", code: "FROM debian:12\nRUN (cd /src && make) && rm -rf /src\n" },
    { name: "cd to a directory computed at run time", code: "FROM debian:12\nRUN cd \"$(go env GOROOT)\" && ./make.bash\n" },
    { name: "cd back", code: "FROM debian:12\nRUN cd - && ls\n" },
    { name: "a heredoc script", code: "FROM debian:12\nRUN <<EOF\ncd /opt\nmake\nEOF\n" },
    { name: "a scratch directory", code: "FROM debian:12\nRUN cd /tmp && curl -fsSLO https://x/a.tgz && tar xzf a.tgz && make -C a install\n" },
    { name: "a directory the RUN deletes", code: "FROM debian:12\nCOPY src /build\nRUN cd /build && make install && rm -rf /build\n" },
    { name: "a mount's directory", code: "FROM debian:12\nRUN --mount=type=cache,target=/installTmp cd /installTmp && curl -fsSLO https://x/a.tgz\n" },
    { name: "the word cd", code: "FROM debian:12\nRUN echo cd /opt\n" },
    { name: "cd to an empty word or a home directory", code: "FROM debian:12\nRUN cd \"\" && make\nRUN cd ~/src && make\n" },
    { name: "a directory the RUN deletes, written with trailing slashes", code: "FROM debian:12\nRUN cd /a// && make && rm -rf /a\nRUN cd /b && make && rm -rf /b//*\nRUN cd /c && make && rm -rf /c/\n" },
    { name: "a mount's directory, by dst or destination, with trailing slashes, or below it", code: "FROM debian:12\nRUN --mount=type=cache,dst=/a cd /a && make\nRUN --mount=type=cache,destination=/b cd /b && make\nRUN --mount=type=cache,target=/c// cd /c && make\nRUN --mount=type=bind,target=/src cd /src/app && make\nRUN --mount=type=bind,target=/d// cd /d/app && make\n" },
  ],
  invalid: [
    {
      code: "FROM debian:12\nRUN cd /opt && make\n",
      errors: [
        {
          messageId: "cd",
          line: 2,
          column: 5,
          endColumn: 12,
          data: { dir: "/opt" },
          suggestions: [{ messageId: "useWorkdir", output: "FROM debian:12\nWORKDIR /opt\nRUN make\n" }],
        },
      ],
    },
    { code: "FROM debian:12\nRUN cd /opt\n", errors: [{ messageId: "cd", suggestions: [{ output: "FROM debian:12\nWORKDIR /opt\n" }] }] },
    { name: "a lone cd with trailing blanks", code: "FROM debian:12\nRUN cd /opt  \t\n", errors: [{ messageId: "cd", suggestions: [{ output: "FROM debian:12\nWORKDIR /opt\n" }] }] },
    {
      name: "across a continuation, flags kept",
      code: "FROM debian:12\nRUN --mount=type=cache,target=/root/.cache cd /app \\\n    && pip install .\n",
      errors: [{ messageId: "cd", suggestions: [{ output: "FROM debian:12\nWORKDIR /app\nRUN --mount=type=cache,target=/root/.cache pip install .\n" }] }],
    },
    { name: "after set options (no suggestion)", code: "FROM debian:12\nRUN set -eux; cd /usr/src/app; make\n", errors: [{ messageId: "cd", data: { dir: "/usr/src/app" }, suggestions: [] }] },
    { name: "a cd after a continuation: its offset in the script (no suggestion)", code: "FROM debian:12\nRUN set -e; \\\n    cd /opt && make\n", errors: [{ messageId: "cd", data: { dir: "/opt" }, suggestions: [] }] },
    { name: "tmp further down is no scratch directory", code: "FROM debian:12\nRUN cd /app/tmp && make\n", errors: [{ messageId: "cd", data: { dir: "/app/tmp" } }] },
    { name: "rm of something else, a mount's id", code: "FROM debian:12\nRUN --mount=type=cache,id=/app,target=/cache cd /app && rm -f x.o\n", errors: [{ messageId: "cd", data: { dir: "/app" } }] },
    { name: "a backtick continuation", code: "# escape=`\nFROM debian:12\nRUN cd /app && `\n    make\n", errors: [{ messageId: "cd", suggestions: [{ output: "# escape=`\nFROM debian:12\nWORKDIR /app\nRUN make\n" }] }] },
    { name: "an indented RUN keeps its indent", code: "FROM debian:12\n  RUN cd /app && make\n", errors: [{ messageId: "cd", suggestions: [{ output: "FROM debian:12\n  WORKDIR /app\n  RUN make\n" }] }] },
    { name: "no suggestion: || after cd, a lone cd with ; or flags", code: "FROM debian:12\nRUN cd /app || make\nRUN cd /b;\nRUN --network=none cd /c\n", errors: [{ messageId: "cd", suggestions: [] }, { messageId: "cd", suggestions: [] }, { messageId: "cd", suggestions: [] }] },
    { code: "FROM debian:12\nRUN cd /opt\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
    { name: "hadolint flags every cd", code: "FROM debian:12\nRUN git clone x /src && cd /src && make\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
  ],
});
