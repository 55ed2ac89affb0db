import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./invalid-default-arg-in-from.js";

new RuleTester().run(rule, {
  valid: [
    // BuildKit's cases without a warning (dockerfile_check_test.go, testInvalidDefaultArgInFrom).
    '\nARG VERSION="latest"\nFROM busybox:${VERSION}\n',
    '\nARG BUSYBOX_VARIANT=""\nFROM busybox:stable${BUSYBOX_VARIANT}\n',
    "\n\tARG BUSYBOX_VARIANT\n\tFROM busybox:stable${BUSYBOX_VARIANT}\n\t",
    // Defaults in the expansion, stage names, scratch, registries with ports, digests.
    "ARG TAG\nFROM alpine:${TAG:-3.20} AS base\nFROM base\nFROM scratch\nFROM localhost:5000/team/app:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
    // Platform ARGs have values (the check assumes linux/amd64).
    "FROM alpine:${TARGETARCH}\n",
    // An ARG default that fails to expand: BuildKit abandons the check (the build fails anyway).
    "ARG A=${B:?required}\nARG IMAGE\nFROM $IMAGE\n",
    // A FROM that fails to expand abandons the check too, for every FROM.
    { name: "a FROM that fails to expand", code: "FROM REPLACE-ME\nFROM ${IMAGE:?required}\n" },
    { name: "a FROM without an image", code: "FROM\n" },
  ],
  invalid: [
    {
      name: "BuildKit: an ARG without a default in the tag",
      code: "\nARG VERSION\nFROM busybox:$VERSION\n",
      errors: [{ messageId: "invalid", data: { image: "busybox:$VERSION", value: "busybox:" }, line: 3, column: 6, endColumn: 22 }],
    },
    {
      name: "BuildKit: an ARG without a default as the whole name",
      code: "\nARG IMAGE\nFROM $IMAGE\n",
      errors: [{ messageId: "invalid", data: { image: "$IMAGE", value: "" }, line: 3 }],
    },
    {
      name: "BuildKit: a default that leaves an empty tag",
      code: '\nARG SFX="box:"\nFROM busy${SFX}\n',
      errors: [{ messageId: "invalid", data: { image: "busy${SFX}", value: "busybox:" }, line: 3 }],
    },
    {
      name: "an upper-case repository from a default (an upper-case first component before a slash is a registry); one finding per FROM",
      code: "ARG APP=MyApp\nFROM $APP:1\nFROM MyRegistry/app:1\nFROM team/$APP:2\n",
      errors: [
        { messageId: "invalid", data: { image: "$APP:1", value: "MyApp:1" }, line: 2 },
        { messageId: "invalid", data: { image: "team/$APP:2", value: "team/MyApp:2" }, line: 4 },
      ],
    },
    {
      name: "a name invalid as written is reported too, as BuildKit does",
      code: "FROM REPLACE-ME\n",
      errors: [{ messageId: "invalidName", data: { value: "REPLACE-ME" }, line: 1 }],
    },
  ],
});
