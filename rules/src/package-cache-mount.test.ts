import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./package-cache-mount.js";

const APT = "--mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked";

new RuleTester().run(rule, {
  valid: [
    // No BuildKit syntax in the file: the classic builder has no --mount.
    "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
    // Mounts already there; pip told not to cache.
    `# syntax=docker/dockerfile:1\nFROM debian:12\nRUN ${APT} apt-get update && apt-get install -y curl\n`,
    "# syntax=docker/dockerfile:1\nFROM python:3.12\nRUN --mount=type=cache,target=/root/.cache pip install -r requirements.txt\nRUN pip install --no-cache-dir flask\n",
    // Not installing.
    "# syntax=docker/dockerfile:1\nFROM debian:12\nRUN apt-get update && npm run build && pip --version\n",
    "# syntax=docker/dockerfile:1\nFROM fedora:40\nRUN dnf remove -y gcc && yum clean all && pip download flask && npm ls\n",
    // pipx and uv keep their own caches; an ONBUILD RUN runs in another build.
    "# syntax=docker/dockerfile:1\nFROM python:3.12\nRUN pipx install black && uv pip install flask\nONBUILD RUN apt-get install -y curl\n",
    // A parser directive other than syntax, and a RUN --mount only in a later stage's ONBUILD: not BuildKit syntax.
    { code: "# escape=`\nFROM debian:12\nRUN apt-get install -y curl\n", name: "an escape directive is not BuildKit syntax" },
    // Each manager's cache mount, on the directory that manager uses (in the user's home for pip and npm).
    "# syntax=docker/dockerfile:1\nFROM fedora:40\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y gcc\nRUN --mount=type=cache,target=/var/cache/yum yum install -y gcc\nRUN --mount=type=cache,target=/root/.npm npm ci\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n",
    "# syntax=docker/dockerfile:1\nFROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get install -y curl\n",
  ],
  invalid: [
    {
      name: "apt in a file with a syntax directive; the suggestion adds the mounts",
      code: "# syntax=docker/dockerfile:1\nFROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
      output: null,
      errors: [
        {
          messageId: "mount",
          data: { manager: "apt", mounts: APT },
          line: 3,
          column: 23,
          suggestions: [{ messageId: "addMount", output: `# syntax=docker/dockerfile:1\nFROM debian:12\nRUN ${APT} apt-get update && apt-get install -y curl\n` }],
        },
      ],
    },
    {
      name: "pip, npm and dnf in a file that uses RUN --mount elsewhere",
      code: "FROM python:3.12\nRUN --mount=type=secret,id=x true\nRUN pip install flask && npm ci\nFROM fedora:40\nRUN dnf install -y gcc\n",
      errors: [
        { messageId: "mount", data: { manager: "pip", mounts: "--mount=type=cache,target=/root/.cache/pip" }, line: 3 },
        { messageId: "mount", data: { manager: "npm", mounts: "--mount=type=cache,target=/root/.npm" }, line: 3 },
        { messageId: "mount", data: { manager: "dnf", mounts: "--mount=type=cache,target=/var/cache/dnf" }, line: 5 },
      ],
    },
    {
      name: "every installing verb of apt, dnf and yum, and a mount on another manager's cache",
      code:
        "# syntax=docker/dockerfile:1\nFROM debian:12\nRUN apt-get upgrade -y\nRUN apt dist-upgrade -y\nRUN apt-get full-upgrade\nRUN apt-get build-dep hello\n" +
        "RUN dnf upgrade\nRUN microdnf update\nRUN dnf groupinstall dev\nRUN dnf reinstall gcc\nRUN dnf builddep gcc\nRUN yum install -y gcc\n" +
        "RUN --mount=type=cache,target=/var/cache/yum dnf install gcc\n",
      errors: [...[3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((line) => ({ messageId: "mount" as const, line, column: 5 })), { messageId: "mount", line: 13, column: 46 }],
    },
    {
      name: "every installing verb of npm; a second install by one manager in a RUN is not reported again",
      code: "# syntax=docker/dockerfile:1\nFROM node:22\nRUN npm install && npm i x\nRUN npm clean-install\nRUN npm install-clean\nRUN npm add x\nRUN apt-get install -y a && apt-get install -y b\n",
      errors: [
        { messageId: "mount", data: { manager: "npm", mounts: "--mount=type=cache,target=/root/.npm" }, line: 3, column: 5, endColumn: 16 },
        { messageId: "mount", line: 4 },
        { messageId: "mount", line: 5 },
        { messageId: "mount", line: 6 },
        { messageId: "mount", data: { manager: "apt", mounts: APT }, line: 7, column: 5, endColumn: 25 },
      ],
    },
    {
      name: "the suggestion for yum",
      code: "FROM centos:7\nRUN --mount=type=bind,target=/src yum install -y gcc\n",
      errors: [
        {
          messageId: "mount",
          data: { manager: "yum", mounts: "--mount=type=cache,target=/var/cache/yum" },
          suggestions: [{ messageId: "addMount", output: "FROM centos:7\nRUN --mount=type=cache,target=/var/cache/yum --mount=type=bind,target=/src yum install -y gcc\n" }],
        },
      ],
    },
  ],
});
