import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import * as tar from "tar-stream";
import { describe, expect, test } from "vitest";
import { decompress, detectCompression } from "./decompress.js";
import { readEntries } from "./tar.js";

/** `tar -cf - -C p .` of a.txt ("hello") and sub/b.txt ("deep"), compressed by bzip2, xz and zstd. */
const COMPRESSED = {
  bzip2: "QlpoOTFBWSZTWfCIJkMAAIH7hMmQBEBAAf+AAjF2RN5AAACASDAAuAwaaNNMJiZMBA0wwaaNNMJiZMBA0wKpGpNMp+qDamgMZCeo9Tb8RZk8klzGhEUviII3Zcd9UsRJZxuk3j0KEFSO3aYXHcqZbbOvWnypRgtCHjwKg59NNPMPUdHxgXE1KF2KSqbLRz3X4J0KmGK9NWhNRnmU/nv311mn66DMTzLGp4Fl5sobGajY4MSD/F3JFOFCQ8IgmQw=",
  xz: "/Td6WFoAAATm1rRGAgAhARYAAAB0L+Wj4Cf/AKVdABcLvBx9AZXAHUo+eRXCzCajWUPlzZOdzME7ts3N5E4f4HeeIvAC1JmtLJOUWGlQBKBzmXnXk1mcx7p55lbRyAENU4ZjNaMGzgOEtplD89udcPa1I1FH9xtVBKPF5F1QyyOXIY+kcrOzLc5oBq3cstLd0fDqavadfmD59zwrI/aGL9ZVlA5nqebCRmQKARlecECtE7OvNVJo9Qpj7zEk8pxUExXWAAAAAAChnq5fHh2ZSQABwQGAUAAA96hkpbHEZ/sCAAAAAARZWg==",
  zstd: "KLUv/WQAJ9UEAHLFERaQJW4AXggUmBWA/r9KZG8gSzx0p7l2IiF0Brn7LQMF4RzBz1STaOZ2odH8emKGNbBTUnanSq9Bz/jM+WXAN0Dsvyr/vw0MHgCZu9IBvJBgAvdALWNAJdDdAFliv1gAK9D/YprKXAVAbaUaDKgGugvCoWDSaUBVB4go8AExKQ1QATDkXgAogQXNMWOGagQrADhWLuMTGAISJEq7",
} as const;

async function contents(stream: Readable): Promise<Record<string, string>> {
  const entries = await readEntries(stream);
  return Object.fromEntries(
    entries.filter((entry) => entry.type === "file").map((entry) => {
      const content = entry.content?.();
      return [entry.path, Buffer.isBuffer(content) ? content.toString("utf8") : ""];
    }),
  );
}

describe("decompressing ADD archives", () => {
  test.each(Object.entries(COMPRESSED))("%s: detected by its magic and read as a stream", async (name, base64) => {
    const bytes = Buffer.from(base64, "base64");
    expect(detectCompression(bytes)).toBe(name);
    // Fed in small chunks: the decompressors must keep state across them.
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
    expect(await contents(decompress(Readable.from(chunks), detectCompression(bytes)))).toEqual({ "a.txt": "hello\n", "sub/b.txt": "deep\n" });
  });

  test("gzip, and a plain tar as it is", async () => {
    const pack = tar.pack();
    pack.entry({ name: "x.txt" }, "x\n");
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of pack) chunks.push(chunk as Buffer);
    const plain = Buffer.concat(chunks);
    expect(detectCompression(plain)).toBe("none");
    expect(await contents(decompress(Readable.from([plain]), "none"))).toEqual({ "x.txt": "x\n" });
    const gzipped = gzipSync(plain);
    expect(detectCompression(gzipped)).toBe("gzip");
    expect(await contents(decompress(Readable.from([gzipped]), "gzip"))).toEqual({ "x.txt": "x\n" });
  });

  test("a corrupt stream is an error, not a hang", async () => {
    const bytes = Buffer.from(COMPRESSED.xz, "base64");
    const broken = Buffer.concat([bytes.subarray(0, 40), Buffer.alloc(40, 0x55)]);
    await expect(contents(decompress(Readable.from([broken]), "xz"))).rejects.toThrow();
  });
});
