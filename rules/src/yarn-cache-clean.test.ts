import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./yarn-cache-clean.js";

new RuleTester().run(rule, {
  valid: [
    "FROM node:22\nRUN yarn install --frozen-lockfile && yarn cache clean\n",
    "FROM node:22\nRUN yarn --production && yarn cache clean --force\n",
    "FROM node:22\nRUN yarn global add pm2@5.4.2 && rm -rf /usr/local/share/.cache/yarn\n",
    'FROM node:22\nRUN yarn install && rm -rf "$(yarn cache dir)"\n',
    "FROM node:22\nUSER node\nRUN yarn install && rm -rf /home/node/.cache/yarn/*\n",
    "FROM node:22\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n",
    "FROM node:22\nRUN --mount=type=cache,target=/root/.cache/yarn yarn install\n",
    "FROM node:22\nRUN --mount=type=cache,target=/yarn-cache yarn install --cache-folder /yarn-cache\n",
    "FROM node:22\nENV YARN_CACHE_FOLDER=/tmp/yarn\nRUN yarn install && rm -rf /tmp/yarn\n",
    "FROM node:22\nRUN yarn build && yarn run test && yarn cache list && yarn --version && yarn -v\n",
    { code: "FROM node:22 AS build\nRUN yarn install && yarn build\nFROM nginx:1.27\nCOPY --from=build /app/dist /usr/share/nginx/html\n", name: "a builder stage's cache never ships" },
    { code: "FROM node:22\nRUN yarn install && yarn cache list\n", preset: "hadolint", name: "hadolint takes any yarn cache command" },
    { code: "FROM node:22\nRUN yarn add express\n", preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM node:22\nRUN yarn install --frozen-lockfile\n",
      errors: [
        {
          messageId: "cache",
          line: 2,
          column: 5,
          endColumn: 35,
          data: { subcommand: "install" },
          suggestions: [{ messageId: "appendClean", output: "FROM node:22\nRUN yarn install --frozen-lockfile && yarn cache clean\n" }],
        },
      ],
    },
    { code: "FROM node:22\nRUN yarn --production\n", errors: [{ messageId: "cache", data: { subcommand: "install" } }] },
    { code: "FROM node:22\nRUN yarn global add pm2@5.4.2\n", errors: [{ messageId: "cache", data: { subcommand: "global add" } }] },
    { code: "FROM node:22\nRUN yarn cache clean && yarn add express@4.21.1\n", errors: [{ messageId: "cache", data: { subcommand: "add" } }] },
    { code: "FROM node:22\nRUN --mount=type=cache,target=/var/lib/foobar yarn install\n", errors: [{ messageId: "cache" }] },
    { code: "FROM node:22 AS base\nRUN yarn install\nFROM base\nCMD [\"node\", \"app.js\"]\n", errors: [{ messageId: "cache", line: 2 }] },
    { code: "FROM node:22\nONBUILD RUN yarn install\n", errors: [{ messageId: "cache", line: 2 }] },
    { code: "FROM node:22\nRUN yarn cache clean && yarn install foo\n", preset: "hadolint", errors: [{ messageId: "cache" }] },
  ],
});
