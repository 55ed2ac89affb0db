import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./pointless-command.js";

new RuleTester().run(rule, {
  valid: ["FROM debian:12\nRUN apt-get install -y ssh vim\n", "FROM debian:12\nRUN ssh-keyscan github.com >> /etc/ssh/ssh_known_hosts\n", "FROM debian:12\nRUN echo top\n"],
  invalid: [
    { code: "FROM debian:12\nRUN top\n", errors: [{ messageId: "pointless", line: 2, column: 5, endColumn: 8, data: { program: "top", why: "is interactive and never ends without a terminal" } }] },
    {
      code: "FROM debian:12\nRUN service postgresql start && psql -c 'select 1'\n",
      errors: [{ messageId: "pointless", data: { program: "service", why: "starts or stops a service that ends with this RUN and never runs in the container" } }],
    },
    { code: "FROM debian:12\nONBUILD RUN vim /etc/hosts\n", errors: [{ messageId: "pointless" }] },
    { code: "FROM debian:12\nRUN /sbin/shutdown -h now\n", errors: [{ messageId: "pointless" }] },
    { code: "RUN top\n", preset: "hadolint", errors: [{ messageId: "pointless" }] },
  ],
});
