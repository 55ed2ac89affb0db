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
  ],
  invalid: [
    {
      code: "FROM debian:12\nCOPY packaged-app.tar /usr/src/app/\nRUN tar -xf /usr/src/app/packaged-app.tar\n",
      errors: [{ messageId: "useAdd", line: 2, column: 1, endColumn: 5, data: { archive: "packaged-app.tar", line: 3 } }],
    },
    { name: "the destination names the archive", code: "FROM debian:12\nCOPY dist/app-1.2.tgz /tmp/app.tgz\nRUN mkdir /opt/app && tar xzf /tmp/app.tgz -C /opt/app && rm /tmp/app.tgz\n", errors: [{ messageId: "useAdd", data: { archive: "app.tgz", line: 3 } }] },
    { name: "--file=", code: "FROM debian:12\nWORKDIR /opt\nCOPY rootfs.tar.zst ./\nRUN tar --extract --zstd --file=rootfs.tar.zst\n", errors: [{ messageId: "useAdd", data: { archive: "rootfs.tar.zst", line: 4 } }] },
    { code: "COPY packaged-app.tar /usr/src/app\nRUN tar -xf /usr/src/app/packaged-app.tar\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
    { name: "hadolint counts gunzip", code: "FROM debian:12\nCOPY data.gz /tmp/\nRUN gunzip /tmp/data.gz\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
  ],
});
