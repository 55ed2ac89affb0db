import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./trusted-registry.js";

const docker = ["docker.io"];
const trusted = ["trusted.com"];

new RuleTester().run(rule, {
  valid: [
    { name: "off without trusted registries", code: "FROM random.com/debian\n" },
    { code: "FROM random.com/debian\n", trustedRegistries: ["x.com", "random.com"] },
    { code: "FROM scratch\n", trustedRegistries: ["x.com"] },
    { code: "FROM ubuntu:24.04 AS a\nFROM zemanlx/ubuntu:24.04 AS b\nFROM docker.io/zemanlx/ubuntu:24.04 AS c\n", trustedRegistries: docker },
    { code: "FROM random.com/foo AS builder1\nFROM builder1 AS builder2\n", trustedRegistries: ["random.com"] },
    { code: "FROM foo.random.com/debian\n", trustedRegistries: ["x.com", "*.random.com"] },
    { code: "FROM registry.internal:5000/base\n", trustedRegistries: ["registry.*"] },
    { code: "FROM ubuntu:24.04\n", trustedRegistries: ["*"] },
    { code: "FROM trusted.com/a\nCOPY --from=trusted.com/repo/image:tag /foo /bar\n", trustedRegistries: trusted },
    { code: "FROM trusted.com/a AS build\nFROM trusted.com/b\nCOPY --from=build /foo /bar\nRUN --mount=from=build,target=/b ls\n", trustedRegistries: trusted },
    { name: "an ARG default is resolved", code: "ARG REGISTRY=trusted.com\nFROM ${REGISTRY}/debian:12\n", trustedRegistries: trusted },
    { name: "an unknown registry is not judged", code: "ARG REGISTRY\nFROM ${REGISTRY}/debian:12\n", trustedRegistries: trusted },
    { name: "a name without a slash is Docker Hub's, dots and all", code: "FROM my.app:1.0\n", trustedRegistries: docker },
    { name: "localhost is a registry host", code: "FROM localhost/base\n", trustedRegistries: ["localhost"] },
    { name: "hadolint: scratch, a stage's name, mounts without from", code: "FROM scratch\nFROM trusted.com/a AS b\nFROM b\nRUN --mount=type=bind,target=/x --mount=type=tmpfs,from=evil.com/x,target=/t ls\n", trustedRegistries: trusted, preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM random.com/debian\n",
      trustedRegistries: docker,
      errors: [{ messageId: "untrusted", line: 1, column: 6, endColumn: 23, data: { image: "random.com/debian", registry: "random.com", trusted: "docker.io" } }],
    },
    { code: "FROM x.com/debian\n", trustedRegistries: ["*.random.com"], errors: [{ messageId: "untrusted" }] },
    { code: "FROM ubuntu:24.04 AS a\nFROM zemanlx/ubuntu:24.04 AS b\nFROM docker.io/zemanlx/ubuntu:24.04 AS c\n", trustedRegistries: trusted, errors: [{ messageId: "untrusted", data: { image: "ubuntu:24.04", registry: "docker.io", trusted: "trusted.com" } }, { messageId: "untrusted" }, { messageId: "untrusted" }] },
    { code: "FROM trusted.com/a\nCOPY --from=untrusted.com/repo/image:tag /foo /bar\n", trustedRegistries: trusted, errors: [{ messageId: "untrusted", line: 2, column: 13 }] },
    { code: "FROM trusted.com/a\nRUN --mount=type=bind,from=untrusted.com/repo/image:tag,target=/foo foobar\n", trustedRegistries: trusted, errors: [{ messageId: "untrusted", line: 2 }] },
    { code: "FROM trusted.com/a\nRUN --mount=type=cache,from=untrusted.com/repo/image:tag,target=/foo foobar\n", trustedRegistries: trusted, errors: [{ messageId: "untrusted", line: 2 }] },
    { name: "an ARG default is resolved", code: "ARG REGISTRY=evil.com\nFROM ${REGISTRY}/debian:12\n", trustedRegistries: trusted, errors: [{ messageId: "untrusted", data: { image: "evil.com/debian:12", registry: "evil.com", trusted: "trusted.com" } }] },
    { code: "COPY --from=untrusted.com/repo/image:tag /foo /bar\n", trustedRegistries: trusted, preset: "hadolint", errors: [{ messageId: "untrusted" }] },
    { code: "RUN --mount=type=cache,from=untrusted.com/repo/image:tag,target=/foo foobar\n", trustedRegistries: trusted, preset: "hadolint", errors: [{ messageId: "untrusted" }] },
    { name: "hadolint: FROM and a bind mount", code: "FROM random.com/debian\nRUN --mount=type=bind,from=untrusted.com/x,target=/foo foobar\n", trustedRegistries: trusted, preset: "hadolint", errors: [{ messageId: "untrusted", line: 1 }, { messageId: "untrusted", line: 2 }] },
    { name: "an exact host is no prefix", code: "FROM trusted.company.io/x\n", trustedRegistries: trusted, errors: [{ messageId: "untrusted" }] },
    { name: "a prefix pattern is the whole prefix", code: "FROM rogue.com/x\n", trustedRegistries: ["registry.*", "x.com"], errors: [{ messageId: "untrusted", data: { image: "rogue.com/x", registry: "rogue.com", trusted: "registry.*, x.com" } }] },
  ],
});
