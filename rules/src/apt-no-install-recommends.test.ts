import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./apt-no-install-recommends.js";

new RuleTester().run(rule, {
  valid: [
    "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n",
    "FROM debian:12\nRUN apt-get -o APT::Install-Recommends=false install curl\n",
    "FROM debian:12\nRUN apt-get update\n",
    { name: "recommends asked for on the command line", code: "FROM debian:12\nRUN apt-get install -y --install-recommends texlive\n" },
    { name: "or with -o", code: "FROM debian:12\nRUN apt-get -o APT::Install-Recommends=1 install -y texlive\n" },
    { name: "a comment asking for recommends", code: "FROM debian:12\n# Recommended packages are wanted here: the full desktop.\nRUN apt-get install -y xfce4\n" },
    { name: "a comment inside the RUN", code: "FROM debian:12\nRUN apt-get update && \\\n# with recommends on purpose\n    apt-get install -y git\n" },
    {
      name: "apt configured not to install recommends earlier in the stage or its base stage",
      code: "FROM debian:12 AS base\nRUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/00norecommends\nFROM base\nRUN apt-get install -y curl\n",
    },
    { name: "install_packages already passes --no-install-recommends", code: "FROM bitnami/minideb:bookworm\nRUN install_packages curl\n" },
    { name: "a simulation installs nothing", code: "FROM debian:12\nRUN apt-get install -s curl\n" },
    {
      name: "configured off with two spaces before the value",
      code: "FROM debian:12\nRUN echo 'APT::Install-Recommends  \"false\";' > /etc/apt/apt.conf.d/00norecommends\nRUN apt-get install -y curl\n",
    },
    { name: "configured off without quotes", code: "FROM debian:12\nRUN echo 'APT::Install-Recommends off;' > /etc/apt/apt.conf.d/00norecommends\nRUN apt-get install -y curl\n" },
    { code: "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n", preset: "hadolint" },
    { code: "FROM debian:12\nRUN apt-get install -y APT::Install-Recommends=false curl\n", preset: "hadolint" },
    { name: "hadolint does not read bash -c scripts", code: "FROM debian:12\nRUN bash -c 'apt-get install -y curl'\n", preset: "hadolint" },
  ],
  invalid: [
    {
      name: "a suggestion, never an automatic fix: the image would lose packages",
      code: "FROM debian:12\nRUN apt-get install -y curl\n",
      output: null,
      errors: [
        {
          messageId: "recommends",
          line: 2,
          column: 5,
          endColumn: 28,
          suggestions: [{ messageId: "addOption", output: "FROM debian:12\nRUN apt-get install --no-install-recommends -y curl\n" }],
        },
      ],
    },
    {
      code: "FROM debian:12\nRUN apt-get update && apt-get -y install curl && apt install -y git\n",
      output: null,
      errors: [
        { messageId: "recommends", data: { tool: "apt-get" } },
        { messageId: "recommends", data: { tool: "apt" } },
      ],
    },
    {
      name: "a comment about something else does not count",
      code: "FROM debian:12\n# tools for the build\nRUN apt-get install -y make\n",
      output: null,
      errors: [{ messageId: "recommends" }],
    },
    {
      name: "exec form",
      code: 'FROM debian:12\nRUN ["apt-get", "install", "-y", "curl"]\n',
      output: null,
      errors: [{ messageId: "recommends", suggestions: [{ output: 'FROM debian:12\nRUN ["apt-get", "install", "--no-install-recommends", "-y", "curl"]\n' }] }],
    },
    { name: "sh -c", code: "FROM debian:12\nRUN sh -c 'apt-get install -y curl'\n", output: null, errors: [{ messageId: "recommends", column: 12 }] },
    {
      name: "configured off in another stage does not count",
      code: "FROM debian:12 AS a\nRUN echo 'APT::Install-Recommends \"0\";' > /etc/apt/apt.conf.d/x\nFROM debian:12\nRUN apt-get install -y curl\n",
      output: null,
      errors: [{ messageId: "recommends", line: 4 }],
    },
    {
      name: "only a RUN configures apt (a CMD runs in the container), and only one that says so",
      code: "FROM debian:12\nCMD echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/x\nRUN apt-get update\nRUN apt-get install -y curl\n",
      output: null,
      errors: [{ messageId: "recommends", line: 4 }],
    },
    {
      name: "configured off only after the install",
      code: "FROM debian:12\nRUN apt-get install -y curl && echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/x\nRUN apt-get install -y git\n",
      output: null,
      errors: [{ messageId: "recommends", line: 2 }],
    },
    {
      name: "configured off in a later RUN of the stage",
      code: "FROM debian:12\nRUN apt-get install -y curl\nRUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/x\n",
      output: null,
      errors: [{ messageId: "recommends", line: 2 }],
    },
    {
      name: "hadolint: once per RUN, comments or not",
      code: "FROM debian:12\n# with recommends\nRUN apt-get install -y curl && apt-get install -y git\n",
      preset: "hadolint",
      output: null,
      errors: [{ messageId: "recommends", data: { tool: "apt-get" } }],
    },
  ],
});
