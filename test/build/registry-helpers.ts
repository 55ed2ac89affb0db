/**
 * The real registry scripts/registry.sh runs (Debian's docker-registry, htpasswd auth, loopback),
 * and docker configs that reach it. Every test uses repositories of its own under
 * `dfbuild-e2e/`, with a random part, so runs and lanes sharing the engine and the registry never
 * meet.
 */
import { randomUUID } from "node:crypto";
import { chmod, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { docker, dockerEnv, dockerOk } from "./helpers.js";
import { tempDir } from "../temp-dir.js";

// The script's defaults; DFBUILD_REGISTRY_PORT moves both.
export const REGISTRY = `127.0.0.1:${process.env.DFBUILD_REGISTRY_PORT ?? "5098"}`;
export const REGISTRY_USER = "dfbuild";
export const REGISTRY_PASSWORD = "dfbuild-registry-password";

/** `127.0.0.1:5098/dfbuild-e2e/<name>-<random>`. */
export function uniqueRepository(name: string): string {
  return `${REGISTRY}/dfbuild-e2e/${name}-${randomUUID().slice(0, 8)}`;
}

/** A docker config directory: `auths` with the registry's account (or a wrong password), or nothing. */
export async function dockerConfig(credentials: "valid" | "wrong" | "none"): Promise<string> {
  const dir = tempDir("dfbuild-docker-config-");
  const password = credentials === "wrong" ? "not-the-password" : REGISTRY_PASSWORD;
  const config = credentials === "none" ? {} : { auths: { [REGISTRY]: { auth: Buffer.from(`${REGISTRY_USER}:${password}`).toString("base64") } } };
  await writeFile(join(dir, "config.json"), JSON.stringify(config));
  return dir;
}

/**
 * A docker config whose `credsStore` is a credential helper script in a directory of its own (to
 * put on PATH): it logs each call (`ACTION SERVER`) and knows the registry's account only.
 */
export async function credentialHelper(): Promise<{ configDir: string; bin: string; log: string }> {
  const configDir = tempDir("dfbuild-docker-config-");
  const bin = tempDir("dfbuild-helper-bin-");
  const log = join(bin, "calls.log");
  await writeFile(join(configDir, "config.json"), JSON.stringify({ credsStore: "dfbuild-e2e" }));
  const helper = join(bin, "docker-credential-dfbuild-e2e");
  await writeFile(
    helper,
    [
      "#!/bin/sh",
      "server=$(cat)",
      `printf '%s %s\\n' "$1" "$server" >> '${log}'`,
      `if [ "$1" = get ] && [ "$server" = '${REGISTRY}' ]; then`,
      `  printf '{"ServerURL":"%s","Username":"${REGISTRY_USER}","Secret":"${REGISTRY_PASSWORD}"}' "$server"`,
      "  exit 0",
      "fi",
      "echo 'credentials not found in native keychain'",
      "exit 1",
      "",
    ].join("\n"),
  );
  await chmod(helper, 0o755);
  return { configDir, bin, log };
}

/** Removes every local image of a repository (tags and digests), which only this test made. */
export function removeRepositoryImages(repository: string): void {
  const ids = dockerOk(["images", "--no-trunc", "--format", "{{.ID}}", repository]).trim().split("\n").filter(Boolean);
  if (ids.length > 0) docker(["rmi", "-f", ...new Set(ids)]);
}

/**
 * The image IDs a cache directory's index lists for its keys (the last line for a key wins: an
 * earlier one may name a step image a final image replaced), newest first (children before parents).
 */
export async function cacheImages(cacheDir: string): Promise<string[]> {
  const byKey = new Map<string, string>();
  for (const name of await readdir(cacheDir).catch(() => [])) {
    if (!name.endsWith(".jsonl")) continue;
    for (const line of (await readFile(join(cacheDir, name), "utf8")).split("\n")) {
      if (line === "") continue;
      const record = JSON.parse(line) as { key?: unknown; image?: unknown };
      if (typeof record.key !== "string" || typeof record.image !== "string") continue;
      // Re-inserted, so that the order is that of the last line.
      byKey.delete(record.key);
      byKey.set(record.key, record.image);
    }
  }
  return [...new Set(byKey.values())].reverse();
}

/** Whether the engine has an image. */
export function imageExists(image: string): boolean {
  return docker(["image", "inspect", image]).code === 0;
}

/** Removes the images a cache directory lists, and the directory. */
export async function dropCache(cacheDir: string): Promise<void> {
  const images = await cacheImages(cacheDir);
  if (images.length > 0) docker(["rmi", "-f", ...images]);
  await rm(cacheDir, { recursive: true, force: true });
}

/** The `Step N/M` lines that said `Using cache`. */
export function cachedSteps(output: string): string[] {
  const lines = output.split("\n");
  const cached: string[] = [];
  let step = "";
  for (const line of lines) {
    if (line.startsWith("Step ")) step = line;
    else if (line === " ---> Using cache") cached.push(step);
  }
  return cached;
}

/** The docker CLI with a docker config of the test's (`docker pull` of the registry's images). */
export function dockerWithConfig(configDir: string, args: readonly string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync("docker", args, { env: { ...dockerEnv, DOCKER_CONFIG: configDir }, encoding: "utf8" });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
