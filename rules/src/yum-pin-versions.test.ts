import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./yum-pin-versions.js";

new RuleTester().run(rule, {
  valid: [
    "FROM centos:7\nRUN yum install -y httpd-2.4.6 mod_ssl-1:2.4.6-99.el7.centos.1.x86_64 gcc-c++-4.8.5\n",
    "FROM centos:7\nRUN yum install -y 'openssl >= 1:1.0.2k' /tmp/local.rpm https://example.com/tool-1.0-1.rpm\n",
    "FROM centos:7\nRUN yum -y groupinstall 'Development Tools' && yum -y group install base && yum -y install @core\n",
    "FROM rockylinux:8\nRUN yum -y module install nodejs:18/common\n",
    "FROM centos:7\nRUN yum -y install httpd-${HTTPD_VERSION}\n",
    'FROM centos:7\nARG PACKAGES="httpd-2.4.6 git-1.8.3.1"\nRUN yum -y install $PACKAGES\n',
    "FROM centos:7\nRUN yum -y update && yum -y remove httpd\n",
    { code: "FROM centos:7\nRUN yum install -y openssl-1:1.1.1k rpm-sign-4.16.1.3 gcc-c++-1.1.1\n", preset: "hadolint" },
    { code: "ENV version=2.51.0-2.fc42\nRUN yum -y install git-core-${version}\n", preset: "hadolint" },
    { code: "FROM centos:7\nRUN yum -y install java-11-openjdk\n", preset: "hadolint", name: "hadolint takes a number in the name for a version" },
    { code: "FROM fedora:42 AS build\nENV version=2.51.0-2.fc42\nFROM build\nRUN yum -y install git-core-${version}\n", preset: "hadolint" },
    { name: "hadolint: commands without install", code: "FROM centos:7\nRUN yum -y remove curl\n", preset: "hadolint" },
    { name: "hadolint: a module install's stream", code: "FROM centos:7\nRUN yum -y module install nodejs:20\n", preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM centos:7\nRUN yum install -y httpd java-11-openjdk mod_ssl-2.4.6\n",
      errors: [{ messageId: "unpinned", line: 2, column: 20, endColumn: 41, data: { packages: "httpd, java-11-openjdk", example: "httpd-<version>" } }],
    },
    { code: "FROM rockylinux:8\nRUN yum -y module install nodejs\n", errors: [{ messageId: "unpinned", data: { packages: "nodejs", example: "nodejs:<stream>" } }] },
    { code: 'FROM centos:7\nARG PACKAGES="httpd-2.4.6 git"\nRUN yum -y install $PACKAGES\n', errors: [{ messageId: "unpinned", data: { packages: "git", example: "git-<version>" } }] },
    { code: "FROM centos:7\nONBUILD RUN yum install -y tomcat\n", errors: [{ messageId: "unpinned", line: 2 }] },
    { code: "FROM centos:7\nRUN yum -y group install base\n", preset: "hadolint", errors: [{ messageId: "unpinned", data: { packages: "group, base", example: "group-<version>" } }] },
    { code: "FROM fedora:42 AS build\nENV version=2.51.0-2.fc42\nFROM fedora:42\nRUN yum -y install git-core-${version}\n", preset: "hadolint", errors: [{ messageId: "unpinned" }] },
    { name: "hadolint: an unpinned package", code: "FROM centos:7\nRUN yum -y install curl wget\n", preset: "hadolint", errors: [{ messageId: "unpinned", data: { packages: "curl, wget", example: "curl-<version>" } }] },
    { name: "hadolint: a module without its stream", code: "FROM centos:7\nRUN yum -y module install nodejs\n", preset: "hadolint", errors: [{ messageId: "unpinned", data: { packages: "nodejs", example: "nodejs:<stream>" } }] },
  ],
});
