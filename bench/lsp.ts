/**
 * Language server benchmarks, side by side in one run, each server spawned and driven over stdio
 * as an editor drives it (JSON-RPC through vscode-languageserver-protocol's node client):
 *  1. first diagnostics: from spawning the server to the first publishDiagnostics for a small
 *     Dockerfile opened right after `initialize`, against a bare `node -e 0` (spawn to exit);
 *  2. one edit to a 2,000-line Dockerfile: from sending `didChange` (one character typed in a RUN
 *     in the middle of the file) to the diagnostics of that version; median and p95 of many edits,
 *     and the server process's CPU time per edit (user + system from /proc, which other lanes'
 *     load inflates far less than wall time);
 *  3. the same edits in process, dfbuild's library only: what the server does per edit (`reparse`
 *     from the previous version, which rebuilds only what follows the edit, and a lint with the
 *     `LintCache` an editor keeps) against parse + a full lint, interleaved.
 * The peer is dockerfile-language-server-nodejs (`docker-langserver --stdio`, dockerfile-utils'
 * validator), the server most editors use for Dockerfiles. dfbuild runs the parser and every rule
 * (shell-aware ones included) on each version, with fixes; the peer runs its own validator.
 * Printed, never asserted. `BENCH_LSP_STARTS` and `BENCH_LSP_EDITS` set the counts.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { LintCache, RuleRegistry, defaultConfig, lintText } from "@dfbuild/linter";
import { type PreviousParse, parse, reparse } from "@dfbuild/parser";
import { rules } from "@dfbuild/rules";
import {
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from "vscode-languageserver-protocol/node";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const repo = resolve(here, "..");
const starts = Number(process.env.BENCH_LSP_STARTS ?? 11);
const edits = Number(process.env.BENCH_LSP_EDITS ?? 101);

interface Server {
  name: string;
  command: readonly string[];
}

const servers: Server[] = [
  { name: "dfbuild lsp --stdio", command: [join(repo, "packages", "cli", "bin", "dfbuild.cjs"), "lsp", "--stdio"] },
  { name: "docker-langserver --stdio", command: [require.resolve("dockerfile-language-server-nodejs/bin/docker-langserver"), "--stdio"] },
];

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const percentile = (values: readonly number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0;
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** A 2,000-line Dockerfile: 40 stages of 50 lines, each with ARG/ENV, multi-line RUNs, COPY --from, LABELs. */
export function bigDockerfile(): string {
  const lines = ["# syntax=docker/dockerfile:1", "ARG BASE=debian:12.5"];
  for (let stage = 0; lines.length < 2000; stage++) {
    lines.push(
      "",
      `FROM \${BASE} AS stage${String(stage)}`,
      "ARG VERSION=1.2.3",
      `ENV APP_HOME=/opt/app${String(stage)} \\`,
      "    PATH=/opt/app/bin:$PATH",
      "WORKDIR $APP_HOME",
      "RUN apt-get update \\",
      "    && apt-get install -y --no-install-recommends \\",
      "        ca-certificates=20230311 \\",
      "        curl=7.88.1-10 \\",
      "        git=1:2.39.2-1.1 \\",
      "    && rm -rf /var/lib/apt/lists/*",
      ...(stage > 0 ? [`COPY --from=stage${String(stage - 1)} /opt/app${String(stage - 1)} /opt/prev`] : ["COPY . /src"]),
      'RUN set -eux; \\',
      '    for f in /src/*.sh; do \\',
      '        sh -n "$f"; \\',
      "    done; \\",
      '    echo "built $VERSION" > /opt/version',
      "COPY --chown=1000:1000 config/ /etc/app/",
      "RUN useradd --no-log-init -r -u 1000 app \\",
      "    && mkdir -p /var/log/app \\",
      "    && chown app /var/log/app",
      'LABEL org.opencontainers.image.title="stage" \\',
      '      org.opencontainers.image.version="${VERSION}"',
      "EXPOSE 8080/tcp",
      "USER app",
      'HEALTHCHECK --interval=30s --timeout=3s CMD ["curl", "-f", "http://localhost:8080/"]',
      "RUN curl -fsSL https://example.com/install.sh -o /tmp/install.sh \\",
      "    && sh /tmp/install.sh \\",
      "    && rm /tmp/install.sh",
      "ENV LOG_LEVEL=info",
      "RUN echo $LOG_LEVEL > /etc/app/level",
      "VOLUME /var/log/app",
      "COPY --from=busybox:1.36 /bin/busybox /usr/local/bin/busybox",
      "RUN [\"/usr/local/bin/busybox\", \"--install\", \"-s\"]",
      "ARG COMMIT",
      'LABEL org.opencontainers.image.revision="${COMMIT}"',
      "RUN cd /opt && tar -xzf /opt/prev/archive.tgz || true",
      "STOPSIGNAL SIGTERM",
      "RUN sed -i 's/a/b/' /etc/app/app.conf",
      "WORKDIR /opt",
      "RUN ls -la \\",
      "    /opt",
      "ENV MODE=production",
      'CMD ["app", "--serve"]',
      'ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]',
      "# end of stage",
      "RUN true",
    );
  }
  return `${lines.slice(0, 2000).join("\n")}\n`;
}

class Session {
  readonly connection: ProtocolConnection;
  readonly #waiters: { test: (params: PublishDiagnosticsParams) => boolean; resolve: (at: number) => void }[] = [];
  readonly exited: Promise<void>;

  constructor(readonly child: ChildProcess) {
    if (!child.stdout || !child.stdin) throw new Error("stdio not piped");
    this.exited = new Promise((done) => child.once("exit", () => { done(); }));
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const at = performance.now();
      const index = this.#waiters.findIndex((waiter) => waiter.test(params));
      if (index >= 0) this.#waiters.splice(index, 1)[0]?.resolve(at);
    });
    // What servers ask an editor: no settings, registrations and progress accepted.
    this.connection.onRequest("workspace/configuration", (params: { items: unknown[] }) => params.items.map(() => null));
    this.connection.onRequest("client/registerCapability", () => null);
    this.connection.onRequest("window/workDoneProgress/create", () => null);
    this.connection.listen();
  }

  /** When the next diagnostics for `uri` (of `version`, when the server sends versions) arrive. */
  next(uri: string, version?: number): Promise<number> {
    return new Promise((resolveWaiter) => {
      this.#waiters.push({ test: (params) => params.uri === uri && (version === undefined || params.version === undefined || params.version === version), resolve: resolveWaiter });
    });
  }

  async initialize(root: string): Promise<void> {
    await this.connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: null,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } }, workspace: { configuration: true } },
    });
    await this.connection.sendNotification("initialized", {});
  }

  async open(uri: string, text: string): Promise<number> {
    const arrived = this.next(uri, 1);
    await this.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "dockerfile", version: 1, text } });
    return arrived;
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest("shutdown");
    await this.connection.sendNotification("exit");
    await this.exited;
    this.connection.dispose();
  }
}

function start(server: Server): Session {
  return new Session(spawn(process.execPath, [...server.command], { stdio: ["pipe", "pipe", "ignore"], cwd: repo }));
}

function bareNode(): Promise<number> {
  const begin = performance.now();
  return new Promise((done) => {
    spawn(process.execPath, ["-e", "0"], { stdio: "ignore" }).once("exit", () => { done(performance.now() - begin); });
  });
}

const small = "FROM debian:12.5\nRUN apt-get update && apt-get install -y curl\nCMD [\"curl\"]\n";

async function firstDiagnostics(server: Server): Promise<number> {
  const begin = performance.now();
  const session = start(server);
  await session.initialize(repo);
  const arrived = await session.open(pathToFileURL(join(repo, "Dockerfile.bench")).href, small);
  await session.stop();
  return arrived - begin;
}

/** A process's CPU time (user + system) in ms, from /proc; null where there is no /proc. */
function cpuTime(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the command name: state is field 3, utime 14, stime 15 (proc(5)), in clock ticks (USER_HZ, 100 on Linux).
    const fields = readFileSync(`/proc/${String(pid)}/stat`, "utf8").replace(/^.*\) /s, "").split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Types and deletes one character in the middle of a RUN, alternately, each edit a new version. */
async function editLatencies(server: Server, text: string): Promise<{ times: number[]; cpuPerEdit: number | null }> {
  const session = start(server);
  await session.initialize(repo);
  const uri = pathToFileURL(join(repo, "Dockerfile.big")).href;
  await session.open(uri, text);
  const lines = text.split("\n");
  const line = lines.findIndex((each, index) => index > 1000 && each.startsWith("RUN echo"));
  const character = "RUN echo".length;
  const times: number[] = [];
  let cpuBefore: number | null = null;
  for (let version = 2; version < edits + 2; version++) {
    // The first edit warms the server up: CPU is counted from the second on, as the times are.
    if (version === 3) cpuBefore = cpuTime(session.child.pid);
    const typing = version % 2 === 0;
    const range = { start: { line, character }, end: { line, character: typing ? character : character + 1 } };
    const arrived = session.next(uri, version);
    const sent = performance.now();
    await session.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ range, text: typing ? "x" : "" }] });
    times.push((await arrived) - sent);
    // An editor's user pauses between keystrokes.
    await new Promise((done) => setTimeout(done, 20));
  }
  const cpuAfter = cpuTime(session.child.pid);
  await session.stop();
  return { times: times.slice(1), cpuPerEdit: cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / (edits - 1) };
}

/** The same edits in process: reparse + lint with a LintCache, and parse + a full lint, interleaved (CPU and wall, ms). */
function libraryEdits(text: string): { incremental: { cpu: number[]; wall: number[] }; full: { cpu: number[]; wall: number[] } } {
  const registry = new RuleRegistry(rules);
  const config = defaultConfig();
  const cache = new LintCache();
  const at = text.indexOf("\nRUN echo", text.length / 2) + "\nRUN echo".length;
  const result = { incremental: { cpu: [] as number[], wall: [] as number[] }, full: { cpu: [] as number[], wall: [] as number[] } };
  const measure = (into: { cpu: number[]; wall: number[] }, run: () => void) => {
    const cpu = process.cpuUsage();
    const begin = performance.now();
    run();
    into.wall.push(performance.now() - begin);
    const used = process.cpuUsage(cpu);
    into.cpu.push((used.user + used.system) / 1000);
  };
  let current = text;
  let previous: PreviousParse = { text, parsed: parse(text) };
  lintText(current, { registry, config, cache, parsed: previous.parsed });
  for (let edit = 0; edit < edits; edit++) {
    current = edit % 2 === 0 ? `${current.slice(0, at)}x${current.slice(at)}` : current.slice(0, at) + current.slice(at + 1);
    const version = current;
    measure(result.incremental, () => {
      const parsed = reparse(version, previous);
      previous = { text: version, parsed };
      lintText(version, { registry, config, cache, parsed });
    });
    measure(result.full, () => { lintText(version, { registry, config }); });
  }
  return result;
}

const text = bigDockerfile();
const node: number[] = [];
const first: Record<string, number[]> = Object.fromEntries(servers.map((server) => [server.name, []]));
for (let round = -1; round < starts; round++) {
  const bare = await bareNode();
  if (round >= 0) node.push(bare);
  for (const server of servers) {
    const took = await firstDiagnostics(server);
    if (round >= 0) first[server.name]?.push(took);
  }
}
console.log(`First diagnostics after spawn + initialize (small Dockerfile), median of ${String(starts)} interleaved runs:`);
console.log(`  node -e 0 (spawn to exit)        ${ms(median(node))}`);
// Every Node process here, node -e 0 included, parses these certificates before running any code
// (https://nodejs.org/api/cli.html#node_extra_ca_certsfile); bench/lint.ts's cold start shows both.
if (process.env.NODE_EXTRA_CA_CERTS) console.log("  (NODE_EXTRA_CA_CERTS is set: its start-up cost is in every line, node -e 0 too)");
for (const server of servers) {
  const value = median(first[server.name] ?? []);
  console.log(`  ${server.name.padEnd(32)} ${ms(value)}  (${(value / median(node)).toFixed(2)}× node -e 0)`);
}
console.log(`\nDiagnostics after one edit to a ${String(text.split("\n").length - 1)}-line Dockerfile (didChange → publishDiagnostics), ${String(edits - 1)} edits:`);
for (const server of servers) {
  const { times, cpuPerEdit } = await editLatencies(server, text);
  const cpu = cpuPerEdit === null ? "" : `, server CPU ${ms(cpuPerEdit)} per edit (mean)`;
  console.log(`  ${server.name.padEnd(32)} median ${ms(median(times))}, p95 ${ms(percentile(times, 0.95))}${cpu}`);
}
const library = libraryEdits(text);
console.log(`\nThe same edits in process (dfbuild's library), ${String(edits)} edits interleaved, median CPU / wall:`);
console.log(`  reparse + lint with a LintCache    ${ms(median(library.incremental.cpu))} / ${ms(median(library.incremental.wall))}`);
console.log(`  parse + full lint                  ${ms(median(library.full.cpu))} / ${ms(median(library.full.wall))}`);
console.log(`(load average ${loadavg().map((value) => value.toFixed(1)).join(", ")})`);
