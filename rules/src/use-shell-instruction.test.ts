import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./use-shell-instruction.js";

new RuleTester().run(rule, {
  valid: [
    "FROM debian:12\nRUN ln -sf /bin/true /sbin/initctl\n",
    "FROM debian:12\nRUN ln -s foo bar && unrelated && something_with /bin/sh\n",
    { name: "/bin/sh as the link's target", code: "FROM debian:12\nRUN ln -s /bin/sh /usr/local/bin/posix-sh\n" },
    { code: "FROM debian:12\nRUN ln -s foo bar && unrelated && something_with /bin/sh\n", preset: "hadolint" },
  ],
  invalid: [
    { code: "FROM debian:12\nRUN ln -sfv /bin/bash /bin/sh\n", errors: [{ messageId: "symlink", line: 2, column: 5, endColumn: 30 }] },
    { code: "FROM debian:12\nRUN rm /bin/sh && ln -s /bin/bash /usr/bin/sh\n", errors: [{ messageId: "symlink" }] },
    { code: "FROM debian:12\nONBUILD RUN ln -sf bash /bin/sh\n", errors: [{ messageId: "symlink" }] },
    { name: "/bin/sh written in pieces (meta.mentions looks at the text without quotes)", code: 'FROM debian:12\nRUN ln -sf bash /bin/"s"h\n', errors: [{ messageId: "symlink" }] },
    { name: "hadolint flags any /bin/sh argument", code: "FROM debian:12\nRUN ln -s /bin/sh /usr/local/bin/posix-sh\n", preset: "hadolint", errors: [{ messageId: "symlink" }] },
  ],
});
