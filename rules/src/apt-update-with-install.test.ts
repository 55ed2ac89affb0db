import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./apt-update-with-install.js";

new RuleTester().run(rule, {
  valid: [
    "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
    "FROM debian:12\nRUN apt-get update \\\n && apt-get install -y curl \\\n && rm -rf /var/lib/apt/lists/*\n",
    "FROM debian:12\nRUN echo update\n",
    "FROM debian:12\nRUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*\n",
    'FROM debian:12\nRUN set -eux; apt-get update; xargs -rt apt-get install -y < "$DEPS"; rm -rf /var/lib/apt/lists/*\n',
    "FROM debian:12\nRUN sudo apt-get update && sudo apt-get install -y curl\n",
    { name: "tonistiigi/xx's apt wrapper", code: "FROM debian:12\nRUN xx-apt-get update && xx-apt-get install -y libc6-dev\n" },
    { name: "bitnami's install_packages reads the lists", code: "FROM bitnami/minideb:bookworm\nRUN apt-get update && install_packages curl\n" },
    { name: "a bash -c script", code: "FROM debian:12\nRUN bash -c 'apt-get update && apt-get install -y curl'\n" },
    { name: "aptitude", code: "FROM debian:12\nRUN aptitude update && aptitude safe-upgrade -y\n" },
  ],
  invalid: [
    {
      code: "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n",
      output: "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl\n",
      errors: [{ messageId: "alone", line: 2, column: 5, endColumn: 19 }],
    },
    {
      code: "FROM debian:12\nRUN apt-get update\nENV X=1\nRUN apt-get install -y curl\n",
      output: null,
      errors: [{ messageId: "alone" }],
    },
    { name: "apt is named apt in the message", code: "FROM debian:12\nRUN apt update\n", output: null, errors: [{ messageId: "alone", data: { tool: "apt" } }] },
    { name: "an exec-form RUN", code: 'FROM debian:12\nRUN ["apt-get", "update"]\n', output: null, errors: [{ messageId: "alone", data: { tool: "apt-get" } }] },
    { name: "xx-apt-get update alone", code: "FROM debian:12\nRUN xx-apt-get update\n", output: null, errors: [{ messageId: "alone", data: { tool: "xx-apt-get" } }] },
    {
      name: "no merge into a script with ;: apt-get update failing would no longer fail the RUN",
      code: "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl; rm -rf /var/lib/apt/lists/*\n",
      output: null,
      errors: [{ messageId: "alone" }],
    },
    {
      name: "no merge after cd: the install would run in another directory",
      code: "FROM debian:12\nRUN cd /tmp && apt-get update\nRUN apt-get install -y curl\n",
      output: null,
      errors: [{ messageId: "alone" }],
    },
    {
      name: "no merge after a trailing comment: it would comment out the install",
      code: "FROM debian:12\nRUN apt-get update # refresh\nRUN apt-get install -y curl\n",
      output: null,
      errors: [{ messageId: "alone" }],
    },
  ],
});
