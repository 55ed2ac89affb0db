import { describe, expect, test } from "vitest";
import { parseCacheFrom, parseCacheTo, parseOutput, PublishOptionError } from "./build-publish-options.js";

describe("--output", () => {
  test.each([
    ["out", { type: "local", dest: "out" }],
    ["-", { type: "tar", dest: "-" }],
    ["type=local,dest=build/rootfs", { type: "local", dest: "build/rootfs" }],
    ["type=tar,dest=fs.tar", { type: "tar", dest: "fs.tar" }],
    ["type=tar,dest=-", { type: "tar", dest: "-" }],
    ['type=local,"dest=a,b"', { type: "local", dest: "a,b" }],
    ["type=registry", { type: "push" }],
    ["type=image,push=true", { type: "push" }],
    ["type=docker", { type: "image" }],
    ["TYPE=tar,DEST=x", { type: "tar", dest: "x" }],
  ])("%s", (text, expected) => {
    expect(parseOutput(text)).toEqual(expected);
  });

  test.each([
    ["dest=out", "--output dest=out: type is required"],
    ["type=local", "--output type=local: dest is required for type=local"],
    ["type=local,dest=-", "type=local needs a directory"],
    ["type=tar,dest=x,compression=gzip", "compression is not an option of type=tar in dfbuild (it accepts dest)"],
    ["type=oci,dest=x.tar", "type=oci is not supported"],
    ["type=s3", 'unknown type "s3"'],
    ["type=image,push=yes", "push=yes is not a boolean"],
    ['type=tar,dest="x', 'bare " in non-quoted-field'],
    ['type=tar,"dest=x', "extraneous or missing"],
  ])("%s is refused: %s", (text, message) => {
    expect(() => parseOutput(text)).toThrow(PublishOptionError);
    expect(() => parseOutput(text)).toThrow(message);
  });
});

describe("--cache-to", () => {
  test("a bare REF is the registry cache, every step", () => {
    expect(parseCacheTo("reg.io/app:cache", () => undefined)).toEqual({ ref: "reg.io/app:cache", mode: "max" });
  });

  test("buildx's CSV: mode, ignore-error; BuildKit blob options are ignored with a warning", () => {
    const warnings: string[] = [];
    expect(parseCacheTo("type=registry,ref=reg.io/app:cache,mode=min,ignore-error=true,image-manifest=true", (text) => warnings.push(text))).toEqual({
      ref: "reg.io/app:cache",
      mode: "min",
      ignoreError: true,
    });
    expect(warnings).toEqual(["--cache-to: image-manifest=true is ignored: dfbuild's cache holds the images the engine pushes, in its own format"]);
  });

  test.each([
    ["type=gha", "type=gha is not supported: dfbuild shares its cache through a registry only"],
    ["type=local,dest=/tmp/c", "type=local is not supported"],
    ["type=inline", "type=inline is not supported"],
    ["ref=x", "type is required"],
    ["type=registry", "ref is required"],
    ["type=registry,ref=x,mode=all", 'mode must be min or max, not "all"'],
    ["type=registry,ref=x,bogus=1", "unknown option bogus"],
    ["Reg.io/App:cache", 'invalid reference "Reg.io/App:cache": repository name (App) must be lowercase'],
    [`reg.io/app@sha256:${"a".repeat(64)}`, "a cache is written under a tag, not a digest"],
  ])("%s is refused: %s", (text, message) => {
    expect(() => parseCacheTo(text, () => undefined)).toThrow(message);
  });
});

describe("--cache-from", () => {
  test("the classic builder's comma-separated images, and buildx's CSV", () => {
    expect(parseCacheFrom("a/b:1,c/d:2")).toEqual(["a/b:1", "c/d:2"]);
    expect(parseCacheFrom("reg.io/app:cache")).toEqual(["reg.io/app:cache"]);
    expect(parseCacheFrom("type=registry,ref=reg.io/app:cache")).toEqual(["reg.io/app:cache"]);
  });

  test.each([
    ["type=gha,scope=x", "type=gha is not supported"],
    ["type=registry,ref=x,mode=max", "unknown option mode (type=registry takes ref only)"],
    ["a/b:1,Not A Ref", 'invalid reference "Not A Ref"'],
  ])("%s is refused: %s", (text, message) => {
    expect(() => parseCacheFrom(text)).toThrow(message);
  });
});
