import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./dnf-pin-versions.js";

new RuleTester().run(rule, {
  valid: [
    "FROM fedora:40\nRUN dnf install -y httpd-2.4.6 mod_ssl-1:2.4.6-99.el7.centos.1.x86_64 gcc-c++-4.8.5\n",
    "FROM fedora:40\nRUN dnf install -y 'openssl >= 1:1.0.2k' /tmp/local.rpm https://example.com/tool-1.0-1.rpm\n",
    "FROM fedora:40\nRUN dnf -y groupinstall 'Development Tools' && dnf -y group install base && dnf -y install @core\n",
    "FROM fedora:40\nRUN dnf -y module install nodejs:18/common\n",
    "FROM fedora:40\nRUN dnf -y install httpd-${HTTPD_VERSION}\n",
    'FROM fedora:40\nARG PACKAGES="httpd-2.4.6 git-1.8.3.1"\nRUN dnf -y install $PACKAGES\n',
    "FROM fedora:40\nRUN dnf -y update && dnf -y remove httpd\n",
    { code: "FROM fedora:40\nRUN dnf install -y openssl-1:1.1.1k rpm-sign-4.16.1.3 gcc-c++-1.1.1\n", preset: "hadolint" },
    { code: "ENV version=2.51.0-2.fc42\nRUN dnf -y install git-core-${version}\n", preset: "hadolint" },
    { code: "FROM fedora:40\nRUN dnf -y install java-11-openjdk\n", preset: "hadolint", name: "hadolint takes a number in the name for a version" },
    { code: 'FROM fedora:40\nRUN dnf -y group install "Development Tools"\n', preset: "hadolint" },
    { code: "FROM fedora:42 AS build\nENV version=2.51.0-2.fc42\nFROM build\nRUN dnf -y install git-core-${version}\n", preset: "hadolint" },
    { name: "hadolint: commands without install", code: "FROM fedora:40\nRUN dnf -y remove curl\n", preset: "hadolint" },
    { name: "hadolint: a module install's stream", code: "FROM fedora:40\nRUN dnf -y module install nodejs:20\n", preset: "hadolint" },
    { name: "hadolint: a remove before the module install", code: "FROM fedora:40\nRUN dnf -y remove curl && dnf -y module install nodejs:20\n", preset: "hadolint" },
    { name: "removes and module enables have no install operands", code: "FROM fedora:40\nRUN dnf -y remove a b && dnf -y module enable nodejs\n" },
    // hadolint's variable bookkeeping (utils/hadolint-variables.ts, DL3033.hs's `Acc`).
    { name: "hadolint: a stage built FROM an alias with a tag inherits its ENVs", code: "FROM fedora:42 AS build\nENV v=1\nFROM build:latest\nRUN dnf -y install git-${v}\n", preset: "hadolint" },
    { name: "hadolint: a stage built FROM an alias with a digest inherits its ENVs", code: `FROM fedora:42 AS build\nENV v=1\nFROM build@sha256:${"a".repeat(64)}\nRUN dnf -y install git-\${v}\n`, preset: "hadolint" },
    { name: "hadolint: a stage built FROM a registry's image of the alias inherits its ENVs", code: "FROM fedora:42 AS build\nENV v=1\nFROM registry.example.com/build\nRUN dnf -y install git-${v}\n", preset: "hadolint" },
    { name: "hadolint: the first stage of two with one alias is the one inherited", code: "FROM fedora:42 AS build\nENV v=1\nFROM fedora:42 AS build\nFROM build\nRUN dnf -y install git-${v}\n", preset: "hadolint" },
    { name: "hadolint: an ARG of an earlier stage counts", code: "FROM fedora:42 AS a\nARG v=1\nFROM fedora:42\nRUN dnf -y install git-${v}\n", preset: "hadolint" },
    { name: "hadolint: ENVs of the ONBUILD triggers for an ONBUILD RUN", code: "FROM fedora:42\nONBUILD ENV v=1\nONBUILD RUN dnf -y install git-${v}\n", preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y tar\n",
      errors: [{ messageId: "unpinned", data: { tool: "microdnf", packages: "tar", example: "tar-<version>" } }],
    },
    { code: "FROM fedora:41\nRUN dnf5 install -y rpm-sign && dnf -y install @development-tools\n", errors: [{ messageId: "unpinned", data: { tool: "dnf5", packages: "rpm-sign", example: "rpm-sign-<version>" } }] },
    {
      code: "FROM fedora:40\nRUN dnf install -y httpd java-11-openjdk mod_ssl-2.4.6\n",
      errors: [{ messageId: "unpinned", line: 2, column: 20, endColumn: 41, data: { tool: "dnf", packages: "httpd, java-11-openjdk", example: "httpd-<version>" } }],
    },
    { code: "FROM fedora:40\nRUN dnf -y module install nodejs\n", errors: [{ messageId: "unpinned", data: { tool: "dnf", packages: "nodejs", example: "nodejs:<stream>" } }] },
    { code: 'FROM fedora:40\nARG PACKAGES="httpd-2.4.6 git"\nRUN dnf -y install $PACKAGES\n', errors: [{ messageId: "unpinned", data: { tool: "dnf", packages: "git", example: "git-<version>" } }] },
    { code: "FROM fedora:40\nONBUILD RUN dnf install -y tomcat\n", errors: [{ messageId: "unpinned", line: 2 }] },
    { code: "FROM fedora:42 AS build\nENV version=2.51.0-2.fc42\nFROM fedora:42\nRUN dnf -y install git-core-${version}\n", preset: "hadolint", errors: [{ messageId: "unpinned" }] },
    { name: "dnf in and localinstall", code: "FROM fedora:40\nRUN dnf -y in curl && dnf -y localinstall wget\n", errors: [{ messageId: "unpinned", data: { tool: "dnf", packages: "curl", example: "curl-<version>" } }, { messageId: "unpinned", data: { tool: "dnf", packages: "wget", example: "wget-<version>" } }] },
    { name: "hadolint: microdnf", code: "FROM fedora:40\nRUN microdnf -y install curl wget\n", preset: "hadolint", errors: [{ messageId: "unpinned", data: { tool: "microdnf", packages: "curl, wget", example: "curl-<version>" } }] },
    { name: "hadolint: a module without its stream", code: "FROM fedora:40\nRUN dnf -y module install nodejs\n", preset: "hadolint", errors: [{ messageId: "unpinned", data: { tool: "dnf", packages: "nodejs", example: "nodejs:<stream>" } }] },
    { name: "hadolint: an ENV of another stage, not its base", code: "FROM fedora:42 AS a\nENV v=1\nFROM fedora:42\nRUN dnf -y install git-${v}\n", preset: "hadolint", errors: [{ messageId: "unpinned" }] },
    { name: "hadolint: an ENV name within another's is not used", code: "FROM fedora:42\nENV v=1\nRUN dnf -y install git-${vv}\n", preset: "hadolint", errors: [{ messageId: "unpinned" }] },
    { name: "hadolint: a registry's image is not the alias", code: "FROM fedora:42 AS build\nENV v=1\nFROM localhost:5000/build\nRUN dnf -y install git-${v}\n", preset: "hadolint", errors: [{ messageId: "unpinned" }] },
    { name: "hadolint: an ONBUILD RUN does not see the stage's ENVs", code: "FROM fedora:42\nENV v=1\nONBUILD RUN dnf -y install git-${v}\n", preset: "hadolint", errors: [{ messageId: "unpinned", line: 3 }] },
    { name: "hadolint: an ONBUILD ENV is not the stage's", code: "FROM fedora:42\nONBUILD ENV v=1\nRUN dnf -y install git-${v}\n", preset: "hadolint", errors: [{ messageId: "unpinned", line: 3 }] },
  ],
});
