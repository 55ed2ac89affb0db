/**
 * What each engine primitive a build step uses costs, measured against the engine of
 * scripts/engine.sh on its busybox image: the classic metadata step (create a never-started
 * container, commit it, remove it), the same image made as dfbuild makes it (one `POST
 * /images/load` of a config and manifest, no layer data), and the calls around them. Plain HTTP
 * over the engine's socket, nothing of dfbuild's in the path. Median of interleaved rounds. Also
 * ten metadata steps' images in one load, as dfbuild loads those of consecutive metadata steps.
 * Run: `pnpm --filter @dfbuild/bench bench:primitives` (BENCH_ROUNDS, default 15).
 */
import { createHash } from "node:crypto";
import { request } from "node:http";

const socketPath = (process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock").replace(/^unix:\/\//, "");
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const BASE = "dfbuild-test/busybox:latest";

function call(method: string, path: string, body?: Buffer | object, contentType = "application/json"): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    const req = request({ socketPath, method, path: `/v1.41${path}`, headers: data === undefined ? {} : { "Content-Type": contentType, "Content-Length": data.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) });
      });
    });
    req.on("error", reject);
    req.end(data);
  });
}

/** A ustar archive of regular files (enough for a docker-archive of configs and a manifest). */
function tarOf(files: Record<string, Buffer>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    const header = Buffer.alloc(512);
    header.write(name, 0, 100);
    header.write("0000644\0", 100);
    header.write("0000000\0", 108);
    header.write("0000000\0", 116);
    header.write(`${content.length.toString(8).padStart(11, "0")}\0`, 124);
    header.write("00000000000\0", 136);
    header.write("        ", 148);
    header.write("0", 156);
    header.write("ustar\x0000", 257);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
    blocks.push(header, content, Buffer.alloc((512 - (content.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** The stored config of an image, out of `docker save` (a ustar/GNU tar: walk the headers). */
async function storedConfig(id: string): Promise<Buffer> {
  const { body } = await call("GET", `/images/${id}/get`);
  for (let offset = 0; offset + 512 <= body.length; ) {
    const name = body.subarray(offset, offset + 100).toString("utf8").replace(/\0.*$/s, "");
    const size = parseInt(body.subarray(offset + 124, offset + 136).toString("utf8").replace(/\0.*$/s, "").trim() || "0", 8);
    if (name === `${id.slice(7)}.json`) return body.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`no config of ${id} in its export`);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function timed(run: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const base = JSON.parse((await call("GET", `/images/${BASE}/json`)).body.toString("utf8")) as { Id: string };
const parentRaw = await storedConfig(base.Id);
const parent = JSON.parse(parentRaw.toString("utf8")) as { history?: unknown[]; rootfs: { diff_ids: string[] }; config: Record<string, unknown> };
const made: string[] = [];
const nop = ["/bin/sh", "-c", "#(nop) ", "ENV BENCH=1"];

/**
 * `count` metadata steps' images, each the child of the one before, the first of the base, made
 * as dfbuild makes them: one `images/load` of their configs and a manifest naming each `Parent`
 * (dfbuild loads the images of consecutive metadata steps together).
 */
async function loadMetadataChain(count: number): Promise<void> {
  const layers = parent.rootfs.diff_ids.map((diffId) => `${diffId.slice(7)}/layer.tar`);
  const files: Record<string, Buffer> = { [`${base.Id.slice(7)}.json`]: parentRaw };
  const manifest: Record<string, unknown>[] = [{ Config: `${base.Id.slice(7)}.json`, RepoTags: null, Layers: layers }];
  let previous = { id: base.Id, history: parent.history ?? [] };
  const ids: string[] = [];
  for (let step = 0; step < count; step++) {
    const created = new Date().toISOString();
    const history = [...previous.history, { created, created_by: [...nop.slice(0, 3), `ENV BENCH=${String(step)}`].join(" "), empty_layer: true }];
    const config = Buffer.from(JSON.stringify({ ...parent, config: { ...parent.config, Env: [`BENCH=${String(step)}`] }, created, history }));
    const id = `sha256:${createHash("sha256").update(config).digest("hex")}`;
    files[`${id.slice(7)}.json`] = config;
    manifest.push({ Config: `${id.slice(7)}.json`, RepoTags: null, Layers: layers, Parent: previous.id });
    previous = { id, history };
    ids.push(id);
  }
  files["manifest.json"] = Buffer.from(JSON.stringify(manifest));
  const loaded = await call("POST", "/images/load?quiet=1", tarOf(files), "application/x-tar");
  if (loaded.status !== 200 || loaded.body.includes("errorDetail")) throw new Error(loaded.body.toString("utf8"));
  made.push(...ids);
}

const TEN_IN_ONE_LOAD = "metadata steps, dfbuild way: ten in one images/load, per step";
/** Primitives timed for several steps at once, reported per step. */
const stepsOf = new Map([[TEN_IN_ONE_LOAD, 10]]);

const primitives: Record<string, () => Promise<void>> = {
  "metadata step, classic way: create + commit + remove": async () => {
    const { body } = await call("POST", "/containers/create", { Image: base.Id, Cmd: nop, Env: ["BENCH=1"] });
    const { Id } = JSON.parse(body.toString("utf8")) as { Id: string };
    const commit = await call("POST", `/commit?container=${Id}&pause=0`, { Env: ["BENCH=1"] });
    made.push((JSON.parse(commit.body.toString("utf8")) as { Id: string }).Id);
    await call("DELETE", `/containers/${Id}?v=1&force=1`);
  },
  "metadata step, dfbuild way: one images/load of config + manifest": () => loadMetadataChain(1),
  [TEN_IN_ONE_LOAD]: () => loadMetadataChain(10),
  "create + remove (WORKDIR's directory check, without the stat)": async () => {
    const { body } = await call("POST", "/containers/create", { Image: base.Id, Cmd: nop, WorkingDir: "/" });
    const { Id } = JSON.parse(body.toString("utf8")) as { Id: string };
    await call("DELETE", `/containers/${Id}?v=1&force=1`);
  },
  "image inspect (a cache hit confirmed one by one)": async () => {
    await call("GET", `/images/${base.Id}/json`);
  },
  "image list, all (every cache hit of a build confirmed at once)": async () => {
    await call("GET", "/images/json?all=1");
  },
};

const times = new Map<string, number[]>(Object.keys(primitives).map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, run] of Object.entries(primitives)) times.get(name)?.push(await timed(run));
}
for (const image of made.reverse()) await call("DELETE", `/images/${image}?noprune=0`);

const classic = median(times.get("metadata step, classic way: create + commit + remove") ?? []);
console.log(`engine primitives, median of ${String(rounds)} interleaved rounds (ms):`);
for (const [name, values] of times) {
  const ms = median(values) / (stepsOf.get(name) ?? 1);
  console.log(`  ${name.padEnd(70)} ${ms.toFixed(1).padStart(8)}  (${(ms / classic).toFixed(2)}× the classic metadata step)`);
}
