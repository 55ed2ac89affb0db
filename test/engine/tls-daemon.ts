import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { Engine, type TlsFiles } from "@dfbuild/engine";

/** Certificates made for one test run: a CA with a server and a client certificate, and a rogue CA. */
export interface TestCertificates {
  dir: string;
  caFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  /** A CA that signed nothing the daemon trusts. */
  rogueCaFile: string;
  rogueClientCertFile: string;
  rogueClientKeyFile: string;
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
}

function makeCa(dir: string, name: string): void {
  openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", `${name}-key.pem`, "-out", `${name}.pem`, "-days", "2", "-subj", `/CN=dfbuild test ${name}`,
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
}

function makeLeaf(dir: string, name: string, ca: string, extensions: string): void {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", `${name}-key.pem`, "-out", `${name}.csr`, "-subj", `/CN=dfbuild test ${name}`);
  openssl(dir, "x509", "-req", "-in", `${name}.csr`, "-CA", `${ca}.pem`, "-CAkey", `${ca}-key.pem`,
    "-CAcreateserial", "-out", `${name}-cert.pem`, "-days", "2", "-extfile", `${name}.ext`);
}

export function makeCertificates(dir: string): TestCertificates {
  makeCa(dir, "ca");
  makeCa(dir, "rogue-ca");
  makeLeaf(dir, "server", "ca", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  makeLeaf(dir, "client", "ca", "extendedKeyUsage=clientAuth\n");
  makeLeaf(dir, "rogue-client", "rogue-ca", "extendedKeyUsage=clientAuth\n");
  return {
    dir,
    caFile: join(dir, "ca.pem"),
    serverCertFile: join(dir, "server-cert.pem"),
    serverKeyFile: join(dir, "server-key.pem"),
    clientCertFile: join(dir, "client-cert.pem"),
    clientKeyFile: join(dir, "client-key.pem"),
    rogueCaFile: join(dir, "rogue-ca.pem"),
    rogueClientCertFile: join(dir, "rogue-client-cert.pem"),
    rogueClientKeyFile: join(dir, "rogue-client-key.pem"),
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  return port;
}

/**
 * A second dockerd, listening only on tcp://127.0.0.1:<port> with --tlsverify, with its own data
 * root, exec root, pid file and containerd namespace, so it shares nothing with the main engine.
 */
export class TlsDaemon {
  readonly host: string;
  readonly certificates: TestCertificates;
  #process: ChildProcess;
  readonly #root: string;
  readonly #logFile: string;
  readonly #killOnExit: () => void;

  private constructor(root: string, port: number, certificates: TestCertificates) {
    this.#root = root;
    this.certificates = certificates;
    this.host = `tcp://127.0.0.1:${port}`;
    this.#logFile = join(root, "dockerd.log");
    this.#process = this.#spawn();
    // If the test process dies without running its hooks, the daemon must not outlive it.
    this.#killOnExit = () => this.#process.kill("SIGKILL");
    process.once("exit", this.#killOnExit);
  }

  #spawn(): ChildProcess {
    const { certificates, host } = this;
    const root = this.#root;
    const log = openSync(this.#logFile, "a");
    const child = spawn(
      "dockerd",
      [
        "--host", host,
        "--tlsverify",
        "--tlscacert", certificates.caFile,
        "--tlscert", certificates.serverCertFile,
        "--tlskey", certificates.serverKeyFile,
        "--data-root", join(root, "data"),
        "--exec-root", join(root, "exec"),
        "--pidfile", join(root, "docker.pid"),
        "--containerd-namespace", "dfbuild-tls-test",
        "--containerd-plugins-namespace", "dfbuild-tls-test-plugins",
        "--bridge=none", "--iptables=false", "--ip-masq=false",
      ],
      { stdio: ["ignore", log, log] },
    );
    closeSync(log);
    return child;
  }

  /** The daemon dies (SIGKILL): no clean-up, every connection dropped at once. */
  async crash(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.#process.once("exit", () => { resolve(); }));
    this.#process.kill("SIGKILL");
    await exited;
  }

  /**
   * What a killed daemon leaves running: its containers' shims (they outlive containerd by
   * design) and the containers' processes, found by the shim's containerd address, which is under
   * this daemon's own root, and the container's cgroup.
   */
  #reapCrashed(): void {
    const address = join(this.#root, "exec") + "/";
    for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      let argv: string[];
      try {
        argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      } catch {
        continue;
      }
      const after = (flag: string): string => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] ?? "" : "");
      if (!(argv[0] ?? "").includes("containerd-shim") || !after("-address").startsWith(address)) continue;
      const id = after("-id");
      for (const procs of [`/sys/fs/cgroup/pids/docker/${id}/cgroup.procs`, `/sys/fs/cgroup/docker/${id}/cgroup.procs`]) {
        let text = "";
        try {
          text = readFileSync(procs, "utf8");
        } catch {
          continue;
        }
        for (const line of text.split("\n").filter((entry) => entry !== "")) killQuietly(Number(line));
      }
      killQuietly(Number(pid));
    }
  }

  static async start(): Promise<TlsDaemon> {
    // Short: the exec root holds unix sockets, whose paths are limited to 108 bytes.
    const root = mkdtempSync("/tmp/dfbuild-tls-");
    let daemon: TlsDaemon | undefined;
    try {
      const certificates = makeCertificates(root);
      daemon = new TlsDaemon(root, await freePort(), certificates);
      await daemon.#waitUntilAnswering();
      return daemon;
    } catch (error) {
      if (daemon !== undefined) await daemon.stop();
      else rmSync(root, { recursive: true, force: true });
      throw error;
    }
  }

  /** Client TLS files: the right ones unless a test swaps some. */
  get goodTls(): TlsFiles {
    const { caFile, clientCertFile, clientKeyFile } = this.certificates;
    return { caFile, certFile: clientCertFile, keyFile: clientKeyFile };
  }

  async #waitUntilAnswering(): Promise<void> {
    const engine = new Engine({ host: this.host, tls: this.goodTls, env: {} });
    const deadline = Date.now() + 60_000;
    try {
      for (;;) {
        if (this.#process.exitCode !== null || this.#process.signalCode !== null) {
          throw new Error(`the TLS dockerd exited before answering; its log ends:\n${this.logTail()}`);
        }
        try {
          await engine.ping({ signal: AbortSignal.timeout(2_000) });
          return;
        } catch (error) {
          if (Date.now() > deadline) {
            throw new Error(`the TLS dockerd did not answer on ${this.host} within 60 s (last error: ${String(error)}); its log ends:\n${this.logTail()}`);
          }
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    } finally {
      await engine.close();
    }
  }

  logTail(lines = 20): string {
    try {
      return readFileSync(this.#logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
      return "(no log)";
    }
  }

  /** Stops the daemon (TERM, then KILL after 20 s) and removes everything it made. */
  async stop(): Promise<void> {
    process.removeListener("exit", this.#killOnExit);
    if (this.#process.signalCode === "SIGKILL") this.#reapCrashed();
    if (this.#process.exitCode === null && this.#process.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.#process.once("exit", () => { resolve(); }));
      this.#process.kill("SIGTERM");
      const timer = setTimeout(() => this.#process.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    }
    // A daemon that was killed leaves its data root bind-mounted on itself (dockerd makes it a
    // shared mount and undoes that only on a clean shutdown, moby `daemon/daemon_unix.go`
    // `setupDaemonRootPropagation`), and the next one on that root keeps it.
    const mounts = readFileSync("/proc/self/mountinfo", "utf8").split("\n").map((line) => line.split(" ")[4] ?? "");
    for (const mountpoint of mounts.filter((point) => point.startsWith(`${this.#root}/`)).sort().reverse()) {
      // Lazily: a process of a reaped container may still be on its way out.
      execFileSync("umount", ["--lazy", mountpoint], { stdio: "ignore" });
    }
    rmSync(this.#root, { recursive: true, force: true, maxRetries: 3 });
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Gone already.
  }
}
