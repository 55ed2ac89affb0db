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
  ],
});
