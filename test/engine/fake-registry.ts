import { createHash, randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { tarOf, type TarEntry } from "./helpers.js";
import { tempDir } from "../temp-dir.js";

const MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json";
const SLOW_PIECE = 16 * 1024;
const SLOW_PAUSE_MS = 50;

function sha256(data: Buffer): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

interface Blob {
  data: Buffer;
  /** Sent in small pieces with pauses, so a pull of it takes seconds. */
  slow: boolean;
}

export interface FakeRegistryOptions {
  username: string;
  password: string;
  repository: string;
  /** The files of the image under `tag`. */
  files: TarEntry[];
  tag: string;
}

/**
 * A minimal registry (distribution API v2) on 127.0.0.1 that asks for HTTP Basic credentials, so a
 * real engine can pull from it with no network (the engine treats 127.0.0.0/8 registries as
 * insecure and falls back to plain HTTP). It serves three single-layer images:
 * - `tag`: the files given;
 * - `broken`: a layer whose bytes do not match its digest, which the engine notices only after it
 *   has started reporting progress, so the failure arrives inside the 200 stream;
 * - `slow`: a 1 MiB layer sent slowly, for aborting a pull half-way.
 */
export class FakeRegistry {
  readonly #server: Server;
  readonly #credentials: string;
  readonly #blobs = new Map<string, Blob>();
  readonly #manifests = new Map<string, Buffer>();
  /** The Authorization headers the engine sent, in order. */
  readonly authorizations: (string | undefined)[] = [];
  /** Blob downloads the engine abandoned before the end. */
  abandonedDownloads = 0;
  readonly repository: string;
  readonly tag: string;

  private constructor(server: Server, options: FakeRegistryOptions) {
    this.#server = server;
    this.#credentials = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString("base64")}`;
    this.repository = options.repository;
    this.tag = options.tag;

    const layer = tarOf(options.files);
    this.#addImage(options.tag, layer, gzipSync(layer), false);
    const tampered = gzipSync(layer);
    tampered[tampered.length - 1] = (tampered.at(-1) ?? 0) ^ 0xff;
    this.#addImage("broken", layer, tampered, false);
    // Random content does not compress, so the compressed layer stays 1 MiB.
    const bigLayer = tarOf([{ name: "random.bin", content: randomBytes(1024 * 1024) }]);
    this.#addImage("slow", bigLayer, gzipSync(bigLayer), true);

    server.on("request", (request: IncomingMessage, response: ServerResponse) => {
      this.#answer(request, response);
    });
  }

  static async start(options: FakeRegistryOptions): Promise<FakeRegistry> {
    const server = createServer();
    const registry = new FakeRegistry(server, options);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return registry;
  }

  /** A new docker config directory whose `auths` hold this registry's credentials (remove it when done). */
  writeDockerConfig(): string {
    const directory = tempDir("dfbuild-docker-config-");
    const auth = this.#credentials.slice("Basic ".length);
    writeFileSync(join(directory, "config.json"), JSON.stringify({ auths: { [this.host]: { auth } } }));
    return directory;
  }

  /** `127.0.0.1:<port>`, the registry part of image references. */
  get host(): string {
    return `127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  reference(tag = this.tag): string {
    return `${this.host}/${this.repository}:${tag}`;
  }

  manifestDigest(tag = this.tag): string {
    const manifest = this.#manifests.get(tag);
    if (manifest === undefined) throw new Error(`no tag ${tag}`);
    return sha256(manifest);
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => { resolve(); }));
  }

  /**
   * Adds an image whose config lists `layer`'s digest while the manifest points at `served`: when
   * `served` is not `layer` gzipped, the engine's verification fails.
   */
  #addImage(tag: string, layer: Buffer, served: Buffer, slow: boolean): void {
    const config = Buffer.from(
      JSON.stringify({
        architecture: process.arch === "x64" ? "amd64" : process.arch,
        os: "linux",
        config: { Cmd: ["/bin/sh"] },
        rootfs: { type: "layers", diff_ids: [sha256(layer)] },
        history: [{ created_by: `fake registry ${tag}` }],
      }),
    );
    const honest = gzipSync(layer);
    const layerDigest = served.equals(honest) ? sha256(served) : sha256(Buffer.concat([honest, Buffer.from(tag)]));
    this.#blobs.set(sha256(config), { data: config, slow: false });
    this.#blobs.set(layerDigest, { data: served, slow });
    this.#manifests.set(
      tag,
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MANIFEST_TYPE,
          config: { mediaType: "application/vnd.docker.container.image.v1+json", size: config.length, digest: sha256(config) },
          layers: [{ mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", size: served.length, digest: layerDigest }],
        }),
      ),
    );
  }

  #answer(request: IncomingMessage, response: ServerResponse): void {
    const url = request.url ?? "/";
    if (!url.startsWith("/v2/")) {
      response.writeHead(404).end();
      return;
    }
    this.authorizations.push(request.headers.authorization);
    if (request.headers.authorization !== this.#credentials) {
      response
        .writeHead(401, { "www-authenticate": 'Basic realm="dfbuild-test"', "content-type": "application/json" })
        .end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] }));
      return;
    }
    if (url === "/v2/") {
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
      return;
    }
    const found = this.#lookup(url);
    if (found === undefined) {
      response
        .writeHead(404, { "content-type": "application/json" })
        .end(JSON.stringify({ errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] }));
      return;
    }
    const { data, type, slow } = found;
    response.writeHead(200, { "content-type": type, "content-length": data.length, "docker-content-digest": sha256(data) });
    if (request.method === "HEAD") response.end();
    else if (!slow) response.end(data);
    else this.#sendSlowly(data, response);
  }

  #sendSlowly(data: Buffer, response: ServerResponse): void {
    let offset = 0;
    const timer = setInterval(() => {
      if (response.destroyed) {
        clearInterval(timer);
        this.abandonedDownloads++;
        return;
      }
      response.write(data.subarray(offset, offset + SLOW_PIECE));
      offset += SLOW_PIECE;
      if (offset >= data.length) {
        clearInterval(timer);
        response.end();
      }
    }, SLOW_PAUSE_MS);
  }

  #lookup(url: string): { data: Buffer; type: string; slow: boolean } | undefined {
    const prefix = `/v2/${this.repository}/`;
    if (!url.startsWith(prefix)) return undefined;
    const [kind, reference = ""] = url.slice(prefix.length).split("/");
    if (kind === "manifests") {
      const manifest =
        this.#manifests.get(reference) ?? [...this.#manifests.values()].find((candidate) => sha256(candidate) === reference);
      return manifest === undefined ? undefined : { data: manifest, type: MANIFEST_TYPE, slow: false };
    }
    const blob = kind === "blobs" ? this.#blobs.get(reference) : undefined;
    return blob === undefined ? undefined : { data: blob.data, type: "application/octet-stream", slow: blob.slow };
  }
}
