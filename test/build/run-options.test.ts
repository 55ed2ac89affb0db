/**
 * docker build's options for RUN containers (--add-host, --shm-size, --ulimit, -m, --memory-swap,
 * -c, --cpu-period, --cpu-quota, --cpuset-cpus, --cgroup-parent, --security-opt, --isolation):
 * what a RUN sees with dfbuild is what it sees with the classic builder given the same flags.
 */
import { describe, expect, test } from "vitest";
import { BUSYBOX, classic, dfbuild, dockerOk, makeContext, removeImages, testScope } from "./helpers.js";

const scope = testScope();

/** What a RUN step can observe of its container, written to /observed. */
const OBSERVE = [
  "grep -E 'db|v6' /etc/hosts",
  "df -k /dev/shm | tail -1 | awk '{print \"shm\", $2}'",
  "echo nofile $(ulimit -Sn) $(ulimit -Hn)",
  "echo memory $(cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes)",
  "echo swap $(cat /sys/fs/cgroup/memory.swap.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes 2>/dev/null || echo none)",
  "echo shares $(cat /sys/fs/cgroup/cpu.weight 2>/dev/null || cat /sys/fs/cgroup/cpu/cpu.shares)",
  "echo quota $(cat /sys/fs/cgroup/cpu.max 2>/dev/null || echo $(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us) $(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us))",
  "echo cpus $(cat /sys/fs/cgroup/cpuset.cpus.effective 2>/dev/null || cat /sys/fs/cgroup/cpuset/cpuset.cpus)",
  // The cgroup path names the parent; the container's own ID is masked.
  "grep -m1 -E 'memory|^0::' /proc/self/cgroup | sed -E 's/[0-9a-f]{64}/ID/'",
].join("; ");

const FLAGS = [
  "--network", "none",
  "--add-host", "db:10.1.2.3", "--add-host", "v6=[2001:db8::1]",
  "--shm-size", "32m",
  "--ulimit", "nofile=512:1024",
  "-m", "64m", "--memory-swap", "128m",
  "-c", "512", "--cpu-period", "100000", "--cpu-quota", "50000",
  "--cpuset-cpus", "0",
  "--cgroup-parent", "dfbuild-test-run-options",
];

const observed = (image: string): string => dockerOk(["run", "--rm", "--network", "none", "--entrypoint", "cat", image, "/observed"]);

describe("RUN container options", () => {
  test("match the classic builder's RUN containers given the same flags", async () => {
    const dir = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nRUN (${OBSERVE}) > /observed\n` });
    scope.contexts.push(dir);
    const ours = await dfbuild(dir, [...FLAGS, "--no-cache"]);
    expect(ours.stderr).toBe("");
    expect(ours.code).toBe(0);
    scope.images.push(ours.tag);
    const theirs = classic(dir, FLAGS);
    expect(theirs.code, theirs.stderr).toBe(0);
    scope.images.push(theirs.tag);
    const text = observed(ours.tag);
    expect(text).toBe(observed(theirs.tag));
    // And the flags did reach the container (not two unlimited defaults compared).
    expect(text).toContain("10.1.2.3\tdb");
    expect(text).toContain("2001:db8::1\tv6");
    expect(text).toContain("shm 32768\n");
    expect(text).toContain("nofile 512 1024\n");
    expect(text).toContain(`memory ${String(64 * 1024 * 1024)}\n`);
    expect(text).toContain("dfbuild-test-run-options/ID");
  });

  test("they are not part of the cache key, as in the classic builder", async () => {
    const dir = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nRUN echo cached > /c\n` });
    scope.contexts.push(dir);
    const first = await dfbuild(dir, ["-m", "64m"]);
    const second = await dfbuild(dir, ["-m", "128m", "--shm-size", "8m"]);
    scope.images.push(first.tag, second.tag);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(" ---> Using cache");
  });

  test("--security-opt reaches RUN (the classic builder refuses it on Linux; dfbuild applies it)", async () => {
    const dir = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nRUN grep NoNewPrivs /proc/self/status > /nnp\n` });
    scope.contexts.push(dir);
    const plain = await dfbuild(dir, ["--no-cache"]);
    const hardened = await dfbuild(dir, ["--no-cache", "--security-opt", "no-new-privileges"]);
    scope.images.push(plain.tag, hardened.tag);
    expect(hardened.code, hardened.stderr).toBe(0);
    const read = (image: string): string => dockerOk(["run", "--rm", "--entrypoint", "cat", image, "/nnp"]).replace(/\s+/g, " ").trim();
    expect(read(plain.tag)).toBe("NoNewPrivs: 0");
    expect(read(hardened.tag)).toBe("NoNewPrivs: 1");
  });

  test("an isolation a Linux engine does not have fails before any step, in the engine's words", async () => {
    const dir = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nRUN true\n` });
    scope.contexts.push(dir);
    const result = await dfbuild(dir, ["--isolation", "process"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe('dfbuild build: Unsupported isolation: "process" (a linux engine has only "default")\n');
    const fine = await dfbuild(dir, ["--isolation", "default"]);
    expect(fine.code).toBe(0);
    removeImages(fine.tag);
  });
});
