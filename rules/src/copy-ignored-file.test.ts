import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./copy-ignored-file.js";

new RuleTester().run(rule, {
  valid: [
    // No .dockerignore: nothing to check.
    "FROM scratch\nCOPY Dockerfile .\n",
    // BuildKit's cases without a warning (dockerfile_check_test.go, testCopyIgnoredFiles).
    { code: "\nFROM scratch AS base\nCOPY Dockerfile /foobar\nADD Dockerfile /windy\n\nFROM base\nCOPY --from=base /foobar /Dockerfile\n", dockerignore: "\nfoobar\n" },
    { name: "a ! exception stops the check", code: "\nFROM scratch\nCOPY ./Dockerfile .\n", dockerignore: "\n**\n!Dockerfile\n" },
    { name: "the context root, with an exception", code: "\nFROM scratch\nCOPY . .\n\t", dockerignore: "\n**\n!Dockerfile\n" },
    { name: "the context root is reported only for *, ** and **/* (testCopyIgnoredFileContextRoot)", code: "\nFROM scratch\nCOPY . .\n", dockerignore: "\n.*\n" },
    {
      name: "remote sources, heredocs, other stages and unknown values are not context paths",
      code: "FROM scratch\nADD https://example.com/secret.txt /\nADD git@github.com:org/secret.git /src\nCOPY <<EOF /secret.txt\nx\nEOF\nCOPY --from=alpine:3.20 /secret.txt /\nARG F\nCOPY $F /\n",
      dockerignore: "secret.txt\n*.git\n",
    },
    { name: "/ is the context root, which */* does not leave out", code: "FROM scratch\nCOPY / /x\n", dockerignore: "*/*\n" },
    { name: "COPY --from reads no context path", code: "FROM scratch AS base\nFROM scratch\nCOPY --from=base foobar /x\n", dockerignore: "foobar\n" },
    { name: "a heredoc's name is no path, even where * leaves out every path", code: "FROM scratch\nCOPY <<EOF /x\nx\nEOF\n", dockerignore: "*\n" },
  ],
  invalid: [
    {
      name: "BuildKit's case: COPY and ADD of an ignored file",
      code: "\nFROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n",
      dockerignore: "\nDockerfile\n",
      errors: [
        { messageId: "ignored", data: { command: "Copy", path: "Dockerfile", keyword: "COPY" }, line: 3, column: 6, endColumn: 16 },
        { messageId: "ignored", data: { command: "Add", path: "Dockerfile", keyword: "ADD" }, line: 4 },
      ],
    },
    {
      name: "BuildKit's case: the context root under *",
      code: "\nFROM scratch\nCOPY . .\n",
      dockerignore: "\n*\n",
      errors: [{ messageId: "ignored", data: { command: "Copy", path: ".", keyword: "COPY" }, line: 3 }],
    },
    {
      name: "the context root under * among other patterns; / as the root",
      code: "FROM scratch\nCOPY . /a/\nCOPY / /b/\n",
      dockerignore: "node_modules\n*\n",
      errors: [
        { messageId: "ignored", data: { command: "Copy", path: ".", keyword: "COPY" }, line: 2 },
        { messageId: "ignored", data: { command: "Copy", path: "/", keyword: "COPY" }, line: 3 },
      ],
    },
    {
      name: "a COPY with a heredoc and a context file",
      code: "FROM scratch\nCOPY <<EOF a.txt /dir/\nx\nEOF\n",
      dockerignore: "a.txt\n",
      errors: [{ messageId: "ignored", data: { command: "Copy", path: "a.txt", keyword: "COPY" }, line: 2 }],
    },
    {
      name: "a file whose name starts with << where there is no heredoc",
      code: 'FROM scratch\nCOPY ["<<x", "/d/"]\nCOPY <<<y /d/\n',
      dockerignore: "<<x\n<<<y\n",
      errors: [
        { messageId: "ignored", data: { command: "Copy", path: "<<x", keyword: "COPY" }, line: 2 },
        { messageId: "ignored", data: { command: "Copy", path: "<<<y", keyword: "COPY" }, line: 3 },
      ],
    },
    {
      name: "the context root as /, under **",
      code: "FROM scratch\nCOPY / /x\n",
      dockerignore: "**\n",
      errors: [{ messageId: "ignored", data: { command: "Copy", path: "/", keyword: "COPY" } }],
    },
    {
      name: "the context root under **/*",
      code: "FROM scratch\nADD ./ /app\n",
      dockerignore: "**/*\n",
      errors: [{ messageId: "ignored", data: { command: "Add", path: ".", keyword: "ADD" } }],
    },
    {
      name: "a file under an ignored directory, a path the build cleans, a value from an ARG default",
      code: "FROM scratch\nARG DIR=node_modules\nCOPY ./build/../dist/app.js $DIR/x /app/\n",
      dockerignore: "dist\nnode_modules/\n",
      errors: [
        { messageId: "ignored", data: { command: "Copy", path: "dist/app.js", keyword: "COPY" }, line: 3 },
        { messageId: "ignored", data: { command: "Copy", path: "node_modules/x", keyword: "COPY" }, line: 3 },
      ],
    },
  ],
});
