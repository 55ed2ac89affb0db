import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./dnf-yes.js";

new RuleTester().run(rule, {
  valid: [
    "FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n",
    "FROM fedora:40\nRUN dnf -y upgrade && dnf5 --assumeyes remove httpd\n",
    "FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y httpd && microdnf clean all\n",
    "FROM fedora:40\nRUN dnf clean all && dnf makecache && dnf repolist\n",
    "FROM fedora:40\nRUN dnf module list nodejs\n",
    "FROM fedora:40\nRUN notdnf install httpd\n",
    { code: "FROM fedora:40\nRUN dnf toString && dnf constructor install\n", name: "subcommands named like object properties are just unknown" },
    { code: "FROM fedora:40\nRUN dnf upgrade\n", preset: "hadolint", name: "hadolint checks only the install subcommands" },
    { name: "no subcommand asks nothing", code: "FROM fedora:40\nRUN dnf --version\n" },
    { name: "hadolint: --assumeyes", code: "FROM fedora:40\nRUN dnf --assumeyes install httpd\n", preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM fedora:40\nRUN dnf install httpd && dnf clean all\n",
      output: "FROM fedora:40\nRUN dnf -y install httpd && dnf clean all\n",
      errors: [{ messageId: "missingYes", line: 2, column: 5, endColumn: 22, data: { tool: "dnf", subcommand: "install" } }],
    },
    {
      code: "FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install httpd\n",
      output: "FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf -y install httpd\n",
      errors: [{ messageId: "missingYes", data: { tool: "microdnf", subcommand: "install" } }],
    },
    { code: "FROM fedora:41\nRUN dnf5 upgrade\n", output: "FROM fedora:41\nRUN dnf5 -y upgrade\n", errors: [{ messageId: "missingYes", data: { tool: "dnf5", subcommand: "upgrade" } }] },
    { code: "FROM fedora:40\nRUN dnf module enable nodejs:20\n", output: "FROM fedora:40\nRUN dnf -y module enable nodejs:20\n", errors: [{ messageId: "missingYes", data: { tool: "dnf", subcommand: "module enable" } }] },
    { code: "FROM fedora:40\nONBUILD RUN dnf in httpd\n", output: "FROM fedora:40\nONBUILD RUN dnf -y in httpd\n", errors: [{ messageId: "missingYes" }] },
    {
      code: "FROM fedora:40\nRUN microdnf install httpd-2.4.24 && microdnf clean all\n",
      preset: "hadolint",
      output: "FROM fedora:40\nRUN microdnf -y install httpd-2.4.24 && microdnf clean all\n",
      errors: [{ messageId: "missingYes", data: { tool: "microdnf", subcommand: "install" } }],
    },
    {
      name: "hadolint: each install subcommand, of dnf and microdnf",
      code: "FROM fedora:40\nRUN dnf install httpd\nRUN dnf groupinstall core\nRUN microdnf localinstall /x.rpm\n",
      preset: "hadolint",
      output: "FROM fedora:40\nRUN dnf -y install httpd\nRUN dnf -y groupinstall core\nRUN microdnf -y localinstall /x.rpm\n",
      errors: [
        { messageId: "missingYes", line: 2, data: { tool: "dnf", subcommand: "install" } },
        { messageId: "missingYes", line: 3, data: { tool: "dnf", subcommand: "install" } },
        { messageId: "missingYes", line: 4, data: { tool: "microdnf", subcommand: "install" } },
      ],
    },
  ],
});
