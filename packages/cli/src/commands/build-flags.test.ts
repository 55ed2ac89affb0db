import { describe, expect, test } from "vitest";
import { FlagError, parseFlags } from "../flag-parser.js";
import { BUILD_FLAGS, BuildFlagValueError, readBuildCommandLine } from "./build-flags.js";

const read = (argv: string[], env: Record<string, string> = {}) => readBuildCommandLine(parseFlags(argv, BUILD_FLAGS), env, "/");

/** The flags `docker build --help` lists (docker/cli cli/command/image/build.go, CLI 28). */
const CLASSIC_FLAGS = [
  "add-host", "build-arg", "cache-from", "cgroup-parent", "compress", "cpu-period", "cpu-quota", "cpu-shares", "cpuset-cpus",
  "cpuset-mems", "disable-content-trust", "file", "force-rm", "iidfile", "isolation", "label", "memory", "memory-swap", "network",
  "no-cache", "platform", "pull", "quiet", "rm", "security-opt", "shm-size", "squash", "tag", "target", "ulimit",
];
/** The flags docker buildx build documents (docker/buildx docs/reference/buildx_build.md). */
const BUILDX_FLAGS = [
  "add-host", "allow", "annotation", "attest", "build-arg", "build-context", "builder", "cache-from", "cache-to", "call",
  "cgroup-parent", "check", "debug", "file", "iidfile", "label", "load", "metadata-file", "network", "no-cache", "no-cache-filter",
  "output", "platform", "policy", "progress", "provenance", "pull", "push", "quiet", "resource", "sbom", "secret", "shm-size", "ssh",
  "tag", "target", "ulimit",
];
/** The docker CLI's own flags that pick the engine (docker/cli cli/flags/options.go). */
const ENGINE_FLAGS = ["host", "context", "tls", "tlsverify", "tlscacert", "tlscert", "tlskey", "config"];

describe("the docker build flags", () => {
  test.each([...new Set([...CLASSIC_FLAGS, ...BUILDX_FLAGS, ...ENGINE_FLAGS])])("--%s is known: accepted or refused with a reason", (name) => {
    const spec = (BUILD_FLAGS as Record<string, { kind: string; rejected?: string }>)[name];
    expect(spec).toBeDefined();
    const argv = spec?.kind === "bool" ? [`--${name}`, "ctx"] : [`--${name}`, "x=1", "ctx"];
    try {
      parseFlags(argv, BUILD_FLAGS);
    } catch (error) {
      expect(error).toBeInstanceOf(FlagError);
      expect((error as Error).message).not.toMatch(/unknown/);
      expect((error as Error).message).toMatch(new RegExp(`^--${name}: .{20,}`));
    }
  });

  test("shorthands are docker's", () => {
    const short = Object.fromEntries(Object.entries(BUILD_FLAGS).flatMap(([name, spec]) => ("short" in spec ? [[spec.short, name]] : [])));
    expect(short).toEqual({ t: "tag", f: "file", m: "memory", c: "cpu-shares", q: "quiet", H: "host", o: "output", D: "debug" });
  });
});

describe("readBuildCommandLine", () => {
  test("a CI script's flags", () => {
    const options = read(["--pull", "--rm", "--force-rm", "-f", "docker/Dockerfile", "--build-arg", "V=1", "-t", "app:1", "-t", "app:latest", "."]);
    expect(options).toMatchObject({ contextArgument: ".", file: "docker/Dockerfile", tags: ["app:1", "app:latest"], pull: "always", notices: [] });
    expect(options.buildArgs).toEqual(new Map([["V", "1"]]));
  });

  test("--pull: a boolean, plus docker run's policies after =", () => {
    expect(read(["."]).pull).toBe("missing");
    expect(read(["--pull", "."]).pull).toBe("always");
    expect(read(["--pull=false", "."]).pull).toBe("missing");
    expect(read(["--pull=1", "."]).pull).toBe("always");
    expect(read(["--pull=never", "."]).pull).toBe("never");
    expect(() => read(["--pull", "never", "."])).toThrow(new BuildFlagValueError('"dfbuild build" requires exactly 1 argument, the build context, got 2; a boolean flag takes its value only after "=": write --pull=never'));
    expect(() => read(["--pull=yes", "."])).toThrow('invalid argument "yes" for "--pull" flag: strconv.ParseBool');
  });

  test("RUN container options become the engine's HostConfig fields", () => {
    const options = read([
      "--add-host", "db=10.0.0.5", "--add-host", "a:1.2.3.4,b:5.6.7.8", "--shm-size", "64m", "--ulimit", "nofile=1024:2048", "--ulimit", "nofile=512",
      "--ulimit", "nproc=100", "-m", "512m", "--memory-swap", "-1", "-c", "512", "--cpu-period", "100000", "--cpu-quota", "50000",
      "--cpuset-cpus", "0", "--cpuset-mems", "0", "--security-opt", "no-new-privileges,apparmor=unconfined", "--cgroup-parent", "ci.slice",
      "--isolation", "default", ".",
    ]);
    expect(options.runHostConfig).toEqual({
      ExtraHosts: ["db:10.0.0.5", "a:1.2.3.4", "b:5.6.7.8"],
      ShmSize: 67108864,
      Ulimits: [{ Name: "nofile", Soft: 512, Hard: 512 }, { Name: "nproc", Soft: 100, Hard: 100 }],
      Memory: 536870912,
      MemorySwap: -1,
      CpuShares: 512,
      CpuPeriod: 100000,
      CpuQuota: 50000,
      CpusetCpus: "0",
      CpusetMems: "0",
      SecurityOpt: ["no-new-privileges", "apparmor=unconfined"],
      CgroupParent: "ci.slice",
      Isolation: "default",
    });
    expect(read(["."]).runHostConfig).toEqual({});
  });

  test("buildx's --resource gives the same limits; the separate flags win", () => {
    expect(read(["--resource", "memory=1g", "--resource", "cpu-quota=20000", "."]).runHostConfig).toEqual({ Memory: 1073741824, CpuQuota: 20000 });
    expect(read(["--resource", "memory=1g", "-m", "2g", "."]).runHostConfig).toEqual({ Memory: 2147483648 });
  });

  test("bad values name the flag in pflag's words", () => {
    expect(() => read(["-m", "lots", "."])).toThrow('invalid argument "lots" for "-m, --memory" flag: invalid size: \'lots\'');
    expect(() => read(["--ulimit", "nofile=2:1", "."])).toThrow('invalid argument "nofile=2:1" for "--ulimit" flag: ulimit soft limit');
    expect(() => read(["--add-host", "db", "."])).toThrow('invalid argument "db" for "--add-host" flag: bad format for add-host: "db"');
    expect(() => read(["--build-arg", "=x", "."])).toThrow("invalid environment variable: =x");
    expect(() => read(["--label", "=x", "."])).toThrow("invalid label '=x': empty name");
    expect(() => read(["--allow", "root", "."])).toThrow("invalid entitlement: root");
  });

  test("--build-arg K takes K from the environment, or leaves the Dockerfile default", () => {
    const options = read(["--build-arg", "SET", "--build-arg", "UNSET", "--build-arg", "EMPTY=", "."], { SET: "from-env" });
    expect(options.buildArgs).toEqual(new Map([["SET", "from-env"], ["UNSET", null], ["EMPTY", ""]]));
  });

  test("--platform defaults to DOCKER_DEFAULT_PLATFORM; one platform at a time", () => {
    expect(read(["."], { DOCKER_DEFAULT_PLATFORM: "linux/arm64" }).platform).toBe("linux/arm64");
    expect(read(["--platform", "linux/amd64", "."], { DOCKER_DEFAULT_PLATFORM: "linux/arm64" }).platform).toBe("linux/amd64");
    expect(() => read(["--platform", "linux/amd64,linux/arm64", "."])).toThrow(/one platform at a time/);
  });

  test("-q and --progress", () => {
    expect(read(["-q", "."]).progress).toBe("quiet");
    expect(read(["--progress=plain", "."]).progress).toBe("plain");
    expect(read(["--progress", "none", "."]).progress).toBe("none");
    expect(() => read(["--progress=rawjson", "."])).toThrow(/BuildKit's status stream/);
    expect(() => read(["--progress=fancy", "."])).toThrow(/unknown --progress mode "fancy"/);
  });

  test("compatibility flags are accepted; --rm=false says what happens instead", () => {
    expect(read(["--rm", "--force-rm", "--compress", "--load", "--provenance=false", "--sbom=false", "--squash=false", "--call=build", "."]).notices).toEqual([]);
    expect(read(["--rm=false", "."]).notices).toEqual([expect.stringMatching(/always removed/)]);
    expect(read(["--disable-content-trust", "."]).notices).toEqual(["Flag --disable-content-trust has been deprecated, support for docker content trust was removed"]);
  });

  test("refused flags give their reason", () => {
    expect(() => read(["--squash", "."])).toThrow(/^--squash: squashing needs an experimental daemon/);
    expect(() => read(["--provenance=mode=max", "."])).toThrow(/^--provenance: provenance attestations/);
    expect(() => read(["--check", "."])).toThrow(/dfbuild lint/);
  });

  test("the engine flags", () => {
    expect(read(["-H", "tcp://h:2376", "--tlsverify", "--tlscacert", "ca.pem", "."]).engine).toEqual({
      hosts: ["tcp://h:2376"], context: undefined, tls: undefined, tlsVerify: true, caFile: "ca.pem", certFile: undefined, keyFile: undefined, configDir: undefined,
    });
    expect(read(["--tlsverify=false", "--context", "remote", "."]).engine).toMatchObject({ tlsVerify: false, context: "remote" });
  });
});

describe("dfbuild's own build flags", () => {
  test("--fold-metadata is off unless given", () => {
    expect(read(["ctx"]).foldMetadata).toBe(false);
    expect(read(["--fold-metadata", "ctx"]).foldMetadata).toBe(true);
    expect(read(["--fold-metadata=false", "ctx"]).foldMetadata).toBe(false);
  });
});

describe("--max-parallel-stages", () => {
  test("a whole number of at least 1; absent leaves the builder's default", () => {
    expect(read(["--max-parallel-stages", "1", "ctx"]).maxParallelStages).toBe(1);
    expect(read(["--max-parallel-stages=8", "ctx"]).maxParallelStages).toBe(8);
    expect(read(["ctx"]).maxParallelStages).toBeUndefined();
    for (const bad of ["0", "-1", "2.5", "many"]) {
      expect(() => read([`--max-parallel-stages=${bad}`, "ctx"]), bad).toThrow(BuildFlagValueError);
    }
    expect(() => read(["--max-parallel-stages=0", "ctx"])).toThrow('invalid argument "0" for "--max-parallel-stages" flag: expected a whole number of stages, at least 1');
  });
});
