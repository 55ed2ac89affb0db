// scratch profiler (not committed)
import { Engine } from "@dfbuild/engine";
import { build } from "./dist/index.js";
import { readFileSync } from "node:fs";
const [ctx, dfPath, fold] = process.argv.slice(2);
const engine = new Engine({ host: "unix:///var/run/docker.sock" });
const calls = [];
const t0 = performance.now();
function wrap(obj, prefix) {
  return new Proxy(obj, {
    get(target, prop, recv) {
      const v = Reflect.get(target, prop, recv);
      if (typeof v !== "function") return v;
      return (...args) => {
        const start = performance.now();
        const r = v.apply(target, args);
        const name = `${prefix}.${String(prop)}`;
        if (r && typeof r.then === "function") return r.then((x) => { calls.push({ name, start: start - t0, ms: performance.now() - start }); return x; }, (e) => { calls.push({ name: name + "!", start: start - t0, ms: performance.now() - start }); throw e; });
        if (r && typeof r[Symbol.asyncIterator] === "function") return (async function* () { for await (const x of r) yield x; calls.push({ name, start: start - t0, ms: performance.now() - start }); })();
        return r;
      };
    },
  });
}
const e = { host: engine.host, containers: wrap(engine.containers, "c"), images: wrap(engine.images, "i"), volumes: wrap(engine.volumes, "v"), info: engine.info.bind(engine), version: engine.version.bind(engine), registryAuth: engine.registryAuth.bind(engine) };
const steps = [];
const r = await build({ engine: e, context: ctx, dockerfile: { name: "Dockerfile", text: readFileSync(dfPath, "utf8") }, noCache: true, foldMetadata: fold === "1", cacheDir: "/tmp/bcprof/cache", onEvent: (ev) => { if (ev.type === "step" || ev.type==="step-done") steps.push(`${(performance.now() - t0).toFixed(0)} ${ev.type} ${"instruction" in ev ? ev.instruction : ""} ${"stage" in ev ? ev.stage : ""}`); } });
console.log("total", (performance.now() - t0).toFixed(0), r.imageId);
for (const c of calls.sort((a, b) => a.start - b.start)) console.log(c.start.toFixed(0).padStart(6), c.ms.toFixed(0).padStart(5), c.name);
console.log(steps.join("\n"));
const sum = new Map();
for (const c of calls) { const s = sum.get(c.name) ?? [0, 0]; s[0]++; s[1] += c.ms; sum.set(c.name, s); }
for (const [k, [n, ms]] of sum) console.log(k, n, ms.toFixed(0));
