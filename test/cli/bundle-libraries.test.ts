/**
 * scripts/bundle.mjs gives email-addresses and spdx-expression-parse a stand-in in the bundles that
 * loads each library at its first call: the label checks that use them must still work there.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { tempDir } from "../temp-dir.js";

const bin = join(resolve(dirname(fileURLToPath(import.meta.url)), "../.."), "packages", "cli", "bin", "dfbuild.cjs");

function lintLabels(labels: string): string[] {
  const project = tempDir("dfbuild-bundle-libraries-");
  writeFileSync(join(project, "Dockerfile"), `FROM alpine:3.20\nLABEL ${labels}\n`);
  const run = spawnSync(process.execPath, [bin, "lint", "--format", "compact", "--require-label", "maintainer:email", "--require-label", "org.opencontainers.image.licenses:spdx", "Dockerfile"], {
    cwd: project,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "" },
  });
  expect(run.stderr).toBe("");
  return [...run.stdout.matchAll(/label-(email|spdx)/g)].map((match) => match[0]);
}

test("the bundled CLI checks email and SPDX label values", () => {
  expect(lintLabels('maintainer="team@example.com" org.opencontainers.image.licenses="Apache-2.0 OR MIT"')).toEqual([]);
  expect(lintLabels('maintainer="team@" org.opencontainers.image.licenses="MIT OR"').sort()).toEqual(["label-email", "label-spdx"]);
});
