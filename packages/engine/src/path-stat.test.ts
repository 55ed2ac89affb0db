import { describe, expect, test } from "vitest";
import { EngineProtocolError } from "./errors.js";
import { decodePathStat, goFileModePermissions, goFileModeType } from "./path-stat.js";

function header(stat: object): string {
  return Buffer.from(JSON.stringify(stat)).toString("base64");
}

describe("Go os.FileMode decoding", () => {
  // Values the engine sent for real paths (a 0640 file, a 0777 symlink, a 0755 directory, /tmp).
  test.each([
    { mode: 416, type: "file", permissions: 0o640 },
    { mode: 134218239, type: "symlink", permissions: 0o777 },
    { mode: 2147484141, type: "directory", permissions: 0o755 },
    { mode: 2148532735, type: "directory", permissions: 0o1777 },
    { mode: 2 ** 23 + 0o755, type: "file", permissions: 0o4755 },
    { mode: 2 ** 22 + 0o755, type: "file", permissions: 0o2755 },
    { mode: 2 ** 25 + 0o644, type: "pipe", permissions: 0o644 },
    { mode: 2 ** 24 + 0o755, type: "socket", permissions: 0o755 },
    { mode: 2 ** 26 + 2 ** 21 + 0o666, type: "char-device", permissions: 0o666 },
    { mode: 2 ** 26 + 0o660, type: "device", permissions: 0o660 },
  ])("mode $mode is a $type with permissions $permissions", ({ mode, type, permissions }) => {
    expect(goFileModeType(mode)).toBe(type);
    expect(goFileModePermissions(mode)).toBe(permissions);
  });

  test("the header decodes into a stat", () => {
    expect(
      decodePathStat(header({ name: "sh", size: 12, mode: 134218239, mtime: "2026-11-28T08:05:37Z", linkTarget: "/bin/busybox" })),
    ).toEqual({
      name: "sh",
      size: 12,
      goMode: 134218239,
      type: "symlink",
      permissions: 0o777,
      mtime: "2026-11-28T08:05:37Z",
      linkTarget: "/bin/busybox",
    });
  });

  test("a malformed header is a protocol error", () => {
    expect(() => decodePathStat("not base64 json")).toThrow(EngineProtocolError);
    expect(() => decodePathStat(header({ name: "x" }))).toThrow(/without name, size, mode and mtime/);
  });
});
