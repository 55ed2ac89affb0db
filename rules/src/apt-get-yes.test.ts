import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./apt-get-yes.js";

new RuleTester().run(rule, {
  valid: [
    "FROM debian:12\nRUN apt-get install -y curl\n",
    "FROM debian:12\nRUN apt-get -yq install curl\n",
    "FROM debian:12\nRUN apt-get --assume-yes install curl\n",
    "FROM debian:12\nRUN apt-get install -qq curl\n",
    "FROM debian:12\nRUN apt-get install -q -q curl\n",
    "FROM debian:12\nRUN apt-get install -q=2 curl\n",
    "FROM debian:12\nRUN apt-get -o APT::Get::Assume-Yes=true install curl\n",
    "FROM debian:12\nRUN echo apt-get install curl\n",
    "FROM debian:12\nRUN apt-get update && apt-cache policy curl\n",
    "FROM debian:12\nRUN apt-get install --yes curl\n",
    "FROM debian:12\nRUN apt-get install --quiet --quiet curl\n",
    "FROM debian:12\nRUN apt-get --option APT::Get::Assume-Yes=yes install curl\n",
    { name: "every simulation switch", code: "FROM debian:12\nRUN apt-get install --simulate a && apt-get install --just-print b && apt-get install --recon c && apt-get install --no-act d\n" },
    { name: "a simulation asks nothing", code: "FROM debian:12\nRUN apt-get install -s curl\n" },
    { name: "--dry-run too", code: "FROM debian:12\nRUN apt-get install --dry-run curl | grep Inst\n" },
    { name: "install_packages passes -y itself", code: "FROM bitnami/minideb:bookworm\nRUN install_packages curl\n" },
    ...["-y", "--yes", "-qq", "--qq", "--assume-yes", "-q -q --no-install-recommends", "--quiet --quiet --no-install-recommends", "-q=2"].map((flags) => ({
      name: `hadolint: ${flags}`,
      code: `FROM debian:12\nRUN apt-get install ${flags} curl\n`,
      preset: "hadolint" as const,
    })),
    { name: "hadolint only checks apt-get install", code: "FROM debian:12\nRUN apt remove curl\n", preset: "hadolint" },
    { name: "hadolint does not read sh -c scripts", code: "FROM debian:12\nRUN sh -c 'apt-get install curl'\n", preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM debian:12\nRUN apt-get update && apt-get install curl\n",
      output: "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
      errors: [{ messageId: "missingYes", line: 2, column: 23, endColumn: 43, data: { tool: "apt-get", subcommand: "install" } }],
    },
    {
      code: "FROM debian:12\nRUN apt-get -o Dpkg::Options::=--force-confold install -q \\\n    curl\n",
      output: "FROM debian:12\nRUN apt-get -o Dpkg::Options::=--force-confold install -y -q \\\n    curl\n",
      errors: [{ messageId: "missingYes", line: 2, endLine: 3, endColumn: 9 }],
    },
    { code: "FROM debian:12\nRUN xargs apt-get install < packages.txt\n", output: "FROM debian:12\nRUN xargs apt-get install -y < packages.txt\n", errors: [{ messageId: "missingYes" }] },
    { code: "FROM debian:12\nONBUILD RUN apt-get install curl\n", output: "FROM debian:12\nONBUILD RUN apt-get install -y curl\n", errors: [{ messageId: "missingYes" }] },
    { code: "FROM debian:12\nRUN <<EOF\napt-get install curl\nEOF\n", output: "FROM debian:12\nRUN <<EOF\napt-get install -y curl\nEOF\n", errors: [{ messageId: "missingYes", line: 3 }] },
    {
      name: "apt and the other commands that ask",
      code: "FROM debian:12\nRUN apt install curl && apt-get purge wget && apt-get autoremove\n",
      output: "FROM debian:12\nRUN apt install -y curl && apt-get purge -y wget && apt-get autoremove -y\n",
      errors: [
        { messageId: "missingYes", data: { tool: "apt", subcommand: "install" } },
        { messageId: "missingYes", data: { tool: "apt-get", subcommand: "purge" } },
        { messageId: "missingYes", data: { tool: "apt-get", subcommand: "autoremove" } },
      ],
    },
    {
      name: "an exec-form RUN",
      code: 'FROM debian:12\nRUN ["apt-get", "install", "curl"]\n',
      output: 'FROM debian:12\nRUN ["apt-get", "install", "-y", "curl"]\n',
      errors: [{ messageId: "missingYes" }],
    },
    {
      name: "a bash -c script: reported, fixed where the script maps 1:1 onto the file",
      code: "FROM debian:12\nRUN bash -c 'apt-get update && apt-get install curl'\n",
      output: "FROM debian:12\nRUN bash -c 'apt-get update && apt-get install -y curl'\n",
      errors: [{ messageId: "missingYes", line: 2, column: 32 }],
    },
    { name: "xx-apt-get (tonistiigi/xx)", code: "FROM debian:12\nRUN xx-apt-get install libc6-dev\n", output: "FROM debian:12\nRUN xx-apt-get install -y libc6-dev\n", errors: [{ messageId: "missingYes", data: { tool: "xx-apt-get", subcommand: "install" } }] },
    {
      name: "another -o setting is not Assume-Yes, though it is a boolean",
      code: "FROM debian:12\nRUN apt-get -o Dpkg::Use-Pty=1 install curl\n",
      output: "FROM debian:12\nRUN apt-get -o Dpkg::Use-Pty=1 install -y curl\n",
      errors: [{ messageId: "missingYes" }],
    },
    {
      name: "only -o sets a configuration option, not another option's value",
      code: "FROM debian:12\nRUN apt-get -c APT::Get::Assume-Yes=true install curl\n",
      output: "FROM debian:12\nRUN apt-get -c APT::Get::Assume-Yes=true install -y curl\n",
      errors: [{ messageId: "missingYes" }],
    },
    {
      name: "hadolint: one -q and one other flag",
      code: "FROM debian:12\nRUN apt-get install --no-install-recommends -q curl\n",
      preset: "hadolint",
      output: null,
      errors: [{ messageId: "missingYes", data: { tool: "apt-get", subcommand: "install" } }],
    },
    {
      name: "hadolint: once per RUN",
      code: "FROM debian:12\nRUN apt-get install curl && apt-get install wget\n",
      preset: "hadolint",
      output: null,
      errors: [{ messageId: "missingYes", column: 5 }],
    },
  ],
});
