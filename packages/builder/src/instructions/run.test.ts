import { describe, expect, test } from "vitest";
import { StageHarness, engineWithBase } from "../build-harness.test-helper.js";
import type { ContainerCreateBody } from "@dfbuild/engine";

function lastCreate(stage: StageHarness): ContainerCreateBody {
  const call = stage.engine.callsOf("containers.create").at(-1);
  return call?.[0] as ContainerCreateBody;
}

describe("RUN", () => {
  test("the container clears the image's ENTRYPOINT, disables its HEALTHCHECK and logs nothing", async () => {
    const stage = await StageHarness.create({ engine: engineWithBase({ Entrypoint: ["/init"], Healthcheck: { Test: ["CMD", "true"] } }) });
    await stage.dispatch("RUN echo hi");
    expect(lastCreate(stage)).toMatchObject({
      Cmd: ["/bin/sh", "-c", "echo hi"],
      Entrypoint: [""],
      Healthcheck: { Test: ["NONE"] },
      HostConfig: { NetworkMode: "default", LogConfig: { Type: "none" }, Mounts: null },
    });
    expect(stage.lastCreatedBy()).toBe("/bin/sh -c echo hi");
    // The commit restores the image's own entrypoint.
    expect(stage.image().config.Entrypoint).toEqual(["/init"]);
  });

  test("what the command writes is committed; its output is reported as it comes", async () => {
    const stage = await StageHarness.create();
    stage.engine.onRun = (run) => {
      run.writeFile("/out.txt", "made\n");
      run.stdout("to stdout\n");
      run.stderr("to stderr\n");
      return 0;
    };
    await stage.dispatch("RUN make");
    expect(stage.image().fs.get("/out.txt")?.content?.toString()).toBe("made\n");
    expect(stage.events.filter((event) => event.type === "output")).toEqual([
      { type: "output", step: 1, stream: "stdout", data: "to stdout\n" },
      { type: "output", step: 1, stream: "stderr", data: "to stderr\n" },
    ]);
  });

  test("build args reach the command through the wrapper, never the container's Env; history has |N K=V", async () => {
    const stage = await StageHarness.create({ buildArgs: new Map([["B", "2"], ["http_proxy", "http://proxy:3128"]]) });
    let argv: string[] = [];
    stage.engine.onRun = (run) => {
      argv = run.argv;
      return 0;
    };
    await stage.dispatch("ARG A=1\nARG B\nRUN echo $A $B");
    expect(lastCreate(stage).Env).toEqual(["PATH=/usr/bin:/bin"]);
    // The proxy is passed but, not being declared, neither recorded nor part of the cache key; its
    // value goes through stdin, never the container's config (which the commit keeps).
    expect(argv.slice(3)).toEqual(["dfbuild-run", "a", "i:38", "--", "|2", "A=1", "B=2", "/bin/sh", "-c", "echo $A $B"]);
    const attach = stage.engine.callsOf("containers.attach").at(-1)?.[1] as { stdin?: Uint8Array } | undefined;
    expect(Buffer.from(attach?.stdin ?? []).toString("utf8")).toBe("export 'http_proxy=http://proxy:3128'\n");
    expect(JSON.stringify(lastCreate(stage))).not.toContain("proxy:3128");
    expect(lastCreate(stage)).toMatchObject({ OpenStdin: true, StdinOnce: true, AttachStdin: true });
    expect(stage.lastCreatedBy()).toBe("|2 A=1 B=2 /bin/sh -c echo $A $B");
    expect(stage.image().config.Env).toEqual(["PATH=/usr/bin:/bin"]);
    expect(stage.image().config.Entrypoint).toEqual([]);
  });

  test("a failing command is the classic builder's message, its exit status, and no container left", async () => {
    const stage = await StageHarness.create();
    stage.engine.onRun = () => 3;
    const error = await stage.failure("ENV A=1\nRUN false || exit 3");
    expect(error.message).toBe("The command '/bin/sh -c false || exit 3' returned a non-zero code: 3");
    expect(error.exitCode).toBe(3);
    expect(error.location).toEqual({ file: "Dockerfile", line: 3, column: 1 });
    expect(stage.engine.liveContainers()).toEqual([]);
  });

  test("exec form runs as written; a lone heredoc runs as the script", async () => {
    const stage = await StageHarness.create();
    await stage.dispatch('RUN ["echo", "$HOME"]\nRUN <<EOF\necho one\necho two\nEOF');
    const creates = stage.engine.callsOf("containers.create").map((call) => (call[0] as ContainerCreateBody).Cmd);
    expect(creates.slice(-2)).toEqual([["echo", "$HOME"], ["/bin/sh", "-c", "echo one\necho two\n"]]);
  });

  // BuildKit's `parser.ParseHeredoc` pattern, `^(\d*)<<(-?)\s*([^<]*)$`, decides what a lone heredoc is.
  test.each(["RUN 0<<EOF", "RUN << EOF", 'RUN <<E"O"F'])("%s runs its heredoc as the script", async (line) => {
    const stage = await StageHarness.create();
    await stage.dispatch(`${line}\necho one\nEOF`);
    expect(lastCreate(stage).Cmd).toEqual(["/bin/sh", "-c", "echo one\n"]);
  });

  test("RUN --network is part of the cache key; the build's network is not", async () => {
    const stage = await StageHarness.create();
    await stage.dispatch("RUN --network=none echo a");
    expect(lastCreate(stage).HostConfig?.NetworkMode).toBe("none");
    const same = await StageHarness.create({ engine: stage.engine, cacheDir: stage.cacheDir });
    expect(await same.dispatch("RUN --network=none echo a")).toEqual([true]);
    const other = await StageHarness.create({ engine: stage.engine, cacheDir: stage.cacheDir });
    expect(await other.dispatch("RUN --network=host echo a")).toEqual([false]);
  });

  test("RUN --network=default is the build's network; --security=insecure and --device are refused", async () => {
    const stage = await StageHarness.create({ network: "host" });
    await stage.dispatch("RUN --network=default true");
    expect(lastCreate(stage).HostConfig?.NetworkMode).toBe("host");
    await stage.dispatch("RUN --network=none true");
    expect(lastCreate(stage).HostConfig?.NetworkMode).toBe("none");
    expect((await stage.failure("RUN --security=insecure true")).message).toBe(
      "RUN --security=insecure is not supported by dfbuild: it would run the step privileged (BuildKit needs the security.insecure entitlement for it)",
    );
    await stage.dispatch("RUN --security=sandbox true");
  });

  test("the build's RUN container options reach the container, with mounts too", async () => {
    const stage = await StageHarness.create({ runHostConfig: { ExtraHosts: ["db:10.1.2.3"], ShmSize: 32768 } });
    await stage.dispatch("RUN true\nRUN --mount=type=tmpfs,target=/t true");
    for (const call of stage.engine.callsOf("containers.create").slice(-2)) {
      expect((call[0] as ContainerCreateBody).HostConfig).toMatchObject({ ExtraHosts: ["db:10.1.2.3"], ShmSize: 32768 });
    }
  });

  test("VOLUMEs declared earlier are anonymous volumes of the RUN container, so writes under them are dropped", async () => {
    const stage = await StageHarness.create();
    await stage.dispatch("VOLUME /data\nRUN touch /data/x");
    expect(lastCreate(stage).HostConfig?.Mounts).toEqual([{ Type: "volume", Target: "/data", VolumeOptions: { Labels: { "dfbuild.build": expect.any(String) as string } } }]);
    expect(stage.image().config.Volumes).toBeNull();
  });
});
