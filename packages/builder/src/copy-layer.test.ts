/**
 * COPY steps whose layers the builder builds itself (copy.ts `copyLayer`, step.ts `imageFromLayer`)
 * on the fake engine: no container, upload or commit for them, their images loaded with the
 * stage's other pending images; the copies that cannot be built that way take a container as
 * before. Orders are shown by what waits for what, never by the clock.
 */
import type { ContainerCreateBody } from "@dfbuild/engine";
import { describe, expect, test } from "vitest";
import { BASE, fakeBuild } from "./build-harness.test-helper.js";
import { FakeEngine } from "./fake-engine.test-helper.js";
import { packEntries } from "./tar.js";

/** A tar of text files, as a context's archive. */
async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const entries = Object.entries(files).map(([name, text]) => {
    const content = Buffer.from(text);
    return { name, entry: { path: name, type: "file" as const, mode: 0o644, uid: 0, gid: 0, size: content.length, mtime: new Date(0), content: () => content } };
  });
  const chunks: Buffer[] = [];
  for await (const chunk of packEntries(entries)) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** An engine whose base image's ID is its config's digest, so that images can be made from configs. */
function engineWithConfigs(): FakeEngine {
  const engine = new FakeEngine();
  engine.contentAddressedCommits = true;
  engine.addImage(BASE, { config: { Env: ["PATH=/usr/bin:/bin"], Cmd: ["sh"] }, files: { "/etc/passwd": "root:x:0:0::/root:/bin/sh\n" }, contentAddressed: true });
  return engine;
}

/** Calls `made` when the build makes the container it asks what the image's paths are. */
function onProbe(engine: FakeEngine, made: () => void): void {
  const create = engine.containers.create.bind(engine.containers);
  engine.containers.create = (body: ContainerCreateBody, options) => {
    if (body.Entrypoint?.[0] === "/dfbuild-path-probe") made();
    return create(body, options);
  };
}

describe("COPY layers built here", () => {
  test("the stage copying from two others readies its probe while their RUNs run; both COPY images go to the engine in one load, with no container of their own", { timeout: 15_000 }, async () => {
    const engine = engineWithConfigs();
    engine.onRun = (run) => {
      const name = /write (\w+)/.exec(run.argv.at(-1) ?? "")?.[1];
      if (name !== undefined) run.writeFile(`/${name}`, name);
      return 0;
    };
    // The RUNs end only once the probe is made: made after them, the build would wait for ever.
    let probeMade: () => void = () => undefined;
    const probe = new Promise<void>((resolve) => (probeMade = resolve));
    onProbe(engine, probeMade);
    engine.runsUntil = () => probe;
    const dockerfile = [`FROM ${BASE} AS a`, "RUN write a", `FROM ${BASE} AS b`, "RUN write b", `FROM ${BASE}`, "COPY --from=a /a /a", "COPY --from=b /b /b", ""].join("\n");
    const { error, image } = await fakeBuild(engine, dockerfile, { noCache: true });
    expect(error).toBeUndefined();
    expect(image?.fs.get("/a")?.content?.toString()).toBe("a");
    expect(image?.fs.get("/b")?.content?.toString()).toBe("b");
    // Two commits (the RUNs), no upload; the two layers loaded together.
    expect(engine.callsOf("containers.commit")).toHaveLength(2);
    expect(engine.callsOf("containers.putArchive")).toHaveLength(0);
    expect(engine.callsOf("images.load.layer")).toHaveLength(2);
    const base = engine.image(BASE);
    // The final image: the base's layers and two more, one history entry per COPY, the chain linked.
    expect(image?.layers).toHaveLength((base?.layers.length ?? 0) + 2);
    expect(image?.history.slice(-2).map((entry) => [entry.created_by.replace(/file:[0-9a-f]+/, "file:…"), entry.empty_layer])).toEqual([
      ["/bin/sh -c #(nop) COPY file:… in /a ", undefined],
      ["/bin/sh -c #(nop) COPY file:… in /b ", undefined],
    ]);
    expect(engine.image(image?.parent ?? "")?.parent).toBe(base?.id);
    expect(engine.containerStore.size).toBe(0);
  });

  test("after a RUN, the COPY's paths are asked of the RUN's own container, committed and stopped: no probe container is made", async () => {
    const engine = engineWithConfigs();
    engine.onRun = (run) => {
      run.writeFile("/ran", "yes");
      return 0;
    };
    let probes = 0;
    onProbe(engine, () => probes++);
    const { error, image } = await fakeBuild(engine, [`FROM ${BASE}`, "RUN write", "COPY a.txt /dst/", ""].join("\n"), { noCache: true, files: { "a.txt": "a\n" } });
    expect(error).toBeUndefined();
    expect(probes).toBe(0);
    const runContainer = engine.callsOf("containers.commit")[0]?.[0];
    expect(engine.callsOf("containers.statPath").map(([container, path]) => [container, path])).toEqual([[runContainer, "/dst"]]);
    expect(engine.callsOf("images.load.layer")).toHaveLength(1);
    expect(image?.fs.get("/ran")?.content?.toString()).toBe("yes");
    expect(image?.fs.get("/dst/a.txt")?.content?.toString()).toBe("a\n");
    expect(engine.containerStore.size).toBe(0);
  });

  test("after a RUN with a mount, whose container reads the mount, the COPY's paths are asked of a probe container of the committed image", async () => {
    const engine = engineWithConfigs();
    let probes = 0;
    onProbe(engine, () => probes++);
    const dockerfile = [`FROM ${BASE}`, "RUN --mount=type=tmpfs,target=/dst true", "COPY a.txt /dst/", ""].join("\n");
    const { error, image } = await fakeBuild(engine, dockerfile, { noCache: true, files: { "a.txt": "a\n" } });
    expect(error).toBeUndefined();
    expect(probes).toBe(1);
    const runContainer = engine.callsOf("containers.commit")[0]?.[0];
    expect(engine.callsOf("containers.statPath").map(([container]) => container)).not.toContain(runContainer);
    expect(image?.fs.get("/dst/a.txt")?.content?.toString()).toBe("a\n");
    expect(engine.containerStore.size).toBe(0);
  });

  test("COPY --parents: a source keeps its path below the destination in the layer too", async () => {
    const engine = engineWithConfigs();
    const { error, image } = await fakeBuild(engine, [`FROM ${BASE}`, "COPY --parents x/y.txt /", ""].join("\n"), { noCache: true, files: { "x/y.txt": "y\n" } });
    expect(error).toBeUndefined();
    expect(image?.fs.get("/x/y.txt")?.content?.toString()).toBe("y\n");
    expect(image?.fs.get("/y.txt")).toBeUndefined();
  });

  test("a copy whose destination's parents are missing up to the top writes them in its layer, 0755 and root's, as the upload would have them made", async () => {
    const engine = engineWithConfigs();
    const dockerfile = [`FROM ${BASE}`, "COPY a.txt /dst/", "COPY --chmod=600 a.txt /deep/er/b.txt", ""].join("\n");
    const { error, image } = await fakeBuild(engine, dockerfile, { noCache: true, files: { "a.txt": "a\n" } });
    expect(error).toBeUndefined();
    expect(engine.callsOf("containers.putArchive")).toHaveLength(0);
    expect(engine.callsOf("containers.commit")).toHaveLength(0);
    expect(engine.callsOf("images.load.layer")).toHaveLength(2);
    for (const directory of ["/dst", "/deep", "/deep/er"]) expect(image?.fs.get(directory), directory).toMatchObject({ type: "directory", mode: 0o755, uid: 0, gid: 0 });
    expect(image?.fs.get("/dst/a.txt")?.content?.toString()).toBe("a\n");
    expect(image?.fs.get("/deep/er/b.txt")).toMatchObject({ type: "file", mode: 0o600 });
  });

  test("a copy below a symlink of the image to nothing takes a container: the layer would make a directory where the engine's upload finds the link", async () => {
    const engine = new FakeEngine();
    engine.addImage(BASE, { config: { Cmd: ["sh"] }, files: { "/etc/passwd": "root:x:0:0::/root:/bin/sh\n", "/dangle": { type: "symlink", linkname: "/nowhere", mode: 0o777, uid: 0, gid: 0 } }, contentAddressed: true });
    await fakeBuild(engine, [`FROM ${BASE}`, "COPY a.txt /dangle/x/", ""].join("\n"), { noCache: true, files: { "a.txt": "a\n" } });
    expect(engine.callsOf("images.load.layer")).toHaveLength(0);
    expect(engine.callsOf("containers.putArchive")).toHaveLength(1);
  });

  test.each([
    ["into a directory of the image", "COPY a.txt /etc/", "/etc/a.txt", 1],
    ["into a new directory below one of the image", "COPY a.txt /etc/new/", "/etc/new/a.txt", 1],
    ["with --chown", "COPY --chown=0:0 a.txt /c.txt", "/c.txt", 1],
    ["below a directory a layer built here wrote", "COPY a.txt /dir/", "/dir/a.txt", 1],
    ["of a name a layer reads as a whiteout", "COPY .wh.x /", "/.wh.x", 1],
    // The new directory, then the archive extracted into it.
    ["extracting a local archive", "ADD a.tar /x/", "/x/t.txt", 2],
  ])("a copy %s takes a container", async (_, line, path, uploads) => {
    const engine = engineWithConfigs();
    const archive = await tarOf({ "t.txt": "t\n" });
    const { error, image } = await fakeBuild(engine, [`FROM ${BASE}`, "COPY dir /dir", line, ""].join("\n"), {
      noCache: true,
      files: { "a.txt": "a\n", "dir/d.txt": "d\n", ".wh.x": "w\n", "a.tar": archive },
    });
    expect(error).toBeUndefined();
    // COPY dir: a layer; the other, an upload and a commit.
    expect(engine.callsOf("images.load.layer")).toHaveLength(1);
    expect(engine.callsOf("containers.putArchive")).toHaveLength(uploads);
    expect(engine.callsOf("containers.commit")).toHaveLength(1);
    expect(image?.fs.get("/dir/d.txt")?.type).toBe("file");
    expect(image?.fs.get(path)?.type).toBe("file");
    expect(engine.containerStore.size).toBe(0);
  });
});
