import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./yum-clean.js";

new RuleTester().run(rule, {
  valid: [
    "FROM centos:7\nRUN yum install -y httpd && yum clean all\n",
    "FROM centos:7\nRUN yum -y update && yum -y install httpd && rm -rf /var/cache/yum\n",
    "FROM rockylinux:9\nRUN yum install -y httpd && rm -rf /var/cache/dnf/*\n",
    "FROM rockylinux:9\nRUN yum install -y httpd && dnf clean all\n",
    "FROM centos:7\nRUN --mount=type=cache,target=/var/cache/yum yum install -y httpd\n",
    "FROM centos:7\nRUN yum remove -y httpd\n",
    { code: "FROM rockylinux:9\nRUN --mount=type=cache,target=/var/cache/dnf yum install -y httpd\n", name: "a mount on dnf's cache counts for yum" },
    { code: "FROM centos:7 AS build\nRUN yum install -y gcc\nFROM scratch\nCOPY --from=build /out /out\n", name: "a builder stage's cache never ships" },
    "FROM centos:7\nRUN bash -c `# not even a yum command`\n",
    { code: "FROM centos:7\nRUN yum install -y httpd && rm -rf /tmp/x\n", preset: "hadolint", name: "hadolint takes any rm -rf as the clean-up" },
    { code: "FROM centos:7\nRUN yum update -y\n", preset: "hadolint" },
    { name: "clean all among other types", code: "FROM centos:7\nRUN yum install -y httpd && yum clean metadata all\n" },
    { name: "no subcommand fills no cache", code: "FROM centos:7\nRUN yum --version\n" },
    { name: "hadolint: yum clean all after the install", code: "FROM centos:7\nRUN yum install -y httpd && yum clean all\n", preset: "hadolint" },
    { name: "hadolint: yum clean without all", code: "FROM centos:7\nRUN yum install -y httpd && yum clean metadata\n", preset: "hadolint" },
    { name: "hadolint: any yum command with an all argument", code: "FROM centos:7\nRUN yum install -y httpd && yum list all\n", preset: "hadolint" },
    { name: "hadolint: rm of /var/cache/yum/* without -rf", code: "FROM centos:7\nRUN yum install -y httpd && rm /var/cache/yum/*\n", preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM centos:7\nRUN yum install -y httpd\n",
      errors: [
        {
          messageId: "noClean",
          line: 2,
          column: 5,
          endColumn: 25,
          data: { subcommand: "install" },
          suggestions: [{ messageId: "appendClean", output: "FROM centos:7\nRUN yum install -y httpd && yum clean all\n" }],
        },
      ],
    },
    { code: "FROM centos:7\nRUN yum clean all && yum install -y httpd\n", errors: [{ messageId: "noClean", column: 22 }] },
    { code: "FROM centos:7\nRUN yum install -y httpd && yum clean packages\n", errors: [{ messageId: "noClean" }] },
    { code: "FROM centos:7\nRUN yum -y update; yum -y group install 'Development Tools'\n", errors: [{ messageId: "noClean", data: { subcommand: "group install" }, suggestions: [] }] },
    { code: "FROM centos:7\nONBUILD RUN yum install -y httpd\n", errors: [{ messageId: "noClean", line: 2 }] },
    { code: "FROM centos:7 AS build\nRUN yum install -y gcc\nFROM scratch\nCOPY --from=build /out /out\n", preset: "hadolint", errors: [{ messageId: "noClean", line: 2 }] },
    { code: "FROM centos:7\nRUN yum clean all && yum install -y\n", preset: "hadolint", errors: [{ messageId: "noClean" }] },
    { name: "a command that is no yum call cleans nothing", code: "FROM centos:7\nRUN yum install -y httpd && echo done\n", errors: [{ messageId: "noClean" }] },
    { name: "another subcommand with all", code: "FROM centos:7\nRUN yum install -y httpd && yum list all\n", errors: [{ messageId: "noClean" }] },
    { name: "hadolint: no clean", code: "FROM centos:7\nRUN yum install -y httpd\n", preset: "hadolint", errors: [{ messageId: "noClean", data: { subcommand: "install" } }] },
    { name: "hadolint: one command that installs a package named clean", code: "FROM centos:7\nRUN yum install -y clean\n", preset: "hadolint", errors: [{ messageId: "noClean" }] },
  ],
});
