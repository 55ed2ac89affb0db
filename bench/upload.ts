/**
 * Memory of a streamed upload (the numbers the engine tests do not assert): a 100 MiB tar sent to a
 * container with `putArchive`, in-process, sampling RSS and Node's buffers (external +
 * arrayBuffers) every 4 MiB after a forced GC, against the baseline before the upload. Buffering the
 * body would show ~100 MiB of buffers; streaming shows a few. Needs the engine of scripts/engine.sh.
 * Run: `pnpm --filter @dfbuild/bench bench:upload` (node --expose-gc).
 */
import { Engine } from "@dfbuild/engine";

const MIB = 1024 * 1024;
const FILE_SIZE = Number(process.env.BENCH_UPLOAD_MIB ?? 100) * MIB;
const CHUNK = 64 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc (the bench:upload script does)");

function tarHeader(name: string, size: number): Buffer {
  const header = Buffer.alloc(512);
  const field = (value: string, offset: number): void => void header.write(value, offset, "utf8");
  const octal = (value: number, width: number): string => `${value.toString(8).padStart(width - 1, "0")}\0`;
  field(name, 0);
  field(octal(0o644, 8), 100);
  field(octal(0, 8), 108);
  field(octal(0, 8), 116);
  field(octal(size, 12), 124);
  field(octal(0, 12), 136);
  field("        ", 148);
  field("0", 156);
  field("ustar\0", 257);
  field("00", 263);
  let sum = 0;
  for (const byte of header) sum += byte;
  field(octal(sum, 7), 148);
  return header;
}

const engine = new Engine({ host: "unix:///var/run/docker.sock", env: {} });
const { Id } = await engine.containers.create({ Image: "dfbuild-test/busybox:latest", Cmd: ["true"] });
try {
  gc();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakBuffers = baseline.external + baseline.arrayBuffers;
  let nextSample = 0;
  function* body(): Generator<Buffer> {
    yield tarHeader("big.bin", FILE_SIZE);
    for (let offset = 0; offset < FILE_SIZE; offset += CHUNK) {
      if (offset >= nextSample) {
        nextSample += 4 * MIB;
        gc?.();
        const usage = process.memoryUsage();
        peakRss = Math.max(peakRss, usage.rss);
        peakBuffers = Math.max(peakBuffers, usage.external + usage.arrayBuffers);
      }
      yield Buffer.alloc(Math.min(CHUNK, FILE_SIZE - offset), offset % 251);
    }
    yield Buffer.alloc(1024 + ((512 - (FILE_SIZE % 512)) % 512));
  }
  const started = performance.now();
  await engine.containers.putArchive(Id, "/tmp", body());
  const seconds = (performance.now() - started) / 1000;
  const mib = (bytes: number): string => (bytes / MIB).toFixed(1);
  console.log(`upload of ${mib(FILE_SIZE)} MiB (putArchive, in-process): ${seconds.toFixed(2)} s`);
  console.log(`  peak RSS growth      ${mib(peakRss - baseline.rss)} MiB`);
  console.log(`  peak buffers growth  ${mib(peakBuffers - baseline.external - baseline.arrayBuffers)} MiB`);
} finally {
  await engine.containers.remove(Id, { force: true, volumes: true });
  await engine.close();
}
