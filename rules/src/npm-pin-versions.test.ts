import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./npm-pin-versions.js";

new RuleTester().run(rule, {
  valid: [
    "FROM node:22\nRUN npm install && npm ci && npm install --omit=dev\n",
    "FROM node:22\nRUN npm install -g npm@10.8.2 @angular/cli@18.2.1 'typescript@~5.5' pnpm@next\n",
    "FROM node:22\nRUN npm i --registry https://registry.example.com --loglevel warn express@4.21.1\n",
    "FROM node:22\nRUN npm install ./packages/lib /opt/tool ../shared ~/x file:../y pkg-1.2.3.tgz https://example.com/pkg-1.0.0.tgz\n",
    "FROM node:22\nRUN npm install git+https://github.com/npm/cli.git#v10.8.2 github:npm/cli#v10.8.2 npm/cli#v10.8.2\n",
    "FROM node:22\nRUN npm install my-react@npm:react@18.3.1\n",
    'FROM node:22\nRUN npm install -g "npm@$NPM_VERSION" yarn@${YARN_VERSION}\n',
    'FROM node:22\nARG TOOLS="typescript@5.5.4 eslint@9.9.1"\nRUN npm install -g $TOOLS\n',
    "FROM node:22\nRUN npm install -g $TOOLS\n",
    "FROM node:22\nRUN npm run --crazy install && npm uninstall express && npm update\n",
    { code: "FROM node:22\nRUN npm install -g npm@latest\n", preset: "hadolint", name: "hadolint takes any @ for a version" },
    { code: "FROM node:22\nRUN npm i express\n", preset: "hadolint", name: "hadolint reads only `npm install`" },
    {
      code: "FROM node:22\nRUN npm install git://h/a.git#v1 git+ssh://h/b.git#v1 git+http://h/c.git#v1 git+https://h/d.git#v1 a.tar b.tar.gz c.tgz /opt/d ./e ../f ~/g @org/tool@1\n",
      preset: "hadolint",
      name: "hadolint: git specs with a #ref, tarballs, paths and a scoped name with a version are pinned",
    },
    { code: "FROM node:22\nRUN npm run install express\n", preset: "hadolint", name: "hadolint: `install` must be the first argument that is no flag" },
    { code: "FROM node:22\nRUN npm install --loglevel warn\n", preset: "hadolint", name: "hadolint drops --loglevel's value" },
  ],
  invalid: [
    {
      code: "FROM node:22\nRUN npm install -g express sax@1.4.1 @org/tool\n",
      errors: [{ messageId: "unpinned", line: 2, column: 20, endColumn: 47, data: { packages: "express, @org/tool", example: "express" } }],
    },
    { code: "FROM node:22\nRUN npm install -g npm@latest\n", errors: [{ messageId: "unpinned", data: { packages: "npm@latest", example: "npm" } }] },
    { code: "FROM node:22\nRUN npm i -D typescript && npm add eslint\n", errors: [{ messageId: "unpinned", column: 14 }, { messageId: "unpinned", column: 36 }] },
    { code: "FROM node:22\nRUN npm install git+https://github.com/npm/cli.git github:npm/cli\n", errors: [{ messageId: "unpinned" }] },
    { code: "FROM node:22\nRUN npm install --prefix /opt/app express\n", errors: [{ messageId: "unpinned", data: { packages: "express", example: "express" } }] },
    { code: 'FROM node:22\nARG TOOLS="typescript@5.5.4 eslint"\nRUN npm install -g $TOOLS\n', errors: [{ messageId: "unpinned", line: 3, data: { packages: "eslint", example: "eslint" } }] },
    { code: 'FROM node:22\nRUN ["npm", "install", "-g", "pm2"]\n', errors: [{ messageId: "unpinned" }] },
    { code: "FROM node:22\nONBUILD RUN npm install -g pm2\n", errors: [{ messageId: "unpinned", line: 2 }] },
    {
      code: "FROM node:22\nRUN npm install a b a c\n",
      name: "three names, one written twice: each named once",
      errors: [{ messageId: "unpinned", column: 17, endColumn: 24, data: { packages: "a, b, c", example: "a" } }],
    },
    { code: "FROM node:22\nRUN npm install a b c d e\n", name: "past three names, the rest counted", errors: [{ messageId: "unpinned", data: { packages: "a, b, c and 2 more", example: "a" } }] },
    { code: "FROM node:22\nRUN npm install --registry=https://example.com express\n", preset: "hadolint", errors: [{ messageId: "unpinned", column: 5 }] },
    ...["git://h/a.git", "git+ssh://h/b.git", "git+http://h/c.git", "git+https://h/d.git", "@org/tool", "tool#1"].map((spec) => ({
      code: `FROM node:22\nRUN npm install ${spec}\n`,
      preset: "hadolint" as const,
      name: `hadolint: ${spec} is not pinned`,
      errors: [{ messageId: "unpinned" as const, data: { packages: spec, example: spec } }],
    })),
    {
      code: "FROM node:22\nRUN npm install install a@1 && npm --loglevel warn install b c@2 d && npm install e\n",
      preset: "hadolint",
      name: "hadolint: once per RUN, at the first command with unpinned packages, after every leading `install`",
      errors: [{ messageId: "unpinned", column: 32, endColumn: 67, data: { packages: "b, d", example: "b" } }],
    },
  ],
});
