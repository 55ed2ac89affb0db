/** Image references split two ways: as registries read them, and as hadolint's rules key stages. */
import { describe, expect, test } from "vitest";
import { languageDockerImageName, parseImageReference } from "./image.js";

describe("parseImageReference", () => {
  test("a port before the last slash is no tag", () => {
    expect(parseImageReference("registry:5000/team/app:1.2@sha256:abc")).toStrictEqual({ name: "registry:5000/team/app", tag: "1.2", digest: "sha256:abc" });
    expect(parseImageReference("registry:5000/app")).toStrictEqual({ name: "registry:5000/app", tag: null, digest: null });
    expect(parseImageReference("alpine")).toStrictEqual({ name: "alpine", tag: null, digest: null });
  });
});

describe("languageDockerImageName", () => {
  test.each([
    ["debian", "debian"],
    ["debian:12", "debian"],
    ["app@sha256:abc", "app"],
    ["team/app:1", "team/app"],
    ["registry.example.com/team/app:1@sha256:abc", "team/app"],
    ["registry.example.com:5000/app", "app"],
    // No `.` before the first `/`: no registry, and the name ends at the port's colon.
    ["localhost:5000/app", "localhost"],
    ["localhost/app", "localhost/app"],
    // A `.` but no `/` after it: no registry.
    ["my.base", "my.base"],
    [".hidden/app", ".hidden/app"],
    [".x.example.com/app", ".x.example.com/app"],
    // An empty TLD (language-docker's `some`): no registry.
    ["my./app", "my./app"],
    ["", ""],
    // A `${…}` is one opaque piece (language-docker v16's someUnlessExpanded): its `:` and `.` end
    // neither the name nor the registry's domain.
    ["${BASE:-alpine:3.19}", "${BASE:-alpine:3.19}"],
    ["${BASE:-alpine}:3.19", "${BASE:-alpine}"],
    ["${REGISTRY:-docker.io}/library/alpine:3", "${REGISTRY:-docker.io}/library/alpine"],
    ["my.registry/${IMAGE:-app}:1", "${IMAGE:-app}"],
    ["${A:-${B:-c}}:1", "${A:-${B:-c}}"],
    ["${BASE:-a:}:3", "${BASE:-a:}"],
    ["${A:-${B:-c}:1", "${A:-${B:-c}:1"],
    // A `$` without `{` is a literal character: the name still ends at the tag's colon.
    ["$IMAGE:1", "$IMAGE"],
    ["app$:1", "app$"],
    ["$", "$"],
  ])("%s is %s", (reference, name) => {
    expect(languageDockerImageName(reference)).toBe(name);
  });
});
