import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./yum-yes.js";

new RuleTester().run(rule, {
  valid: [
    "FROM centos:7\nRUN yum install -y httpd && yum clean all\n",
    "FROM centos:7\nRUN yum -y update && yum --assumeyes remove httpd\n",
    "FROM centos:7\nRUN yum --setopt=assumeyes=1 install httpd\n",
    "FROM centos:7\nRUN yum --assumeno install httpd\n",
    "FROM centos:7\nRUN yum clean all && yum makecache && yum list installed && yum info httpd\n",
    "FROM centos:7\nRUN yum group list\n",
    "FROM centos:7\nRUN bash -c `# not even a yum command`\n",
    { code: "FROM centos:7\nRUN yum remove httpd\n", preset: "hadolint", name: "hadolint checks only the install subcommands" },
    { code: "FROM centos:7\nRUN sudo yum install httpd\n", preset: "hadolint" },
    { name: "no subcommand asks nothing", code: "FROM centos:7\nRUN yum --version\n" },
    { name: "setopt's value is read whatever its case", code: "FROM centos:7\nRUN yum --setopt=assumeyes=True install httpd\n" },
    { name: "hadolint: -y and --assumeyes", code: "FROM centos:7\nRUN yum -y install httpd && yum --assumeyes install git\n", preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM centos:7\nRUN yum install httpd && yum clean all\n",
      output: "FROM centos:7\nRUN yum -y install httpd && yum clean all\n",
      errors: [{ messageId: "missingYes", line: 2, column: 5, endColumn: 22, data: { subcommand: "install" } }],
    },
    { code: "FROM centos:7\nRUN yum update\n", output: "FROM centos:7\nRUN yum -y update\n", errors: [{ messageId: "missingYes", data: { subcommand: "update" } }] },
    {
      code: "FROM centos:7\nRUN yum group install 'Development Tools'\n",
      output: "FROM centos:7\nRUN yum -y group install 'Development Tools'\n",
      errors: [{ messageId: "missingYes", data: { subcommand: "group install" } }],
    },
    { code: "FROM centos:7\nRUN sudo /usr/bin/yum erase httpd\n", output: "FROM centos:7\nRUN sudo /usr/bin/yum -y erase httpd\n", errors: [{ messageId: "missingYes" }] },
    { code: 'FROM centos:7\nRUN ["yum", "install", "httpd"]\n', output: 'FROM centos:7\nRUN ["yum", "-y", "install", "httpd"]\n', errors: [{ messageId: "missingYes" }] },
    { code: "FROM centos:7\nRUN sh -c 'yum install httpd'\n", output: "FROM centos:7\nRUN sh -c 'yum -y install httpd'\n", errors: [{ messageId: "missingYes", column: 12 }] },
    { code: "FROM centos:7\nONBUILD RUN yum localinstall /tmp/x.rpm\n", output: "FROM centos:7\nONBUILD RUN yum -y localinstall /tmp/x.rpm\n", errors: [{ messageId: "missingYes", line: 2 }] },
    {
      code: "FROM centos:7\nRUN yum install httpd-2.4.24 && yum clean all\n",
      preset: "hadolint",
      output: "FROM centos:7\nRUN yum -y install httpd-2.4.24 && yum clean all\n",
      errors: [{ messageId: "missingYes" }],
    },
    {
      name: "other settings, and other options, do not answer the prompt",
      code: "FROM centos:7\nRUN yum --setopt=keepcache=1 install httpd\nRUN yum --exclude=assumeyes=1 install httpd\nRUN yum --setopt=noassumeyes=1 install httpd\nRUN yum --setopt=assumeyes=10 install httpd\n",
      output: "FROM centos:7\nRUN yum -y --setopt=keepcache=1 install httpd\nRUN yum -y --exclude=assumeyes=1 install httpd\nRUN yum -y --setopt=noassumeyes=1 install httpd\nRUN yum -y --setopt=assumeyes=10 install httpd\n",
      errors: [
        { messageId: "missingYes", line: 2 },
        { messageId: "missingYes", line: 3 },
        { messageId: "missingYes", line: 4 },
        { messageId: "missingYes", line: 5 },
      ],
    },
    {
      name: "hadolint: each install subcommand",
      code: "FROM centos:7\nRUN yum install httpd\nRUN yum groupinstall core\nRUN yum localinstall /x.rpm\n",
      preset: "hadolint",
      output: "FROM centos:7\nRUN yum -y install httpd\nRUN yum -y groupinstall core\nRUN yum -y localinstall /x.rpm\n",
      errors: [
        { messageId: "missingYes", line: 2, data: { subcommand: "install" } },
        { messageId: "missingYes", line: 3, data: { subcommand: "install" } },
        { messageId: "missingYes", line: 4, data: { subcommand: "install" } },
      ],
    },
  ],
});
