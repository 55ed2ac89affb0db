import { describe, expect, test } from "vitest";
import type { ImageInspect } from "@dfbuild/engine";
import { type ImageConfig } from "./config.js";
import { GoMap, goJson } from "./go-json.js";
import { committedImageConfig, configDigest, goTime, metadataImageConfig } from "./image-configs.js";

// Captured from Docker 20.10.24 (overlay2): the stored config of an image dfbuild loaded for
// `LABEL x="<a&b>"`, and `GET /images/{id}/json` of the image the engine committed on it for
// `RUN echo hi > /f`, whose ID is given.
const PARENT = String.raw`{"architecture":"amd64","config":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","A=1"],"Cmd":null,"Image":"sha256:0898229b19f7d1ec4a6703186874f3e43395668b6f6a3a1801649683e8f394a8","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{"x":"\u003ca\u0026b\u003e"}},"container_config":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","A=1"],"Cmd":["/bin/sh","-c","#(nop) ","LABEL x=\u003ca\u0026b\u003e"],"Image":"sha256:0898229b19f7d1ec4a6703186874f3e43395668b6f6a3a1801649683e8f394a8","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{"x":"\u003ca\u0026b\u003e"}},"created":"2026-12-05T00:19:27.96Z","docker_version":"20.10.24+dfsg1","history":[{"created":"2026-12-04T20:41:02.574006537Z","comment":"dfbuild-test-busybox"},{"created":"2026-12-05T00:19:27.708Z","created_by":"/bin/sh -c #(nop)  ENV A=1","empty_layer":true},{"created":"2026-12-05T00:19:27.96Z","created_by":"/bin/sh -c #(nop)  LABEL x=\u003ca\u0026b\u003e","empty_layer":true}],"os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:257d700ae87cdc1d94233d01f4ffeb64b0915654aac6549434931488fdecd4ac"]}}`;
const COMMITTED_INSPECT = String.raw`{"Id":"sha256:037a6b0ef4764d925f9b0ddbf74373f363f18730787be7a18d1aa2045e006c19","RepoTags":[],"RepoDigests":[],"Parent":"sha256:fd5b6f2e3daf5bfdc92c1f048150a42d36e7ced89a563c4157fe022c6f1bdc06","Comment":"","Created":"2026-12-05T00:19:29.589054815Z","Container":"3b9a42f999aa80260512106663ecab102709ce833418b196fa63826f316a4ea4","ContainerConfig":{"Hostname":"3b9a42f999aa","Domainname":"","User":"","AttachStdin":false,"AttachStdout":true,"AttachStderr":true,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","A=1"],"Cmd":["/bin/sh","-c","echo hi > /f"],"Image":"sha256:fd5b6f2e3daf5bfdc92c1f048150a42d36e7ced89a563c4157fe022c6f1bdc06","Volumes":null,"WorkingDir":"","Entrypoint":null,"NetworkDisabled":true,"OnBuild":null,"Labels":{"x":"<a&b>"}},"DockerVersion":"20.10.24+dfsg1","Author":"","Config":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","A=1"],"Cmd":["/bin/sh","-c","echo hi > /f"],"Image":"","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{"x":"<a&b>"}},"Architecture":"amd64","Os":"linux","Size":1985633,"VirtualSize":1985633,"GraphDriver":{"Data":{"LowerDir":"/var/lib/docker/overlay2/bfa7765890551ff46b8adb82257b3b3fa1a40121cf079f5b10e60f4b96f2cdae/diff","MergedDir":"/var/lib/docker/overlay2/7497c0b7d75e437eb33ae8226ba4065edd94814fda81177003efd9861eeff9e9/merged","UpperDir":"/var/lib/docker/overlay2/7497c0b7d75e437eb33ae8226ba4065edd94814fda81177003efd9861eeff9e9/diff","WorkDir":"/var/lib/docker/overlay2/7497c0b7d75e437eb33ae8226ba4065edd94814fda81177003efd9861eeff9e9/work"},"Name":"overlay2"},"RootFS":{"Type":"layers","Layers":["sha256:257d700ae87cdc1d94233d01f4ffeb64b0915654aac6549434931488fdecd4ac","sha256:6c81e7ff82dc31a0275022783bc1b688904147321783480305cd3e34c5466aad"]},"Metadata":{"LastTagTime":"0001-01-01T00:00:00Z"}}`;
const COMMITTED_ID = "sha256:037a6b0ef4764d925f9b0ddbf74373f363f18730787be7a18d1aa2045e006c19";

const config: ImageConfig = {
  User: "",
  Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "A=1"],
  Cmd: null,
  Entrypoint: null,
  WorkingDir: "",
  ExposedPorts: null,
  Volumes: null,
  Labels: { x: "<a&b>" },
  Healthcheck: null,
  StopSignal: "",
  Shell: null,
  OnBuild: null,
  ArgsEscaped: false,
};

describe("goJson", () => {
  test("escapes as Go's json.Marshal does, sorts map keys bytewise and keeps struct order", () => {
    expect(goJson({ b: "<a&b>\u2028\n\u0001\"\\", a: new GoMap({ "9": 1, "10": 2, b: true }), c: undefined, d: null })).toBe(
      String.raw`{"b":"\u003ca\u0026b\u003e\u2028\n\u0001\"\\","a":{"10":2,"9":1,"b":true},"d":null}`,
    );
  });
});

describe("goTime", () => {
  test("cuts the fraction's trailing zeros, as Go's RFC3339Nano", () => {
    expect(goTime(new Date("2026-12-05T00:15:07.880Z"))).toBe("2026-12-05T00:15:07.88Z");
    expect(goTime(new Date("2026-12-05T00:15:10.000Z"))).toBe("2026-12-05T00:15:10Z");
    expect(goTime(new Date("2026-12-05T00:15:07.105Z"))).toBe("2026-12-05T00:15:07.105Z");
  });
});

describe("committedImageConfig", () => {
  test("re-creates the engine's stored config of a committed image byte for byte", () => {
    const raw = committedImageConfig(Buffer.from(PARENT), JSON.parse(COMMITTED_INSPECT) as ImageInspect);
    expect(raw && configDigest(raw)).toBe(COMMITTED_ID);
  });

  test("gives nothing when the engine no longer reports ContainerConfig (API 1.45)", () => {
    const inspected = JSON.parse(COMMITTED_INSPECT) as ImageInspect;
    delete inspected.ContainerConfig;
    expect(committedImageConfig(Buffer.from(PARENT), inspected)).toBeUndefined();
  });
});

describe("metadataImageConfig", () => {
  test("is the parent's config with the step's config and one more empty-layer history entry", () => {
    const parentId = configDigest(Buffer.from(PARENT));
    const command = ["/bin/sh", "-c", "#(nop) ", "ENV B=2"];
    const raw = metadataImageConfig({
      parentRaw: Buffer.from(PARENT),
      parentId,
      config: { ...config, Env: [...config.Env, "B=2"] },
      command,
      author: "",
      dockerVersion: "20.10.24+dfsg1",
      created: new Date("2026-12-05T01:02:03.450Z"),
    });
    const parent = JSON.parse(PARENT) as { history: unknown[]; rootfs: unknown };
    const stored = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
    expect(Object.keys(stored)).toEqual(["architecture", "config", "container_config", "created", "docker_version", "history", "os", "rootfs"]);
    expect(stored.history).toEqual([...parent.history, { created: "2026-12-05T01:02:03.45Z", created_by: "/bin/sh -c #(nop)  ENV B=2", empty_layer: true }]);
    expect(stored.rootfs).toEqual(parent.rootfs);
    expect(stored.config).toMatchObject({ Env: [...config.Env, "B=2"], Cmd: null, Image: parentId, Labels: { x: "<a&b>" } });
    expect(stored.container_config).toMatchObject({ Cmd: command, Image: parentId });
    // Written as the engine writes configs, so that what it commits on top is re-created exactly.
    expect(raw.toString("utf8")).toContain(String.raw`"Labels":{"x":"\u003ca\u0026b\u003e"}`);
  });

  test("records the author on the image and the history entry (MAINTAINER)", () => {
    const raw = metadataImageConfig({
      parentRaw: Buffer.from(PARENT),
      parentId: configDigest(Buffer.from(PARENT)),
      config,
      command: ["/bin/sh", "-c", "#(nop) ", "MAINTAINER me"],
      author: "me",
      dockerVersion: "20.10.24+dfsg1",
      created: new Date(0),
    });
    const stored = JSON.parse(raw.toString("utf8")) as { author: string; history: { author?: string }[] };
    expect(stored.author).toBe("me");
    expect(stored.history.at(-1)?.author).toBe("me");
  });
});
