import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./prefer-copy.js";

new RuleTester().run(rule, {
  valid: [
    "FROM alpine:3.20\nADD https://example.com/foo.tar /tmp/\n",
    "FROM alpine:3.20\nADD file.tar.gz /opt/\n",
    "FROM alpine:3.20\nADD rootfs.tar.xz /\n",
    "FROM alpine:3.20\nADD git@github.com:moby/buildkit.git /src\n",
    "FROM alpine:3.20\nADD --keep-git-dir https://github.com/moby/buildkit.git#v0.13.0 /src\n",
    { name: "a variable with a URL default", code: "FROM alpine:3.20\nARG URL=https://example.com/tool\nADD ${URL} /usr/local/bin/tool\n" },
    { name: "an unknown variable", code: "FROM alpine:3.20\nADD ${SOURCE} /src\n" },
    { name: "any remote source makes ADD needed", code: "FROM alpine:3.20\nADD https://example.com/a.sh local.sh /opt/\n" },
    { code: "FROM alpine:3.20\nADD foo.tar.gz /opt/\n", preset: "hadolint" },
    { name: "hadolint: http and https URLs", code: "FROM alpine:3.20\nADD https://example.com/a.txt http://example.com/b.txt /opt/\n", preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM alpine:3.20\nADD requirements.txt /app/\n",
      output: null,
      errors: [
        {
          messageId: "useCopy",
          line: 2,
          column: 1,
          endColumn: 4,
          data: { source: "requirements.txt" },
          suggestions: [{ messageId: "replace", output: "FROM alpine:3.20\nCOPY requirements.txt /app/\n" }],
        },
      ],
    },
    { code: "FROM alpine:3.20\nadd --chown=app . /app\n", errors: [{ messageId: "useCopy", data: { source: "." }, suggestions: [{ output: "FROM alpine:3.20\ncopy --chown=app . /app\n" }] }] },
    { name: "a heredoc", code: "FROM alpine:3.20\nADD <<EOF /index.html\nhi\nEOF\n", errors: [{ messageId: "useCopy", data: { source: "the inline file <<EOF" } }] },
    { name: "an ADD-only flag: no suggestion", code: "FROM alpine:3.20\nADD --unpack=false app.bin /app/\n", errors: [{ messageId: "useCopy", suggestions: [] }] },
    { name: "hadolint flags a variable", code: "FROM alpine:3.20\nADD ${URL} /usr/local/bin/tool\n", preset: "hadolint", errors: [{ messageId: "useCopy" }] },
    { name: "an archive extension inside the name is no archive", code: "FROM alpine:3.20\nADD notes.lz4.txt /opt/\n", errors: [{ messageId: "useCopy", data: { source: "notes.lz4.txt" } }] },
    {
      name: "hadolint: a URL only at the start (hadolint's isPrefixOf)",
      code: "FROM alpine:3.20\nADD cache/https://example.com/a.txt /opt/\n",
      preset: "hadolint",
      errors: [{ messageId: "useCopy", data: { source: "cache/https://example.com/a.txt" } }],
    },
    {
      name: "hadolint: one local source among remote ones is reported",
      code: "FROM alpine:3.20\nADD https://example.com/a.txt local.txt /opt/\n",
      preset: "hadolint",
      errors: [{ messageId: "useCopy", data: { source: "local.txt" } }],
    },
    { name: "hadolint flags a Git repository", code: "FROM alpine:3.20\nADD git@github.com:moby/buildkit.git /src\n", preset: "hadolint", errors: [{ messageId: "useCopy" }] },
  ],
});
