import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { SecretStore, parseSecretSpec } from "./secrets.js";

describe("--secret", () => {
  test("buildx's forms: id with src (or source) or env; type=env names a variable with src", () => {
    expect(parseSecretSpec("id=npmrc,src=/home/me/.npmrc")).toEqual({ id: "npmrc", file: "/home/me/.npmrc" });
    expect(parseSecretSpec("id=token,source=t.txt")).toEqual({ id: "token", file: "t.txt" });
    expect(parseSecretSpec("id=api,env=API_KEY")).toEqual({ id: "api", env: "API_KEY" });
    expect(parseSecretSpec("type=env,id=api,src=API_KEY")).toEqual({ id: "api", env: "API_KEY" });
    expect(parseSecretSpec("ID=x")).toEqual({ id: "x" });
  });

  test("malformed specs are buildx's errors", () => {
    expect(() => parseSecretSpec("npmrc")).toThrow("invalid field 'npmrc' must be a key=value pair");
    expect(() => parseSecretSpec("id=x,file=y")).toThrow("unexpected key 'file' in 'file=y'");
    expect(() => parseSecretSpec("id=x,type=vault")).toThrow('unsupported secret type "vault" (expected file or env)');
    expect(() => parseSecretSpec("src=y")).toThrow('secret "src=y" has no id= (write id=NAME,src=FILE or id=NAME,env=VAR)');
  });

  test("values: a file, a variable, the variable named like the id, else the file named like it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dfbuild-secret-unit-"));
    try {
      await writeFile(join(dir, "f"), "from-file");
      const store = new SecretStore(
        [{ id: "a", file: join(dir, "f") }, { id: "b", env: "B_VALUE" }, { id: "C" }, { id: join(dir, "f") }, { id: "unset", env: "NOPE" }],
        { B_VALUE: "from-env", C: "from-id-variable" },
      );
      await store.check();
      expect((await store.value("a"))?.toString()).toBe("from-file");
      expect((await store.value("b"))?.toString()).toBe("from-env");
      expect((await store.value("C"))?.toString()).toBe("from-id-variable");
      expect((await store.value(join(dir, "f")))?.toString()).toBe("from-file");
      expect(await store.value("unset")).toBeUndefined();
      expect(await store.value("never-given")).toBeUndefined();
      await writeFile(join(dir, "big"), Buffer.alloc(500 * 1024 + 1));
      await expect(new SecretStore([{ id: "big", file: join(dir, "big") }], {}).check()).rejects.toThrow("secret big too big. max size 500KB");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
