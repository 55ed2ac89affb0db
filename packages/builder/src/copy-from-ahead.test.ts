import { describe, expect, test } from "vitest";
import { ContainerBeforeCommit, mountsInto, readableBeforeCommit } from "./copy-from-ahead.js";

describe("readableBeforeCommit: the paths of a stopped container that read as its commit's image", () => {
  test.each([
    ["/a", true],
    ["/usr/bin", true],
    ["/etc/passwd", true],
    ["/etc/ssl/certs", true],
    ["/devices", true],
    ["/etc/hosts.allow", true],
    ["/", false],
    ["/etc", false],
    ["/etc/hosts", false],
    ["/etc/hostname", false],
    ["/etc/resolv.conf", false],
    ["/etc/mtab", false],
    ["/.dockerenv", false],
    ["/dev", false],
    ["/dev/shm/x", false],
    ["/proc/self", false],
    ["/sys", false],
  ])("%s: %s", (path, readable) => {
    expect(readableBeforeCommit(path)).toBe(readable);
  });
});

describe("ContainerBeforeCommit", () => {
  test("a read starts only before the commit ends; the commit's end waits for the reads under way and names the image", async () => {
    const container = new ContainerBeforeCommit("c1");
    let finish: () => void = () => undefined;
    const reading = container.read((id) => new Promise<string>((resolve) => (finish = () => { resolve(id); })));
    let ended = false;
    const committed = container.committed({ image: "sha256:1" }).then(() => (ended = true));
    // Once the commit ended, no read starts: the caller reads the image instead.
    expect(container.read(() => Promise.resolve("late"))).toBeUndefined();
    await expect(container.image).resolves.toBe("sha256:1");
    await Promise.resolve();
    expect(ended).toBe(false);
    finish();
    await committed;
    await expect(reading).resolves.toBe("c1");
  });

  test("work kept after a read (recording its digests) holds the container too, and a failed read does not fail the commit's end", async () => {
    const container = new ContainerBeforeCommit("c1");
    const failed = container.read(() => Promise.reject(new Error("gone")));
    await expect(failed).rejects.toThrow("gone");
    let recorded = false;
    container.keep(container.image.then(() => (recorded = true)));
    await container.committed({ image: "sha256:2" });
    expect(recorded).toBe(true);
  });

  test("a failed commit rejects the image", async () => {
    const container = new ContainerBeforeCommit("c1");
    await container.committed({ error: new Error("no space") });
    await expect(container.image).rejects.toThrow("no space");
  });
});

describe("mountsInto: a container whose paths may read a mount instead of its layers", () => {
  test.each([
    [{ Image: "i" }, false],
    [{ Image: "i", HostConfig: { Mounts: null, Binds: [], Tmpfs: {} }, Volumes: null }, false],
    [{ Image: "i", HostConfig: { Mounts: [{ Type: "volume" as const, Target: "/data" }] } }, true],
    [{ Image: "i", HostConfig: { Binds: ["/host:/in"] } }, true],
    [{ Image: "i", HostConfig: { Tmpfs: { "/t": "" } } }, true],
    [{ Image: "i", Volumes: { "/v": {} } }, true],
  ])("%j: %s", (body, mounts) => {
    expect(mountsInto(body)).toBe(mounts);
  });
});
