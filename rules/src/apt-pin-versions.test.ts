import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./apt-pin-versions.js";

new RuleTester().run(rule, {
  valid: [
    "FROM debian:12\nRUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u8\n",
    "FROM debian:12\nRUN apt-get install -y -t bookworm-backports golang-go/bookworm-backports\n",
    "FROM debian:12\nRUN apt-get install -y --target-release bookworm-backports golang-go=2:1.23~1~bpo12+1\n",
    "FROM debian:12\nRUN apt-get -o Dpkg::Options::=--force-confnew install -y curl=7.88.1-10\n",
    "FROM debian:12\nRUN apt-get -c /etc/apt/custom.conf install -y curl=7.88.1-10\n",
    "FROM debian:12\nCOPY wkhtmltox.deb /tmp/\nRUN apt-get install -y /tmp/wkhtmltox.deb ./other.deb\n",
    "FROM debian:12\nRUN apt-get install -y curl=${CURL_VERSION} \"git=$GIT_VERSION\"\n",
    'FROM debian:12\nARG PACKAGES="curl=7.88.1-10 git=1:2.39.5-0+deb12u1"\nRUN apt-get install -y $PACKAGES\n',
    { code: "FROM debian:12\nRUN apt-get install -y $PACKAGES\n", name: "a list nobody can know (no default) is not judged" },
    "FROM debian:12\nRUN apt-get install -y $(cat /tmp/packages.txt)\n",
    "FROM debian:12\nRUN apt-get install -y curl=7.88.1-10 nano-\n",
    "FROM debian:12\nRUN apt-get update && apt-get upgrade -y && apt-get install -y\n",
    "FROM debian:12\nRUN echo apt-get install curl\n",
    "FROM debian:12\nRUN apt-cache policy curl\n",
    { name: "removing needs no version", code: "FROM debian:12\nRUN apt-get remove -y curl && apt-get install -y git=1:2.39.5-0+deb12u1\n" },
    { name: "hadolint: a .deb file name is pinned", code: "FROM debian:12\nRUN apt-get install -y wkhtmltox.deb\n", preset: "hadolint" },
    { code: "FROM debian:12\nRUN apt-get install -y --target-release bookworm-backports curl=7.88.1-10\n", preset: "hadolint" },
    { code: "FROM debian:12\nRUN sudo apt-get install -y curl\n", preset: "hadolint", name: "hadolint does not look through sudo" },
    { code: "FROM debian:12\nRUN install_packages curl\n", preset: "hadolint" },
    { code: "FROM debian:12\nRUN apt-get install -y curl=7.88.1-10 -t bookworm-backports\n", preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
      errors: [{ messageId: "unpinned", line: 2, column: 66, endColumn: 70, data: { tool: "apt-get", packages: "curl", example: "curl" } }],
    },
    {
      code: "FROM debian:12\nRUN apt-get install -y \\\n    curl \\\n    git=1:2.39.5-0+deb12u1 \\\n    wget\n",
      errors: [{ messageId: "unpinned", line: 3, column: 5, endLine: 5, endColumn: 9, data: { tool: "apt-get", packages: "curl, wget", example: "curl" } }],
    },
    {
      code: "FROM debian:12\nRUN apt-get install -y a b c d e\n",
      errors: [{ messageId: "unpinned", data: { tool: "apt-get", packages: "a, b, c and 2 more", example: "a" } }],
    },
    {
      code: 'FROM debian:12\nARG PACKAGES="curl=7.88.1-10 git"\nRUN apt-get install -y $PACKAGES\n',
      errors: [{ messageId: "unpinned", line: 3, column: 24, endColumn: 33, data: { tool: "apt-get", packages: "git", example: "git" } }],
    },
    {
      code: 'FROM debian:12\nRUN ["apt-get", "install", "-y", "curl"]\n',
      errors: [{ messageId: "unpinned", line: 2, column: 34, endColumn: 40, data: { tool: "apt-get", packages: "curl", example: "curl" } }],
    },
    {
      code: "FROM debian:12\nRUN bash -c 'apt-get update && apt-get install -y curl'\n",
      errors: [{ messageId: "unpinned", line: 2, column: 51, endColumn: 55 }],
    },
    { code: "FROM debian:12\nRUN sudo /usr/bin/apt-get install -y curl\n", errors: [{ messageId: "unpinned", data: { tool: "apt-get", packages: "curl", example: "curl" } }] },
    { code: "FROM debian:12\nRUN xx-apt-get install -y libssl-dev\n", errors: [{ messageId: "unpinned", data: { tool: "xx-apt-get", packages: "libssl-dev", example: "libssl-dev" } }] },
    { code: "FROM bitnami/minideb:bookworm\nRUN install_packages curl git=1:2.39.5-0+deb12u1\n", errors: [{ messageId: "unpinned", data: { tool: "install_packages", packages: "curl", example: "curl" } }] },
    { code: "FROM debian:12\nRUN apt install -y curl\n", errors: [{ messageId: "unpinned", data: { tool: "apt", packages: "curl", example: "curl" } }] },
    { code: "FROM debian:12\nRUN apt-get install -y curl && apt-get install -y git\n", errors: [{ messageId: "unpinned", column: 24 }, { messageId: "unpinned", column: 51 }] },
    { code: "FROM debian:12\nONBUILD RUN apt-get install -y curl\n", errors: [{ messageId: "unpinned", line: 2, column: 32 }] },
    { code: "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n", errors: [{ messageId: "unpinned", line: 4, column: 20 }] },
    {
      code: "FROM debian:12\nRUN apt-get install -y curl && apt-get install -y git\n",
      preset: "hadolint",
      errors: [{ messageId: "unpinned", column: 5, endColumn: 28, data: { tool: "apt-get", packages: "curl", example: "curl" } }],
    },
    {
      code: "FROM debian:12\nRUN apt-get install -y curl git\n",
      preset: "hadolint",
      errors: [{ messageId: "unpinned", data: { tool: "apt-get", packages: "curl, git", example: "curl" } }],
    },
    {
      name: "install_packages and apt-get in one RUN: each reported",
      code: "FROM bitnami/minideb:bookworm\nRUN install_packages curl && apt-get install -y git\n",
      errors: [
        { messageId: "unpinned", data: { tool: "install_packages", packages: "curl", example: "curl" } },
        { messageId: "unpinned", data: { tool: "apt-get", packages: "git", example: "git" } },
      ],
    },
    {
      code: 'FROM debian:12\nARG PACKAGES="curl=7.88.1-10"\nRUN apt-get install -y $PACKAGES\n',
      preset: "hadolint",
      errors: [{ messageId: "unpinned", data: { tool: "apt-get", packages: "${PACKAGES}", example: "${PACKAGES}" } }],
    },
  ],
});
