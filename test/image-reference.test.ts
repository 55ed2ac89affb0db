/**
 * Docker's image reference grammar (distribution/reference `ParseNormalizedNamed`) is written twice,
 * on purpose: the engine parses and normalises references for pulls, pushes and credentials, with
 * distribution's messages (`packages/engine/src/image-reference.ts`); the InvalidDefaultArgInFrom
 * rule only needs the verdict (`rules/src/utils/image-name.ts`). The linter must not depend on the
 * engine, and the parser package is the Dockerfile language as BuildKit's parser reads it, which
 * leaves image references to the builder's later stages, so neither package is a home for the
 * other's copy. This test keeps the two from drifting: on distribution's cases and on random
 * references built from the grammar's pieces, both give the same verdict.
 */
import fc from "fast-check";
import { parseImageReference } from "@dfbuild/engine";
import { expect, test } from "vitest";
import { isValidImageReference } from "../rules/src/utils/image-name.js";

function engineAccepts(text: string): boolean {
  try {
    parseImageReference(text);
    return true;
  } catch {
    return false;
  }
}

const hex64 = "a".repeat(64);
const cases = [
  "busybox",
  "busybox:1.36",
  "someone/app",
  "docker.io/someone/app:v1",
  "index.docker.io/app",
  "localhost/app",
  "localhost:5000/a/b/c:t",
  "Registry.Example/app",
  "[::1]:5000/app",
  "a.b/c__d/e-f---g.h:T_1",
  `ghcr.io/o/a@sha256:${hex64}`,
  `app:1@sha256:${"b".repeat(64)}`,
  "",
  "Busybox",
  "reg.io/Team/app",
  "app:",
  "app:-bad",
  "a//b",
  "app@sha256:short",
  `app:${"t".repeat(129)}`,
  hex64,
  `reg.io/${"a".repeat(250)}`,
  "$IMAGE",
  "app:$TAG",
  "a_b",
  "a__b",
  "a___b",
  "-a",
  "a-",
  "UPPER/app",
];

test("distribution's cases: the engine's parser and the lint rule's check agree", () => {
  for (const text of cases) expect(isValidImageReference(text), JSON.stringify(text)).toBe(engineAccepts(text));
});

test("random references from the grammar's pieces: they agree", () => {
  const piece = fc.constantFrom("a", "b0", "app", "A", "x.y", "localhost", "reg.io:5000", "[::1]", "_", "__", "-", "--", ".", "", "9");
  const separator = fc.constantFrom("/", ":", "@sha256:", "//", "@");
  const reference = fc.array(fc.tuple(piece, separator), { maxLength: 5 }).chain((parts) =>
    piece.map((last) => `${parts.map(([part, sep]) => `${part}${sep}`).join("")}${last}`),
  );
  fc.assert(
    fc.property(fc.oneof(reference, fc.string({ maxLength: 20 })), (text) => {
      expect(isValidImageReference(text), JSON.stringify(text)).toBe(engineAccepts(text));
    }),
    { numRuns: 2000 },
  );
});
