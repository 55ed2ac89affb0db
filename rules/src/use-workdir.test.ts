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
    {
      name: "across a continuation, flags kept",
      code: "FROM debian:12\nRUN --mount=type=cache,target=/root/.cache cd /app \\\n    && pip install .\n",
      errors: [{ messageId: "cd", suggestions: [{ output: "FROM debian:12\nWORKDIR /app\nRUN --mount=type=cache,target=/root/.cache pip install .\n" }] }],
    },
    { name: "after set options (no suggestion)", code: "FROM debian:12\nRUN set -eux; cd /usr/src/app; make\n", errors: [{ messageId: "cd", data: { dir: "/usr/src/app" }, suggestions: [] }] },
    { code: "FROM debian:12\nRUN cd /opt\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
    { name: "hadolint flags every cd", code: "FROM debian:12\nRUN git clone x /src && cd /src && make\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
  ],
});
