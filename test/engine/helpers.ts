import { randomUUID } from "node:crypto";
import { Engine, type ContainerCreateBody } from "@dfbuild/engine";
import { expect } from "vitest";

/** The image scripts/engine.sh creates: busybox with its applets, /tmp, users root, app and nobody. */
export const BUSYBOX = "dfbuild-test/busybox:latest";

/** The engine scripts/engine.sh starts, whatever DOCKER_HOST says. */
export function localEngine(): Engine {
  return new Engine({ host: "unix:///var/run/docker.sock", env: {} });
}

/** A name unique to this run, so parallel test files never collide. */
export function uniqueName(prefix: string): string {
  return `dfbuild-test-${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Creates containers and removes every one of them (and their volumes) in `removeAll`. */
export class ContainerJanitor {
  readonly #engine: Engine;
  readonly #ids = new Set<string>();

  constructor(engine: Engine) {
    this.#engine = engine;
  }

  async create(body: Omit<ContainerCreateBody, "Image"> & { Image?: string }): Promise<string> {
    const { Id } = await this.#engine.containers.create({ Image: BUSYBOX, ...body });
    this.#ids.add(Id);
    return Id;
  }

  async removeAll(): Promise<void> {
    for (const id of this.#ids) {
      try {
        await this.#engine.containers.remove(id, { force: true, volumes: true });
      } catch (error) {
        if (!(error instanceof Error && "status" in error && error.status === 404)) throw error;
      }
    }
    this.#ids.clear();
  }
}

/**
 * Resolves once `condition` holds, checking between event-loop turns. No time window: on a loaded
 * machine a socket may take long to close, and what never happens fails by the test's timeout.
 */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/**
 * Nothing in flight, nothing waiting, no attach connection left open: closing a socket completes
 * asynchronously, so this waits for it — and a connection left hanging fails the test by its timeout.
 */
export async function expectIdle(client: Engine): Promise<void> {
  const isIdle = (): boolean => {
    const stats = client.connectionStats();
    return stats.running === 0 && stats.pending === 0 && stats.attached === 0;
  };
  await until(isIdle);
  expect(client.connectionStats()).toMatchObject({ running: 0, pending: 0, attached: 0 });
}

export interface TarEntry {
  name: string;
  /** Regular file content; absent for a directory. */
  content?: Uint8Array;
  mode?: number;
  uid?: number;
  gid?: number;
  /** Unix seconds. */
  mtime?: number;
  type?: "file" | "directory";
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

/** A ustar header for one entry of `size` bytes. */
export function tarHeader(entry: Omit<TarEntry, "content"> & { size: number }): Buffer {
  const header = Buffer.alloc(BLOCK);
  const isDirectory = entry.type === "directory";
  header.write(entry.name, 0, 100, "utf8");
  header.write(octal(entry.mode ?? (isDirectory ? 0o755 : 0o644), 8), 100, "ascii");
  header.write(octal(entry.uid ?? 0, 8), 108, "ascii");
  header.write(octal(entry.gid ?? 0, 8), 116, "ascii");
  header.write(octal(isDirectory ? 0 : entry.size, 12), 124, "ascii");
  header.write(octal(entry.mtime ?? 1_700_000_000, 12), 136, "ascii");
  header.write(isDirectory ? "5" : "0", 156, "ascii");
  header.write("ustar\0", 257, "ascii");
  header.write("00", 263, "ascii");
  // The checksum is computed with its own field read as eight spaces.
  header.fill(" ", 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return header;
}

function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK);

/** A whole (small) tar archive in memory. */
export function tarOf(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const content = Buffer.from(entry.content ?? new Uint8Array());
    parts.push(tarHeader({ ...entry, size: content.length }), content, padding(content.length));
  }
  parts.push(END_OF_ARCHIVE);
  return Buffer.concat(parts);
}

/**
 * A tar archive of one file of `size` bytes, generated chunk by chunk as it is read: the generator
 * keeps no chunk, so whatever memory an upload of it holds is the uploader's. Each chunk is new and
 * different (it starts with its index), and `onChunk` sees every content chunk.
 */
export function* streamedTarOfOneFile(
  name: string,
  size: number,
  options: { chunkSize?: number; onChunk?: (chunk: Buffer) => void } = {},
): Generator<Buffer> {
  const chunkSize = options.chunkSize ?? 64 * 1024;
  yield tarHeader({ name, size });
  for (let offset = 0, index = 0; offset < size; offset += chunkSize, index++) {
    const chunk = Buffer.alloc(Math.min(chunkSize, size - offset), index % 251);
    chunk.writeUInt32BE(index, 0);
    options.onChunk?.(chunk);
    yield chunk;
  }
  yield padding(size);
  yield END_OF_ARCHIVE;
}

/** Reads the regular files and directories of a tar archive (enough for what the engine sends). */
export function readTar(archive: Buffer): Map<string, { content: Buffer; mode: number; type: string }> {
  const entries = new Map<string, { content: Buffer; mode: number; type: string }>();
  let offset = 0;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number): string =>
      header.subarray(start, start + length).toString("utf8").replace(/\0.*$/s, "").trim();
    const prefix = field(345, 155);
    const name = prefix === "" ? field(0, 100) : `${prefix}/${field(0, 100)}`;
    const size = Number.parseInt(field(124, 12) || "0", 8);
    const type = field(156, 1);
    const start = offset + BLOCK;
    entries.set(name, {
      content: archive.subarray(start, start + size),
      mode: Number.parseInt(field(100, 8), 8),
      type: type === "5" ? "directory" : type === "0" || type === "" ? "file" : type,
    });
    offset = start + size + padding(size).length;
  }
  return entries;
}

export async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
