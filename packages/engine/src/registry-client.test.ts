import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { RegistryError } from "./errors.js";
import type { RegistryAuth } from "./registry-auth.js";
import { inCidr, insecureRegistryMatcher, parseChallenge, RegistryClient, sha256 } from "./registry-client.js";

/**
 * A registry (distribution API v2) on loopback, enough for manifests: it asks for Basic
 * credentials, or for Bearer tokens from its own token endpoint, and logs every request.
 */
class TestRegistry {
  readonly server: Server;
  readonly requests: { method: string; url: string; authorization: string | undefined; body: string }[] = [];
  readonly manifests = new Map<string, { type: string; body: Buffer }>();
  /** What the token endpoint issued, by scope. */
  readonly tokens = new Map<string, string>();
  scheme: "basic" | "bearer" | "none" = "basic";
  /** Bearer tokens it rejects once (as if expired). */
  readonly expired = new Set<string>();

  constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = Buffer.concat(chunks);
        this.requests.push({ method: request.method ?? "", url: request.url ?? "", authorization: request.headers.authorization, body: body.toString() });
        this.#answer(request, response, body);
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `127.0.0.1:${String((this.server.address() as AddressInfo).port)}`;
  }

  #authorized(request: IncomingMessage, scope: string): boolean {
    const header = request.headers.authorization;
    if (this.scheme === "none") return true;
    if (this.scheme === "basic") return header === `Basic ${Buffer.from("alice:s3cret").toString("base64")}`;
    const token = header?.replace(/^Bearer /, "");
    if (token === undefined || this.expired.delete(token)) return false;
    return [...this.tokens.entries()].some(([granted, issued]) => issued === token && granted.includes(scope.split(":").slice(0, 2).join(":")));
  }

  #answer(request: IncomingMessage, response: ServerResponse, body: Buffer): void {
    const url = new URL(request.url ?? "/", "http://registry");
    const port = (this.server.address() as AddressInfo).port;
    if (url.pathname === "/token") {
      const scope = url.searchParams.get("scope") ?? new URLSearchParams(body.toString()).get("scope") ?? "";
      const form = new URLSearchParams(body.toString());
      const basic = request.headers.authorization === `Basic ${Buffer.from("alice:s3cret").toString("base64")}`;
      const refresh = form.get("grant_type") === "refresh_token" && form.get("refresh_token") === "refresh-123";
      if (!basic && !refresh && scope.includes("push")) {
        response.writeHead(401).end();
        return;
      }
      const token = `token-${String(this.tokens.size)}`;
      this.tokens.set(scope, token);
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(refresh ? { access_token: token } : { token }));
      return;
    }
    const challenge =
      this.scheme === "basic" ? 'Basic realm="test"' : `Bearer realm="http://127.0.0.1:${String(port)}/token",service="test-registry"`;
    const match = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    const scope = match === null ? "" : `repository:${match[1] ?? ""}:${request.method === "PUT" ? "push" : "pull"}`;
    if (url.pathname !== "/v2/" ? !this.#authorized(request, scope) : this.scheme !== "none" && !this.#authorized(request, "repository:x:pull")) {
      response
        .writeHead(401, { "www-authenticate": challenge, "content-type": "application/json" })
        .end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] }));
      return;
    }
    if (url.pathname === "/v2/") {
      response.writeHead(200).end("{}");
      return;
    }
    if (match === null) {
      response.writeHead(404).end();
      return;
    }
    const key = `${match[1] ?? ""}@${match[2] ?? ""}`;
    if (request.method === "PUT") {
      const digest = sha256(body);
      const stored = { type: request.headers["content-type"] ?? "", body };
      this.manifests.set(key, stored);
      this.manifests.set(`${match[1] ?? ""}@${digest}`, stored);
      response.writeHead(201, { "docker-content-digest": digest }).end();
      return;
    }
    const found = this.manifests.get(key);
    if (found === undefined) {
      response
        .writeHead(404, { "content-type": "application/json" })
        .end(JSON.stringify({ errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] }));
      return;
    }
    response.writeHead(200, { "content-type": found.type, "docker-content-digest": sha256(found.body) });
    response.end(request.method === "HEAD" ? undefined : found.body);
  }
}

describe("RegistryClient", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function setup(scheme: TestRegistry["scheme"], auth: RegistryAuth | undefined): Promise<{ registry: TestRegistry; client: RegistryClient; domain: string }> {
    const registry = new TestRegistry();
    registry.scheme = scheme;
    const domain = await registry.start();
    const client = new RegistryClient({ credentials: () => Promise.resolve(auth), insecure: () => true });
    cleanups.push(async () => {
      await client.close();
      await new Promise((resolve) => registry.server.close(resolve));
    });
    return { registry, client, domain };
  }

  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [] }));

  test("Basic: puts and gets a manifest with the stored credentials, over plain HTTP after HTTPS failed", async () => {
    const { registry, client, domain } = await setup("basic", { username: "alice", password: "s3cret" });
    const repository = { domain, path: "team/app" };
    const digest = await client.putManifest(repository, "cache", "application/vnd.oci.image.index.v1+json", index);
    expect(digest).toBe(sha256(index));
    const fetched = await client.getManifest(repository, "cache");
    expect(fetched).toEqual({ mediaType: "application/vnd.oci.image.index.v1+json", digest, bytes: index });
    await expect(client.hasManifest(repository, digest)).resolves.toBe(true);
    await expect(client.getManifest(repository, "nope")).resolves.toBeUndefined();
    await expect(client.hasManifest(repository, `sha256:${"0".repeat(64)}`)).resolves.toBe(false);
    const get = registry.requests.find((request) => request.method === "GET" && request.url.endsWith("/manifests/cache"));
    expect(get?.authorization).toBe(`Basic ${Buffer.from("alice:s3cret").toString("base64")}`);
  });

  test("Bearer: a token per scope from the realm, with account and Basic credentials; push asks pull,push", async () => {
    const { registry, client, domain } = await setup("bearer", { username: "alice", password: "s3cret" });
    const repository = { domain, path: "team/app" };
    await client.putManifest(repository, "cache", "application/vnd.oci.image.index.v1+json", index);
    await client.getManifest(repository, "cache");
    const tokenRequests = registry.requests.filter((request) => request.url.startsWith("/token"));
    expect(tokenRequests.map((request) => new URL(request.url, "http://x").searchParams.get("scope"))).toEqual([
      "repository:team/app:pull,push",
      "repository:team/app:pull",
    ]);
    expect(new URL(tokenRequests[0]?.url ?? "", "http://x").searchParams.get("account")).toBe("alice");
    expect(new URL(tokenRequests[0]?.url ?? "", "http://x").searchParams.get("service")).toBe("test-registry");
    expect(tokenRequests[0]?.authorization).toBe(`Basic ${Buffer.from("alice:s3cret").toString("base64")}`);
  });

  test("Bearer with an identity token: the refresh-token grant, as a POST form", async () => {
    const { registry, client, domain } = await setup("bearer", { identitytoken: "refresh-123" });
    await client.putManifest({ domain, path: "team/app" }, "cache", "application/vnd.oci.image.index.v1+json", index);
    const post = registry.requests.find((request) => request.url === "/token");
    expect(post?.method).toBe("POST");
    expect(Object.fromEntries(new URLSearchParams(post?.body ?? ""))).toEqual({
      client_id: "docker",
      grant_type: "refresh_token",
      refresh_token: "refresh-123",
      scope: "repository:team/app:pull,push",
      service: "test-registry",
    });
  });

  test("Bearer: an expired token is replaced once", async () => {
    const { registry, client, domain } = await setup("bearer", undefined);
    const repository = { domain, path: "team/app" };
    registry.manifests.set("team/app@cache", { type: "application/vnd.oci.image.index.v1+json", body: index });
    await client.getManifest(repository, "cache");
    for (const token of registry.tokens.values()) registry.expired.add(token);
    await expect(client.getManifest(repository, "cache")).resolves.toMatchObject({ bytes: index });
    expect(registry.requests.filter((request) => request.url.startsWith("/token"))).toHaveLength(2);
  });

  test("no credentials where they are needed: DFB_REGISTRY_UNAUTHORIZED saying to log in", async () => {
    const { client, domain } = await setup("basic", undefined);
    const failure = client.getManifest({ domain, path: "team/app" }, "cache");
    await expect(failure).rejects.toBeInstanceOf(RegistryError);
    await expect(failure).rejects.toMatchObject({ code: "DFB_REGISTRY_UNAUTHORIZED", status: 401, registryCode: "UNAUTHORIZED" });
    await expect(failure).rejects.toThrow(`the registry ${domain} answered unauthorized: authentication required to GET /v2/team/app/manifests/cache: it needs credentials: run docker login ${domain}`);
  });

  test("wrong credentials: the message names the user and says to log in again", async () => {
    const { client, domain } = await setup("basic", { username: "alice", password: "wrong" });
    await expect(client.getManifest({ domain, path: "a" }, "b")).rejects.toThrow(`it refused the stored credentials of alice: run docker login ${domain} again`);
  });

  test("a registry that is not there: DFB_REGISTRY_UNREACHABLE naming what was tried", async () => {
    const client = new RegistryClient({ credentials: () => Promise.resolve(undefined), insecure: () => true });
    cleanups.push(() => client.close());
    const failure = client.getManifest({ domain: "127.0.0.1:9", path: "a" }, "b");
    await expect(failure).rejects.toMatchObject({ code: "DFB_REGISTRY_UNREACHABLE", registry: "127.0.0.1:9" });
    await expect(failure).rejects.toThrow("cannot reach the registry 127.0.0.1:9 (tried https://127.0.0.1:9 and http://127.0.0.1:9)");
  });

  test("a secure registry is never spoken to over plain HTTP", async () => {
    const registry = new TestRegistry();
    registry.scheme = "none";
    const domain = await registry.start();
    const client = new RegistryClient({ credentials: () => Promise.resolve(undefined), insecure: () => false });
    cleanups.push(async () => {
      await client.close();
      await new Promise((resolve) => registry.server.close(resolve));
    });
    await expect(client.getManifest({ domain, path: "a" }, "b")).rejects.toThrow(`cannot reach the registry ${domain} (tried https://${domain})`);
    expect(registry.requests).toEqual([]);
  });

  test("a manifest fetched by digest must have that digest", async () => {
    const { registry, client, domain } = await setup("none", undefined);
    const wrong = `sha256:${"1".repeat(64)}`;
    registry.manifests.set(`a@${wrong}`, { type: "application/vnd.oci.image.index.v1+json", body: index });
    await expect(client.getManifest({ domain, path: "a" }, wrong)).rejects.toThrow(`whose digest is ${sha256(index)}`);
  });
});

describe("which registries are insecure", () => {
  test("CIDRs, IPv4 and IPv6", () => {
    expect(inCidr("127.0.0.1", "127.0.0.0/8")).toBe(true);
    expect(inCidr("128.0.0.1", "127.0.0.0/8")).toBe(false);
    expect(inCidr("10.1.2.3", "10.1.0.0/16")).toBe(true);
    expect(inCidr("::1", "::1/128")).toBe(true);
    expect(inCidr("::2", "::1/128")).toBe(false);
    expect(inCidr("fd00::1", "fd00::/8")).toBe(true);
    expect(inCidr("::ffff:127.0.0.1", "::ffff:0:0/96")).toBe(true);
    expect(inCidr("127.0.0.1", "::1/128")).toBe(false);
  });

  test("the engine's IndexConfigs decide first, then its CIDRs against the host's addresses", async () => {
    const insecure = insecureRegistryMatcher(
      { InsecureRegistryCIDRs: ["127.0.0.0/8"], IndexConfigs: { "docker.io": { Secure: true }, "reg.lan:5000": { Secure: false } } },
      (host) => Promise.resolve(host === "localhost" ? ["127.0.0.1"] : host === "gone.example" ? Promise.reject(new Error("ENOTFOUND")) : ["203.0.113.7"]),
    );
    await expect(insecure("reg.lan:5000")).resolves.toBe(true);
    await expect(insecure("docker.io")).resolves.toBe(false);
    await expect(insecure("localhost:5000")).resolves.toBe(true);
    await expect(insecure("ghcr.io")).resolves.toBe(false);
    await expect(insecure("gone.example")).resolves.toBe(false);
  });

  test("challenges", () => {
    expect(parseChallenge('Basic realm="Registry Realm"')).toEqual({ scheme: "basic", realm: "Registry Realm", service: undefined });
    expect(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/x:pull"')).toEqual({
      scheme: "bearer",
      realm: "https://auth.docker.io/token",
      service: "registry.docker.io",
    });
    expect(parseChallenge("Negotiate abc")).toBeUndefined();
    expect(parseChallenge(undefined)).toBeUndefined();
  });
});
