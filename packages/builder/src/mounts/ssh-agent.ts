/**
 * `RUN --mount=type=ssh` on an engine that runs on this machine: the client's SSH agent socket,
 * reached through a forwarding socket dfbuild makes for the step, with the mount's mode and
 * owner (BuildKit `session/sshforward`: the agent stays on the client; the build sees a socket).
 * `--ssh default` is `$SSH_AUTH_SOCK`; `--ssh ID=SOCKET` names another agent.
 */
import { chmod, chown, mkdtemp, rm, stat } from "node:fs/promises";
import { type Server, type Socket, connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One `--ssh` of the command line. */
export interface SshSource {
  id: string;
  /** The agent's socket. */
  socket: string;
}

export class SshSpecError extends Error {
  override readonly name = "SshSpecError";
  readonly code = "DFB_SSH_SPEC";
}

/**
 * Parses `default`, `ID`, `ID=SOCKET` (buildx `ParseSSH`); an id without a path uses
 * `$SSH_AUTH_SOCK`. Key files (which BuildKit loads into an agent of its own) are refused: give
 * the agent that holds the key.
 */
export async function parseSshSpec(text: string, env: Readonly<Record<string, string | undefined>>): Promise<SshSource> {
  const equals = text.indexOf("=");
  const id = equals === -1 ? text : text.slice(0, equals);
  const paths = equals === -1 ? [] : text.slice(equals + 1).split(",").filter((path) => path !== "");
  if (id === "") throw new SshSpecError(`--ssh "${text}" has no id (write default or ID=SOCKET)`);
  if (paths.length > 1) throw new SshSpecError(`--ssh ${id}: one agent socket per id (got ${String(paths.length)} paths)`);
  const socket = paths[0] ?? env.SSH_AUTH_SOCK;
  if (socket === undefined || socket === "") {
    throw new SshSpecError(`--ssh ${id}: invalid empty ssh agent socket: make sure SSH_AUTH_SOCK is set, or give ${id}=SOCKET`);
  }
  const info = await stat(socket).catch((error: unknown) => {
    throw new SshSpecError(`--ssh ${id}: cannot use ${socket}: ${(error as Error).message}`);
  });
  if (!info.isSocket()) {
    throw new SshSpecError(`--ssh ${id}: ${socket} is not an agent socket (dfbuild forwards agents only: add the key to an ssh-agent with ssh-add)`);
  }
  return { id, socket };
}

/** A socket in a private directory that forwards every connection to an agent. */
export interface ForwardedAgent {
  /** The forwarding socket's path, to bind-mount into the step's container. */
  path: string;
  close: () => Promise<void>;
}

export async function forwardAgent(agent: string, ownership: { mode: number; uid: number; gid: number }): Promise<ForwardedAgent> {
  const directory = await mkdtemp(join(tmpdir(), "dfbuild-ssh-"));
  const path = join(directory, "agent.sock");
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(agent);
    sockets.add(client).add(upstream);
    const drop = (socket: Socket) => () => {
      sockets.delete(socket);
    };
    client.on("close", drop(client));
    upstream.on("close", drop(upstream));
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  const close = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    await rm(directory, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(path, resolve);
    });
    await chmod(path, ownership.mode);
    // Only root may give the socket away. Run as another user, dfbuild keeps it as its own: a step
    // running as root (the usual case) can still use it.
    if (process.getuid?.() === 0) await chown(path, ownership.uid, ownership.gid);
  } catch (error) {
    await close();
    throw error;
  }
  return { path, close };
}
