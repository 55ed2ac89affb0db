import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./extract-with-add.js";

new RuleTester().run(rule, {
  valid: [
    "FROM debian:12\nCOPY package.json /usr/src/app\n",
    "FROM debian:12\nCOPY --from=builder /usr/local/share/some.tar /opt/some.tar\nRUN tar -xf /opt/some.tar\n",
    "FROM debian:12\nCOPY packaged-app.tar /usr/src/app/\nFROM debian:12 AS other\nRUN tar -xf /usr/src/app/packaged-app.tar\n",
    { name: "ADD does not unpack zip files", code: "FROM debian:12\nCOPY app.zip /tmp/\nRUN unzip /tmp/app.zip -d /opt\n" },
    { name: "--strip-components has no ADD equivalent", code: "FROM debian:12\nCOPY node.tar.xz /tmp/\nRUN tar -xJf /tmp/node.tar.xz -C /usr/local --strip-components=1\n" },
    { name: "picking members", code: "FROM debian:12\nCOPY bundle.tar /tmp/\nRUN tar -xf /tmp/bundle.tar bin/tool\n" },
    { name: "another archive", code: "FROM debian:12\nCOPY a.tar.gz /tmp/\nRUN tar -xzf /tmp/b.tar.gz\n" },
    { name: "listing is not extracting", code: "FROM debian:12\nCOPY a.tar.gz /tmp/\nRUN tar -tzf /tmp/a.tar.gz\n" },
    { name: "another program's -x -f", code: "FROM debian:12\nCOPY app.tar /tmp/\nRUN bsdtar -xf /tmp/app.tar\n" },
    { name: "old-style options without x do not extract", code: "FROM debian:12\nCOPY app.tar /tmp/\nRUN tar tvf /tmp/app.tar\n" },
    { name: "hadolint: a tar that lists", code: "FROM debian:12\nCOPY app.tar /tmp/\nRUN tar -tf /tmp/app.tar\n", preset: "hadolint" },
    { name: "hadolint: a tar whose x is not in an option", code: "FROM debian:12\nCOPY my-xapp.tar /tmp/\nRUN tar -tf /tmp/my-xapp.tar\n", preset: "hadolint" },
    { name: "hadolint: another program's -x", code: "FROM debian:12\nCOPY app.tar /tmp/\nRUN ls -x /tmp/app.tar\n", preset: "hadolint" },
    { name: "hadolint: a command that only names the archive", code: "FROM debian:12\nCOPY app.tar /tmp/\nRUN ls /tmp/app.tar\n", preset: "hadolint" },
    { name: "hadolint reads only the words that are not flags", code: "FROM debian:12\nCOPY app.tar /tmp/\nRUN tar -xf/tmp/app.tar\n", preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM debian:12\nCOPY packaged-app.tar /usr/src/app/\nRUN tar -xf /usr/src/app/packaged-app.tar\n",
      errors: [{ messageId: "useAdd", line: 2, column: 1, endColumn: 5, data: { archive: "packaged-app.tar", line: 3 } }],
    },
    { name: "the destination names the archive", code: "FROM debian:12\nCOPY dist/app-1.2.tgz /tmp/app.tgz\nRUN mkdir /opt/app && tar xzf /tmp/app.tgz -C /opt/app && rm /tmp/app.tgz\n", errors: [{ messageId: "useAdd", data: { archive: "app.tgz", line: 3 } }] },
    { name: "--file=", code: "FROM debian:12\nWORKDIR /opt\nCOPY rootfs.tar.zst ./\nRUN tar --extract --zstd --file=rootfs.tar.zst\n", errors: [{ messageId: "useAdd", data: { archive: "rootfs.tar.zst", line: 4 } }] },
    { name: "--get", code: "FROM debian:12\nCOPY app.tar /tmp/\nRUN tar --get --file /tmp/app.tar\n", errors: [{ messageId: "useAdd", data: { archive: "app.tar", line: 3 } }] },
    { name: "old-style options, the x in a later word", code: "FROM debian:12\nCOPY app.tar /tmp/\nRUN tar v -xf /tmp/app.tar\n", errors: [{ messageId: "useAdd", data: { archive: "app.tar", line: 3 } }] },
    { name: "reported once, at its first extraction", code: "FROM debian:12\nCOPY app.tar /tmp/\nRUN tar -xf /tmp/app.tar\nRUN tar -xf /tmp/app.tar\n", errors: [{ messageId: "useAdd", data: { archive: "app.tar", line: 3 } }] },
    { code: "COPY packaged-app.tar /usr/src/app\nRUN tar -xf /usr/src/app/packaged-app.tar\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
    { name: "hadolint: --extract", code: "FROM debian:12\nCOPY app.tar /tmp/\nRUN tar --extract -f /tmp/app.tar\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
    { name: "hadolint: --get", code: "FROM debian:12\nCOPY app.tar /tmp/\nRUN tar --get -f /tmp/app.tar\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
    { name: "hadolint: the x inside a cluster", code: "FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -zxf /tmp/app.tar.gz\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
    { name: "hadolint counts gunzip", code: "FROM debian:12\nCOPY data.gz /tmp/\nRUN gunzip /tmp/data.gz\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
  ],
});
