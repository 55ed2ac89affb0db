import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./zypper-pin-versions.js";

new RuleTester().run(rule, {
  valid: [
    "FROM opensuse/leap:15.6\nRUN zypper -n install curl=8.6.0 'tomcat>=9.0' tomcat-9.0.39-1.rpm /tmp/local\n",
    "FROM opensuse/leap:15.6\nRUN zypper -n install -t pattern devel_basis\n",
    "FROM opensuse/leap:15.6\nRUN zypper -n install --type patch openSUSE-2024-1\n",
    "FROM opensuse/leap:15.6\nRUN zypper -n in --from extra curl=8.6.0\n",
    "FROM opensuse/leap:15.6\nRUN zypper -n in curl=${CURL_VERSION} && zypper -n remove vim\n",
    { code: "FROM opensuse/leap:15.6\nRUN zypper install -y tomcat\\>=9.0 && zypper clean\n", preset: "hadolint" },
  ],
  invalid: [
    { code: "FROM opensuse/leap:15.6\nRUN zypper -n install curl tomcat=9.0.39\n", errors: [{ messageId: "unpinned", line: 2, column: 23, endColumn: 27, data: { packages: "curl", example: "curl" } }] },
    { code: "FROM opensuse/leap:15.6\nRUN zypper -n in -r extra curl\n", errors: [{ messageId: "unpinned", data: { packages: "curl", example: "curl" } }] },
    { code: "FROM opensuse/leap:15.6\nONBUILD RUN zypper -n in curl\n", errors: [{ messageId: "unpinned", line: 2 }] },
    { name: "-t without a value", code: "FROM opensuse/leap:15.6\nRUN zypper -n in curl -t\n", errors: [{ messageId: "unpinned", data: { packages: "curl", example: "curl" } }] },
    { name: "-t package is a package", code: "FROM opensuse/leap:15.6\nRUN zypper -n in -t package curl\n", errors: [{ messageId: "unpinned", data: { packages: "curl", example: "curl" } }] },
    { code: "FROM opensuse/leap:15.6\nRUN zypper install -y curl\n", preset: "hadolint", errors: [{ messageId: "unpinned", data: { packages: "curl", example: "curl" } }] },
    { code: "FROM opensuse/leap:15.6\nRUN zypper -n in -t pattern devel_basis\n", preset: "hadolint", errors: [{ messageId: "unpinned", data: { packages: "pattern, devel_basis", example: "pattern" } }] },
  ],
});
