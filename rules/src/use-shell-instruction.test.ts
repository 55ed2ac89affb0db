import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./use-shell-instruction.js";

new RuleTester().run(rule, {
  valid: [
    "FROM debian:12\nRUN ln -sf /bin/true /sbin/initctl\n",
    "FROM debian:12\nRUN ln -s foo bar && unrelated && something_with /bin/sh\n",
    { name: "/bin/sh as the link's target", code: "FROM debian:12\nRUN ln -s /bin/sh /usr/local/bin/posix-sh\n" },
    { code: "FROM debian:12\nRUN ln -s foo bar && unrelated && something_with /bin/sh\n", preset: "hadolint" },
    { name: "one operand: the link is made in the working directory", code: "FROM debian:12\nRUN ln -s /bin/sh\n" },
    {
      name: "the values of ln's valued options are no operands",
      code: "FROM debian:12\nRUN ln -s -t /opt /bin/sh && ln -s --target-directory /opt /bin/sh && ln -sb /bin/bash /opt/sh -S /bin/sh && ln -sb /bin/bash /opt/sh --suffix /bin/sh\n",
    },
  ],
  invalid: [
    { code: "FROM debian:12\nRUN ln -sfv /bin/bash /bin/sh\n", errors: [{ messageId: "symlink", line: 2, column: 5, endColumn: 30 }] },
    { code: "FROM debian:12\nRUN rm /bin/sh && ln -s /bin/bash /usr/bin/sh\n", errors: [{ messageId: "symlink" }] },
    { code: "FROM debian:12\nONBUILD RUN ln -sf bash /bin/sh\n", errors: [{ messageId: "symlink" }] },
    { name: "/bin/sh written in pieces (meta.mentions looks at the text without quotes)", code: 'FROM debian:12\nRUN ln -sf bash /bin/"s"h\n', errors: [{ messageId: "symlink" }] },
    { name: "hadolint flags any /bin/sh argument", code: "FROM debian:12\nRUN ln -s /bin/sh /usr/local/bin/posix-sh\n", preset: "hadolint", errors: [{ messageId: "symlink" }] },
  ],
});
