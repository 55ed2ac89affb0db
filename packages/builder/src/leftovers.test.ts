import { describe, expect, test } from "vitest";
import { currentOwner, ownerToken } from "./build-owner.js";
import { FakeEngine } from "./fake-engine.test-helper.js";
import { BASE, engineWithBase, fakeBuild } from "./build-harness.test-helper.js";
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
      await engine.volumes.create({ Name: `volume-${name}`, Labels: { [BUILD_LABEL]: `${build}-abcdef` } });
    }
    // A volume without the label: a user's.
    await engine.volumes.create({ Name: "data", Labels: {} });
    // Not ours at all: an older dfbuild's name, a user's container.
    await engine.containers.create({ Image: base, Cmd: ["true"] }, { name: "dfbuild-0123456789ab-1" });
    await engine.containers.create({ Image: base, Cmd: ["true"] }, { name: "web" });

    engine.calls.length = 0;
    const removed = await removeLeftovers(engine);
    expect(removed).toEqual({ containers: 1, volumes: 1 });
    // Two lists (images are not listed: no build makes an image with the label, and the engine
    // walks every image it has to answer), then the dead build's container and volume.
    expect(engine.calls.map((call) => call.method)).toEqual(["containers.list", "volumes.list", "containers.remove", "volumes.remove"]);
    expect(engine.liveContainers().map((container) => container.name).sort()).toEqual(
      [`dfbuild-${elsewhere}-abcdef-1`, `dfbuild-${live}-abcdef-1`, "dfbuild-0123456789ab-1", "web"].sort(),
    );
    expect([...engine.volumeStore.keys()].sort()).toEqual(["data", "volume-elsewhere", "volume-live"]);
    expect(await removeLeftovers(engine)).toEqual({ containers: 0, volumes: 0 });
  });

  test("one line of words", () => {
    expect(describeRemoved({ containers: 1, volumes: 0 })).toBe("1 container");
    expect(describeRemoved({ containers: 0, volumes: 2 })).toBe("2 volumes");
    expect(describeRemoved({ containers: 2, volumes: 1 })).toBe("2 containers and 1 volume");
  });
});

describe("the leftovers check of a build", () => {
  test("runs alongside the build: its steps do not wait for the engine's lists, and what it removed is said before the build ends", async () => {
    const engine = engineWithBase();
    const self = currentOwner();
    const dead = ownerToken({ ...self, pid: 4_999_999, start: "1" });
    await engine.volumes.create({ Name: "volume-dead", Labels: { [BUILD_LABEL]: `${dead}-abcdef` } });
    // The container list answers only once the build has tagged its image.
    let answer: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const list = engine.containers.list.bind(engine.containers);
    engine.containers.list = async (options) => {
      await held;
      return list(options);
    };
    const tag = engine.images.tag.bind(engine.images);
    engine.images.tag = async (name, options) => {
      await tag(name, options);
      answer();
    };
    const { error, events } = await fakeBuild(engine, `FROM ${BASE}\nENV A=1\nRUN true\n`, { tags: ["app:1"] });
    expect(error).toBeUndefined();
    const methods = engine.calls.map((call) => call.method);
    // Every step's calls, up to the tag, came before the container list was answered (the fake
    // engine records a call when it answers); the dead build's volume went after it.
    expect(methods.indexOf("containers.commit")).toBeGreaterThan(-1);
    expect(methods.indexOf("images.tag")).toBeLessThan(methods.indexOf("containers.list"));
    expect(methods.indexOf("containers.list")).toBeLessThan(methods.indexOf("volumes.remove"));
    expect(engine.volumeStore.has("volume-dead")).toBe(false);
    const types = events.map((event) => event.type);
    expect(types.indexOf("leftovers-removed")).toBeGreaterThan(types.lastIndexOf("step-done"));
    expect(types.indexOf("leftovers-removed")).toBeLessThan(types.indexOf("built"));
    expect(events.find((event) => event.type === "leftovers-removed")).toMatchObject({ containers: 0, volumes: 1, text: "Removed 1 volume left behind by builds that no longer run" });
  });
});
