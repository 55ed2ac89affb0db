import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, test } from "vitest";
import { currentOwner, ownerOfProcess, ownerState, ownerToken, parseOwnerToken } from "./build-owner.js";

describe("build owners", () => {
  test("this process: a token that parses back, and alive", () => {
    const self = currentOwner();
    expect(self.pid).toBe(process.pid);
    expect(parseOwnerToken(ownerToken(self))).toEqual(self);
    expect(ownerToken(self)).toMatch(/^[0-9a-f]{8}-\d+-\d+-\d+$/);
    expect(ownerState(self)).toBe("alive");
  });

  test("a process that ended is gone; one that runs is alive", async () => {
    const child = spawn("sleep", ["30"], { stdio: "ignore" });
    await once(child, "spawn");
    const owner = ownerOfProcess(child.pid ?? 0);
    expect(ownerState(owner)).toBe("alive");
    child.kill("SIGKILL");
    await once(child, "exit");
    expect(ownerState(owner)).toBe("gone");
  });

  test.runIf(process.platform === "linux")("a PID reused by another process (another start time) is gone", () => {
    const self = currentOwner();
    expect(ownerState({ ...self, start: String(Number(self.start) + 1) })).toBe("gone");
  });

  test("an owner on another machine, boot or PID namespace is never judged", () => {
    const self = currentOwner();
    const otherBoot = self.boot === "00000000" ? "11111111" : "00000000";
    expect(ownerState({ ...self, boot: otherBoot, pid: 999_999_999 })).toBe("unknown");
    expect(ownerState({ ...self, namespace: `${self.namespace}1`, pid: 999_999_999 })).toBe("unknown");
  });

  test("tokens that are not ours do not parse", () => {
    expect(parseOwnerToken("0123456789ab")).toBeUndefined();
    expect(parseOwnerToken("abcdef01-1-2")).toBeUndefined();
  });
});
