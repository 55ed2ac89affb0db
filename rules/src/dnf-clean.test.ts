import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./dnf-clean.js";

new RuleTester().run(rule, {
  valid: [
    "FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n",
    "FROM fedora:40\nRUN dnf -y upgrade && dnf -y install httpd && rm -rf /var/cache/dnf\n",
    "FROM fedora:41\nRUN dnf5 install -y httpd && rm -rf /var/cache/libdnf5*\n",
    "FROM fedora:40\nRUN dnf install -y httpd && yum clean all\n",
    "FROM fedora:40\nRUN dnf install -y httpd && dnf5 clean all\n",
    "FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y httpd && microdnf clean all\n",
    "FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y httpd && rm -rf /var/cache/yum\n",
    "FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y httpd\n",
    "FROM fedora:41\nRUN --mount=type=cache,target=/root/.cache/libdnf5 dnf install -y httpd\n",
    "FROM fedora:40\nRUN dnf remove -y httpd && dnf module list\n",
    "FROM fedora:40\nRUN notdnf install httpd\n",
    { code: "FROM fedora:40 AS build\nRUN dnf install -y gcc\nFROM scratch\nCOPY --from=build /out /out\n", name: "a builder stage's cache never ships" },
    { code: "FROM fedora:40\nRUN dnf install -y httpd && rm -rf /var/cache/yum/*\n", preset: "hadolint", name: "hadolint takes any rm -rf as the clean-up" },
    { code: "FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/libdnf5 microdnf install -y httpd\n", preset: "hadolint" },
    { name: "dnf's clean all among other types", code: "FROM fedora:40\nRUN dnf install -y httpd && dnf clean dbcache all\n" },
    { name: "no subcommand fills no cache", code: "FROM fedora:40\nRUN dnf --version\n" },
    { name: "hadolint: a cache mount on .cache/libdnf5", code: "FROM fedora:40\nRUN --mount=type=cache,target=/root/.cache/libdnf5 dnf install -y httpd\n", preset: "hadolint" },
    { name: "hadolint: dnf clean without all", code: "FROM fedora:40\nRUN dnf install -y httpd && dnf clean metadata\n", preset: "hadolint" },
    { name: "hadolint: any dnf command with an all argument", code: "FROM fedora:40\nRUN dnf install -y httpd && dnf list all\n", preset: "hadolint" },
    { name: "hadolint: rm of /var/cache/libdnf5* without -rf", code: "FROM fedora:40\nRUN microdnf install -y httpd && rm /var/cache/libdnf5*\n", preset: "hadolint" },
    { name: "hadolint: dnf clean all after the install", code: "FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n", preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM fedora:40\nRUN dnf install -y httpd\n",
      errors: [
        {
          messageId: "noClean",
          line: 2,
          column: 5,
          endColumn: 25,
          data: { tool: "dnf", subcommand: "install", cache: "/var/cache/dnf or /var/cache/libdnf5" },
          suggestions: [{ messageId: "appendClean", output: "FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n" }],
        },
      ],
    },
    {
      code: "FROM fedora:40\nRUN dnf install -y httpd && rm -rf /var/cache/yum/*\n",
      errors: [{ messageId: "noClean", data: { tool: "dnf", subcommand: "install", cache: "/var/cache/dnf or /var/cache/libdnf5" } }],
    },
    {
      code: "FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y httpd && dnf clean all\n",
      errors: [{ messageId: "noClean", data: { tool: "microdnf", subcommand: "install", cache: "/var/cache/yum" } }],
    },
    { code: "FROM fedora:40\nRUN rm -rf /var/cache/dnf && dnf -y up\n", errors: [{ messageId: "noClean", column: 30 }] },
    { code: "FROM fedora:40\nRUN dnf -y module install nodejs:20/common\n", errors: [{ messageId: "noClean", data: { tool: "dnf", subcommand: "module install", cache: "/var/cache/dnf or /var/cache/libdnf5" } }] },
    { code: "FROM fedora:40\nONBUILD RUN dnf in -y httpd\n", errors: [{ messageId: "noClean", line: 2 }] },
    { code: "FROM fedora:40\nRUN microdnf clean all && dnf install -y httpd\n", preset: "hadolint", errors: [{ messageId: "noClean" }] },
    { code: "FROM fedora:40 AS build\nRUN dnf install -y gcc\nFROM scratch\nCOPY --from=build /out /out\n", preset: "hadolint", errors: [{ messageId: "noClean", line: 2 }] },
    {
      name: "module install and enable, group upgrade and group update fill the cache",
      code: "FROM fedora:40\nRUN dnf -y module install nodejs:20\nRUN dnf -y group upgrade core\nRUN dnf -y group update core\nRUN dnf -y module enable nodejs:20\n",
      errors: [
        { messageId: "noClean", line: 2, data: { tool: "dnf", subcommand: "module install", cache: "/var/cache/dnf or /var/cache/libdnf5" } },
        { messageId: "noClean", line: 3, data: { tool: "dnf", subcommand: "group upgrade", cache: "/var/cache/dnf or /var/cache/libdnf5" } },
        { messageId: "noClean", line: 4, data: { tool: "dnf", subcommand: "group update", cache: "/var/cache/dnf or /var/cache/libdnf5" } },
        { messageId: "noClean", line: 5, data: { tool: "dnf", subcommand: "module enable", cache: "/var/cache/dnf or /var/cache/libdnf5" } },
      ],
    },
    { name: "dnf clean without all", code: "FROM fedora:40\nRUN dnf install -y httpd && dnf clean metadata\n", errors: [{ messageId: "noClean" }] },
    { name: "another subcommand with all", code: "FROM fedora:40\nRUN dnf install -y httpd && dnf list all\n", errors: [{ messageId: "noClean" }] },
    {
      name: "hadolint: dnf, with a cache mount elsewhere",
      code: "FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/apt dnf install -y httpd\n",
      preset: "hadolint",
      errors: [{ messageId: "noClean", data: { tool: "dnf", subcommand: "install", cache: "/var/cache/dnf" } }],
    },
    {
      name: "hadolint: microdnf",
      code: "FROM fedora:40\nRUN microdnf install -y httpd\n",
      preset: "hadolint",
      errors: [{ messageId: "noClean", data: { tool: "microdnf", subcommand: "install", cache: "/var/cache/yum" } }],
    },
    { name: "hadolint: the clean before the install", code: "FROM fedora:40\nRUN dnf clean all && dnf install -y httpd\n", preset: "hadolint", errors: [{ messageId: "noClean" }] },
    { name: "hadolint: one command that installs a package named clean", code: "FROM fedora:40\nRUN dnf install -y clean\n", preset: "hadolint", errors: [{ messageId: "noClean" }] },
  ],
});
