import { describe, expect, test } from "vitest";
import {
  DEFAULT_PATH,
  type ImageConfig,
  commitBody,
  configFromImage,
  configOfImage,
  envKey,
  envMap,
  equivalentConfig,
  healthcheckComment,
  sameConfig,
  setEnv,
  shellOf,
  withVolumes,
} from "./config.js";

const empty = (): ImageConfig => configOfImage(undefined);

describe("the config a stage starts from", () => {
  test("an image with no config: every field empty as docker inspect shows it, no PATH", () => {
    expect(configOfImage(null)).toEqual({
      User: "",
      Env: [],
      Cmd: null,
      Entrypoint: null,
      WorkingDir: "",
      ExposedPorts: null,
      Volumes: null,
      Labels: null,
      Healthcheck: null,
      StopSignal: "",
      Shell: null,
      OnBuild: null,
      ArgsEscaped: false,
    });
  });

  test("the base image's fields are kept as they are", () => {
    const base = {
      User: "u",
      Env: ["A=1"],
      Cmd: ["c"],
      Entrypoint: ["e"],
      WorkingDir: "/w",
      ExposedPorts: { "80/tcp": {} },
      Volumes: { "/v": {} },
      Labels: { l: "1" },
      Healthcheck: { Test: ["NONE"] },
      StopSignal: "SIGKILL",
      Shell: ["/bin/bash", "-c"],
      OnBuild: ["RUN x"],
      ArgsEscaped: true,
    };
    expect(configOfImage(base)).toEqual(base);
  });

  test("the default PATH is added when the base has none (the classic builder's dispatch of FROM), never over one", () => {
    expect(DEFAULT_PATH).toBe("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    expect(configFromImage(null).Env).toEqual([`PATH=${DEFAULT_PATH}`]);
    expect(configFromImage({ Env: ["A=1"] }).Env).toEqual(["A=1", `PATH=${DEFAULT_PATH}`]);
    expect(configFromImage({ Env: ["PATH=/x", "A=1"] }).Env).toEqual(["PATH=/x", "A=1"]);
    // A variable whose name only starts with PATH is not PATH.
    expect(configFromImage({ Env: ["PATHS=/x"] }).Env).toEqual(["PATHS=/x", `PATH=${DEFAULT_PATH}`]);
  });

  test("the stage's config is a copy: changing it leaves the base image's untouched", () => {
    const base = { Env: ["A=1"], Labels: { l: "1" } };
    const config = configFromImage(base);
    config.Env.push("B=2");
    Object.assign(config.Labels ?? {}, { m: "2" });
    expect(base).toEqual({ Env: ["A=1"], Labels: { l: "1" } });
  });
});

describe("environment entries", () => {
  test("ENV replaces a variable where it is, or appends it", () => {
    const env = ["A=1", "B=2"];
    setEnv(env, "A", "3");
    setEnv(env, "C", "4=5");
    expect(env).toEqual(["A=3", "B=2", "C=4=5"]);
  });

  test("a name is what comes before the first =; an entry without = is all name, with an empty value", () => {
    expect(envKey("A=b=c")).toBe("A");
    expect(envKey("LONELY")).toBe("LONELY");
    expect([...envMap(["A=b=c", "LONELY", "E="])]).toEqual([
      ["A", "b=c"],
      ["LONELY", ""],
      ["E", ""],
    ]);
    const env = ["LONELY", "B=1"];
    setEnv(env, "LONELY", "x");
    expect(env).toEqual(["LONELY=x", "B=1"]);
  });
});

describe("shell and volumes", () => {
  test("the SHELL in effect, else /bin/sh -c; always a copy", () => {
    expect(shellOf(empty())).toEqual(["/bin/sh", "-c"]);
    expect(shellOf({ ...empty(), Shell: [] })).toEqual(["/bin/sh", "-c"]);
    const config = { ...empty(), Shell: ["/bin/bash", "-c"] };
    const shell = shellOf(config);
    expect(shell).toEqual(["/bin/bash", "-c"]);
    shell.push("x");
    expect(config.Shell).toEqual(["/bin/bash", "-c"]);
    shellOf(empty()).push("x");
    expect(shellOf(empty())).toEqual(["/bin/sh", "-c"]);
  });

  test("declared volumes are added to the base image's, on a copy", () => {
    const config = { ...empty(), Volumes: { "/base": {} } };
    expect(withVolumes(config, [])).toBe(config);
    const result = withVolumes(config, ["/data", "/base"]);
    expect(result.Volumes).toEqual({ "/base": {}, "/data": {} });
    expect(config.Volumes).toEqual({ "/base": {} });
    expect(withVolumes(empty(), ["/data"]).Volumes).toEqual({ "/data": {} });
    // The base image's volumes stay when the Dockerfile declares only others.
    expect(withVolumes(config, ["/other"]).Volumes).toEqual({ "/base": {}, "/other": {} });
  });
});

describe("the commit body", () => {
  test("names every field the Dockerfile controls, so the engine's merge has nothing to add", () => {
    const config: ImageConfig = {
      User: "u",
      Env: ["A=1"],
      Cmd: ["c"],
      Entrypoint: null,
      WorkingDir: "/w",
      ExposedPorts: null,
      Volumes: { "/v": {} },
      Labels: {},
      Healthcheck: null,
      StopSignal: "",
      Shell: null,
      OnBuild: [],
      ArgsEscaped: false,
    };
    const body = commitBody(config);
    expect(Object.keys(body).sort()).toEqual(Object.keys(config).sort());
    expect(body).toEqual(config);
  });
});

describe("HEALTHCHECK history", () => {
  test("Go's %q of the HealthConfig: the test list, three durations and the retries as a rune", () => {
    expect(healthcheckComment({ Test: ["CMD", "true"], Interval: 30e9, Timeout: 1.5e9, StartPeriod: 60e9, Retries: 65 })).toBe(
      `HEALTHCHECK &{["CMD" "true"] "30s" "1.5s" "1m0s" 'A'}`,
    );
    expect(healthcheckComment({ Test: ["NONE"] })).toBe(`HEALTHCHECK &{["NONE"] "0s" "0s" "0s" '\\x00'}`);
  });
});

describe("comparing configs", () => {
  const base = (): ImageConfig => ({ ...empty(), Env: ["A=1"], Labels: { a: "1", b: "2" }, ExposedPorts: { "80/tcp": {}, "443/tcp": {} }, Volumes: { "/x": {}, "/y": {} } });

  test("the order of map keys does not count; every value does", () => {
    const reordered = { ...base(), Labels: { b: "2", a: "1" }, ExposedPorts: { "443/tcp": {}, "80/tcp": {} }, Volumes: { "/y": {}, "/x": {} } };
    expect(sameConfig(base(), reordered)).toBe(true);
    expect(sameConfig(base(), { ...base(), Labels: { a: "1", b: "3" } })).toBe(false);
    expect(sameConfig(base(), { ...base(), ExposedPorts: { "80/tcp": {} } })).toBe(false);
    expect(sameConfig(base(), { ...base(), Volumes: { "/x": {} } })).toBe(false);
    expect(sameConfig(base(), { ...base(), Env: ["A=1", "B=2"] })).toBe(false);
    expect(sameConfig(base(), { ...base(), User: "root" })).toBe(false);
    // Many keys, in every order of a few and reversed: one order for all (a sort that took two
    // keys for equal would leave some as they came).
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${String(i).padStart(3, "0")}`, String(i)]));
    const reversed = Object.fromEntries(Object.entries(many).reverse());
    expect(sameConfig({ ...base(), Labels: many }, { ...base(), Labels: reversed })).toBe(true);
    for (const order of [["a", "b", "c"], ["a", "c", "b"], ["b", "a", "c"], ["b", "c", "a"], ["c", "a", "b"], ["c", "b", "a"]]) {
      const labels = Object.fromEntries(order.map((key) => [key, key]));
      expect(sameConfig({ ...base(), Labels: labels }, { ...base(), Labels: { a: "a", b: "b", c: "c" } }), order.join("")).toBe(true);
    }
    // The order of the environment counts: it is a list.
    expect(sameConfig({ ...base(), Env: ["A=1", "B=2"] }, { ...base(), Env: ["B=2", "A=1"] })).toBe(false);
  });

  test("sameConfig tells null from empty, as docker inspect does; equivalentConfig does not", () => {
    for (const field of ["Labels", "ExposedPorts", "Volumes"] as const) {
      const none = { ...base(), [field]: null };
      const emptyMap = { ...base(), [field]: {} };
      expect(sameConfig(none, emptyMap), field).toBe(false);
      expect(equivalentConfig(none, emptyMap), field).toBe(true);
      expect(equivalentConfig(emptyMap, none), field).toBe(true);
      expect(equivalentConfig(base(), none), field).toBe(false);
    }
    for (const field of ["Cmd", "Entrypoint", "Shell", "OnBuild"] as const) {
      const none = { ...base(), [field]: null };
      const emptyList = { ...base(), [field]: [] };
      expect(sameConfig(none, emptyList), field).toBe(false);
      expect(equivalentConfig(none, emptyList), field).toBe(true);
      expect(equivalentConfig(emptyList, none), field).toBe(true);
      expect(equivalentConfig({ ...base(), [field]: ["x"] }, none), field).toBe(false);
    }
    // An empty environment is still an environment: Env is never null in a stage's config.
    expect(equivalentConfig({ ...base(), Env: [] }, { ...base(), Env: ["A=1"] })).toBe(false);
  });
});
