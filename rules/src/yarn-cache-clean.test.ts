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
    { name: "help, and yarn commands that install nothing", code: "FROM node:22\nRUN yarn -h && yarn --help && yarn global list && yarn run add\n" },
    { name: "the folder of --cache-folder, not another option's", code: "FROM node:22\nRUN --mount=type=cache,target=/yarn-cache yarn install --modules-folder /x --cache-folder /yarn-cache\n" },
    { name: "a mount target quoted twice is the folder it names (BuildKit expands every mount value)", code: "FROM node:22\nRUN --mount=type=cache,target=\"'/usr/local/share/.cache/yarn'\" yarn install\n" },
    { name: "any cache mount holding the chosen folder", code: "FROM node:22\nRUN --mount=type=cache,target=/tmp/x --mount=type=cache,target=/yarn-cache yarn install --cache-folder /yarn-cache\n" },
    { name: "rm of several paths, one the cache", code: "FROM node:22\nRUN yarn install && rm -rf /tmp/build /root/.cache/yarn/\n" },
    { name: "rm of the cache relative to the home directory", code: "FROM node:22\nWORKDIR /root\nRUN yarn install && rm -rf .cache/yarn\n" },
    { name: "$( yarn cache dir ) with blanks", code: 'FROM node:22\nRUN yarn install && rm -rf "$( yarn cache dir )"\n' },
    { code: "FROM node:22\nRUN yarn install && yarn clean\n", preset: "hadolint", name: "hadolint takes yarn clean too (cmdHasArgs: any of the words)" },
    { code: "FROM node:22\nRUN yarn install cache\n", preset: "hadolint", name: "hadolint: the install command itself holds cache" },
    { code: "FROM node:22\nRUN --mount=type=cache,target=/root/.cache/yarn yarn install\n", preset: "hadolint", name: "hadolint: a cache mount on .cache/yarn" },
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
    {
      name: "a later yarn or other command that does not clean the cache",
      code: "FROM node:22\nRUN yarn install && yarn cache list\nRUN yarn install && yarn run clean\nRUN yarn install && echo done\nRUN yarn install && rm -rf /tmp/x\nRUN yarn install && rm -rf /root/.cache/yarnrc\n",
      errors: [2, 3, 4, 5, 6].map((line) => ({ messageId: "cache", line })),
    },
    {
      name: "hadolint: no clean, a clean before, or a mount elsewhere",
      code: "FROM node:22\nRUN yarn install\nRUN echo && yarn cache clean && yarn install\nRUN --mount=type=cache,target=/var/lib/foobar yarn install\n",
      preset: "hadolint",
      errors: [2, 3, 4].map((line) => ({ messageId: "cache", line, data: { subcommand: "install" } })),
    },
  ],
});
