import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { type ResourceLimits, applyResource, parseExtraHost, parseInt64, parseMemorySwap, parseRamBytes, parseSecurityOpt, parseUlimit } from "./docker-opts.js";

describe("parseRamBytes (go-units RAMInBytes)", () => {
  test.each([
    ["70m", 73400320],
    ["512m", 536870912],
    ["1g", 1073741824],
    ["1.5G", 1610612736],
    ["64KiB", 65536],
    ["64kb", 65536],
    ["100 MB", 104857600],
    ["10", 10],
    ["10b", 10],
    ["0", 0],
  ])("%s is %i bytes", (text, bytes) => {
    expect(parseRamBytes(text)).toBe(bytes);
  });

  test.each([
    ["", "invalid size: ''"],
    ["m", "invalid size: 'm'"],
    ["-1", "invalid size: '-1'"],
    ["10x", "invalid suffix: 'x'"],
    ["10mx", "invalid suffix: 'mx'"],
    ["10bb", "invalid suffix: 'bb'"],
    ["10kib2", 'strconv.ParseFloat: parsing "10kib2": invalid syntax'],
  ])("%j is refused: %s", (text, message) => {
    expect(() => parseRamBytes(text)).toThrow(message);
  });

  test("--memory-swap -1 is unlimited", () => {
    expect(parseMemorySwap("-1")).toBe(-1);
    expect(parseMemorySwap("1g")).toBe(1073741824);
  });
});

describe("parseUlimit (go-units ParseUlimit)", () => {
  test("soft[:hard], hard defaulting to soft", () => {
    expect(parseUlimit("nofile=1024:2048")).toEqual({ Name: "nofile", Soft: 1024, Hard: 2048 });
    expect(parseUlimit("nproc=512")).toEqual({ Name: "nproc", Soft: 512, Hard: 512 });
    expect(parseUlimit("core=-1")).toEqual({ Name: "core", Soft: -1, Hard: -1 });
    expect(parseUlimit("core=0:-1")).toEqual({ Name: "core", Soft: 0, Hard: -1 });
  });

  test.each([
    ["nofile", "invalid ulimit argument: nofile"],
    ["as=1", "invalid ulimit type: as"],
    ["nofile=1:2:3", "too many limit value arguments - 1:2:3, can only have up to two, `soft[:hard]`"],
    ["nofile=2:1", "ulimit soft limit must be less than or equal to hard limit: 2 > 1"],
    ["nofile=-1:5", "ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: 5"],
    ["nofile=x", 'strconv.ParseInt: parsing "x": invalid syntax'],
  ])("%s is refused", (text, message) => {
    expect(() => parseUlimit(text)).toThrow(message);
  });
});

describe("parseExtraHost (docker/cli ValidateExtraHost)", () => {
  test("host:ip, host=ip, [v6] and host-gateway become host:ip", () => {
    expect(parseExtraHost("db:10.0.0.5")).toBe("db:10.0.0.5");
    expect(parseExtraHost("db=10.0.0.5")).toBe("db:10.0.0.5");
    expect(parseExtraHost("v6=[2001:db8::1]")).toBe("v6:2001:db8::1");
    expect(parseExtraHost("v6:2001:db8::1")).toBe("v6:2001:db8::1");
    expect(parseExtraHost("host.docker.internal:host-gateway")).toBe("host.docker.internal:host-gateway");
  });

  test.each([
    ["db", 'bad format for add-host: "db"'],
    [":10.0.0.5", 'bad format for add-host: ":10.0.0.5"'],
    ["db=not-an-ip", 'invalid IP address in add-host: "not-an-ip"'],
    ["db:", 'invalid IP address in add-host: ""'],
  ])("%s is refused", (text, message) => {
    expect(() => parseExtraHost(text)).toThrow(message);
  });
});

describe("parseSecurityOpt (docker/cli parseSecurityOpts)", () => {
  test("key=value, key:value and no-new-privileges pass as written", () => {
    expect(parseSecurityOpt("apparmor=unconfined", "/")).toBe("apparmor=unconfined");
    expect(parseSecurityOpt("label:disable", "/")).toBe("label:disable");
    expect(parseSecurityOpt("no-new-privileges", "/")).toBe("no-new-privileges");
    expect(parseSecurityOpt("seccomp=unconfined", "/")).toBe("seccomp=unconfined");
  });

  test("a seccomp profile file is sent as compacted JSON, relative to the working directory", () => {
    const dir = mkdtempSync(join(tmpdir(), "dfbuild-seccomp-"));
    try {
      writeFileSync(join(dir, "profile.json"), '{\n  "defaultAction": "SCMP_ACT_ALLOW"\n}\n');
      expect(parseSecurityOpt("seccomp=profile.json", dir)).toBe('seccomp={"defaultAction":"SCMP_ACT_ALLOW"}');
      writeFileSync(join(dir, "bad.json"), "{");
      expect(() => parseSecurityOpt("seccomp=bad.json", dir)).toThrow("compacting json for seccomp profile (bad.json) failed");
      expect(() => parseSecurityOpt("seccomp=missing.json", dir)).toThrow("opening seccomp profile (missing.json) failed");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a key without a value is refused", () => {
    expect(() => parseSecurityOpt("apparmor", "/")).toThrow('invalid --security-opt: "apparmor"');
    expect(() => parseSecurityOpt("apparmor=", "/")).toThrow('invalid --security-opt: "apparmor="');
  });
});

describe("applyResource (buildx ParseResourceLimits)", () => {
  test("each key onto its limit", () => {
    const limits: ResourceLimits = {};
    for (const entry of ["memory=2g", "memory-swap=-1", "cpu-shares=512", "cpu-period=100000", " cpu-quota = 50000", "cpuset-cpus=0-1", "cpuset-mems=0"]) applyResource(limits, entry);
    expect(limits).toEqual({ memory: 2147483648, memorySwap: -1, cpuShares: 512, cpuPeriod: 100000, cpuQuota: 50000, cpusetCpus: "0-1", cpusetMems: "0" });
  });

  test.each([
    ["memory", 'invalid resource "memory", expected key=value'],
    ["bogus=1", 'unknown resource "bogus"'],
    ["cpu-shares=x", 'invalid value "x" for resource cpu-shares: strconv.ParseInt: parsing "x": invalid syntax'],
  ])("%s is refused", (entry, message) => {
    expect(() => { applyResource({}, entry); }).toThrow(message);
  });
});

test("parseInt64 is Go's base-10 ParseInt", () => {
  expect(parseInt64("-12")).toBe(-12);
  expect(() => parseInt64("1.5")).toThrow('strconv.ParseInt: parsing "1.5": invalid syntax');
  expect(() => parseInt64("9223372036854775808")).toThrow("value out of range");
});
