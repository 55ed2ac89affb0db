import { rmSync } from "node:fs";
import { afterEach, describe, expect, test } from "vitest";
import { runCli } from "../cli.js";
import { project } from "./helpers.js";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

async function copyIgnored(files: Record<string, string>, args: string[]): Promise<{ line: number; message: string }[]> {
  const root = project(files);
  roots.push(root);
  const result = await runCli(["lint", "--format", "json", "--rule", "copy-ignored-file=warning", ...args], "", root);
  const findings = JSON.parse(result.stdout || "[]") as { rule: string; line: number; message: string }[];
  return findings.filter((finding) => finding.rule === "copy-ignored-file").map(({ line, message }) => ({ line, message }));
}

describe("dfbuild lint reads the build context's .dockerignore (CopyIgnoredFile)", () => {
  const dockerfile = "FROM scratch\nCOPY secret.txt /\nCOPY app.js /\n";

  test("the .dockerignore beside the Dockerfile", async () => {
    const found = await copyIgnored({ Dockerfile: dockerfile, ".dockerignore": "secret.txt\n" }, ["Dockerfile"]);
    expect(found).toHaveLength(1);
    expect(found[0]?.line).toBe(2);
    expect(found[0]?.message).toContain('Attempting to Copy file "secret.txt" that is excluded by .dockerignore');
  });

  test("<Dockerfile>.dockerignore wins over .dockerignore, as BuildKit reads them", async () => {
    const found = await copyIgnored({ "app.Dockerfile": dockerfile, "app.Dockerfile.dockerignore": "app.js\n", ".dockerignore": "secret.txt\n" }, ["app.Dockerfile"]);
    expect(found.map(({ line }) => line)).toEqual([3]);
  });

  test("a Dockerfile in a subdirectory uses that directory's ignore file; none means nothing to check", async () => {
    expect(await copyIgnored({ "sub/Dockerfile": dockerfile, ".dockerignore": "secret.txt\n" }, ["sub/Dockerfile"])).toEqual([]);
  });

  test("a .dockerignore Docker rejects does not break linting", async () => {
    expect(await copyIgnored({ Dockerfile: dockerfile, ".dockerignore": "a[b\n" }, ["Dockerfile"])).toEqual([]);
  });
});
