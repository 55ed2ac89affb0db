import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { forwardAgent, parseSshSpec } from "./ssh-agent.js";

async function withDirectory<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "dfbuild-ssh-unit-"));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("--ssh", () => {
  test("default is $SSH_AUTH_SOCK; ID=SOCKET names another agent; key files and missing sockets are refused", async () => {
    await withDirectory(async (dir) => {
      const socket = join(dir, "agent.sock");
      const server = createServer(() => undefined);
      await new Promise<void>((resolve) => server.listen(socket, resolve));
      try {
        expect(await parseSshSpec("default", { SSH_AUTH_SOCK: socket })).toEqual({ id: "default", socket });
        expect(await parseSshSpec(`deploy=${socket}`, {})).toEqual({ id: "deploy", socket });
        await expect(parseSshSpec("default", {})).rejects.toThrow("--ssh default: invalid empty ssh agent socket: make sure SSH_AUTH_SOCK is set, or give default=SOCKET");
        await writeFile(join(dir, "id_ed25519"), "key");
        await expect(parseSshSpec(`default=${join(dir, "id_ed25519")}`, {})).rejects.toThrow(/is not an agent socket \(dfbuild forwards agents only/);
        await expect(parseSshSpec(`x=${join(dir, "nope")}`, {})).rejects.toThrow(/^--ssh x: cannot use .*nope: ENOENT/);
      } finally {
        server.close();
      }
    });
  });

  test("the forwarding socket passes bytes both ways, has the mount's mode, and is gone once closed", async () => {
    await withDirectory(async (dir) => {
      const agentPath = join(dir, "agent.sock");
      // An "agent" that answers every request with its reverse.
      const agent = createServer((socket) => socket.on("data", (data: Buffer) => socket.write(Buffer.from(data).reverse())));
      await new Promise<void>((resolve) => agent.listen(agentPath, resolve));
      try {
        const forwarded = await forwardAgent(agentPath, { mode: 0o600, uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 });
        expect(((await stat(forwarded.path)).mode & 0o777).toString(8)).toBe("600");
        const answer = await new Promise<string>((resolve, reject) => {
          const client = connect(forwarded.path, () => client.write("ping"));
          client.once("data", (data: Buffer) => {
            resolve(data.toString());
            client.destroy();
          });
          client.once("error", reject);
        });
        expect(answer).toBe("gnip");
        await forwarded.close();
        await expect(stat(forwarded.path)).rejects.toThrow(/ENOENT/);
      } finally {
        agent.close();
      }
    });
  });
});
