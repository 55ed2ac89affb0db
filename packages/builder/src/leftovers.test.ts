import { describe, expect, test } from "vitest";
import { currentOwner, ownerToken } from "./build-owner.js";
import { FakeEngine } from "./fake-engine.test-helper.js";
import { BUILD_LABEL } from "./containers.js";
import { describeRemoved, removeLeftovers } from "./leftovers.js";

describe("removing what dead builds left", () => {
  test("only the objects of processes known to be gone", async () => {
    const engine = new FakeEngine();
    const base = engine.addImage("base", { config: { Cmd: ["sh"] } });
    const self = currentOwner();
    // A PID of this machine that no process has (above the kernel's pid_max).
    const dead = ownerToken({ ...self, pid: 4_999_999, start: "1" });
    const live = ownerToken(self);
    const elsewhere = ownerToken({ ...self, boot: self.boot === "00000000" ? "11111111" : "00000000", pid: 4_999_999 });
    for (const [name, build] of [["dead", dead], ["live", live], ["elsewhere", elsewhere]] as const) {
      await engine.containers.create({ Image: base, Cmd: ["true"] }, { name: `dfbuild-${build}-abcdef-1` });
      engine.addImage(`temporary-${name}`, { config: { Labels: { [BUILD_LABEL]: `${build}-abcdef` } } });
    }
    // Not ours at all: an older dfbuild's name, a user's container.
    await engine.containers.create({ Image: base, Cmd: ["true"] }, { name: "dfbuild-0123456789ab-1" });
    await engine.containers.create({ Image: base, Cmd: ["true"] }, { name: "web" });

    const removed = await removeLeftovers(engine);
    expect(removed).toEqual({ containers: 1, volumes: 0, images: 1 });
    expect(engine.liveContainers().map((container) => container.name).sort()).toEqual(
      [`dfbuild-${elsewhere}-abcdef-1`, `dfbuild-${live}-abcdef-1`, "dfbuild-0123456789ab-1", "web"].sort(),
    );
    expect(engine.image("temporary-dead")).toBeUndefined();
    expect(engine.image("temporary-live")).toBeDefined();
    expect(engine.image("temporary-elsewhere")).toBeDefined();
    expect(await removeLeftovers(engine)).toEqual({ containers: 0, volumes: 0, images: 0 });
  });

  test("one line of words", () => {
    expect(describeRemoved({ containers: 1, volumes: 0, images: 0 })).toBe("1 container");
    expect(describeRemoved({ containers: 2, volumes: 1, images: 0 })).toBe("2 containers and 1 volume");
    expect(describeRemoved({ containers: 2, volumes: 3, images: 1 })).toBe("2 containers, 3 volumes and 1 temporary image");
  });
});
