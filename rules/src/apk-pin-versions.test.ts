import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./apk-pin-versions.js";

new RuleTester().run(rule, {
  valid: [
    "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r1\n",
    'FROM alpine:3.20\nRUN apk add --no-cache "curl>=8.9" git~2.45 "libffi<3.5" "zlib=~1.3"\n',
    "FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc=13.2.1_git20240309-r0\n",
    "FROM alpine:3.20\nRUN apk add --no-cache -t .build-deps -X https://dl-cdn.alpinelinux.org/alpine/edge/testing gcc~13\n",
    "FROM alpine:3.20\nRUN apk add --no-cache --repository=https://dl-cdn.alpinelinux.org/alpine/edge/testing gcc~13\n",
    "FROM alpine:3.20\nRUN apk add --no-cache --root /sysroot --arch aarch64 musl-dev~1.2\n",
    "FROM alpine:3.20\nCOPY pkgs/ /tmp/pkgs/\nRUN apk add --allow-untrusted /tmp/pkgs/tool-1.0-r0.apk /tmp/pkgs/other\n",
    "FROM alpine:3.20\nRUN apk add --no-cache curl=${CURL_VERSION}\n",
    'FROM alpine:3.20\nARG PACKAGES="curl~8.9 git~2.45"\nRUN apk add --no-cache $PACKAGES\n',
    "FROM alpine:3.20\nRUN apk add --no-cache $PACKAGES\n",
    "FROM alpine:3.20\nRUN apk del curl && apk upgrade --no-cache\n",
    { code: "FROM alpine:3.20\nRUN sudo apk add curl\n", preset: "hadolint" },
    { code: "FROM alpine:3.20\nRUN apk add mypackage-1.1.1.apk\n", preset: "hadolint" },
    { name: "hadolint drops the values of -t, --virtual and --repository", code: "FROM alpine:3.20\nRUN apk add -t .a curl=8.9 && apk add --virtual .b git~2 && apk add --repository https://example.com/repo zlib~1\n", preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM alpine:3.20\nRUN apk add --no-cache curl git~2.45 wget\n",
      errors: [{ messageId: "unpinned", line: 2, column: 24, endColumn: 42, data: { packages: "curl, wget", example: "curl" } }],
    },
    { code: "FROM alpine:3.20\nRUN apk add --no-cache curl@edge\n", errors: [{ messageId: "unpinned", data: { packages: "curl@edge", example: "curl@edge" } }] },
    { code: 'FROM alpine:3.20\nARG PACKAGES="curl~8.9 git"\nRUN apk add --no-cache $PACKAGES\n', errors: [{ messageId: "unpinned", line: 3, data: { packages: "git", example: "git" } }] },
    { code: "FROM alpine:3.20\nRUN apk update && apk add curl && apk add git\n", errors: [{ messageId: "unpinned", column: 27 }, { messageId: "unpinned", column: 43 }] },
    { code: 'FROM alpine:3.20\nRUN ["apk", "add", "--no-cache", "curl"]\n', errors: [{ messageId: "unpinned", column: 34 }] },
    { code: "FROM alpine:3.20\nRUN su -c 'apk add curl' root\n", errors: [{ messageId: "unpinned", column: 20, endColumn: 24 }] },
    { code: "FROM alpine:3.20\nONBUILD RUN apk add curl\n", errors: [{ messageId: "unpinned", line: 2 }] },
    {
      code: "FROM alpine:3.20\nRUN apk add curl wget && apk add git\n",
      preset: "hadolint",
      errors: [{ messageId: "unpinned", column: 5, endColumn: 22, data: { packages: "curl, wget", example: "curl" } }],
    },
    { code: "FROM alpine:3.20\nRUN apk add -X https://example.com/repo --root /sysroot musl-dev~1.2\n", preset: "hadolint", errors: [{ messageId: "unpinned", data: { packages: "/sysroot", example: "/sysroot" } }] },
  ],
});
