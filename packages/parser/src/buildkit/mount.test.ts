import { describe, expect, test } from "vitest";
import { type MountCheck, checkDevice, checkMount } from "./mount.js";

/** An expander that knows every value: each one is itself. */
const known = (value: string): { value: string } => ({ value });

/** BuildKit's message, or "ok". */
function outcome(check: MountCheck): string {
  if (check.ok === false) return check.message;
  return check.ok === true ? "ok" : "unknown";
}

function resolved(value: string): Record<string, unknown> {
  const check = checkMount(value, known);
  if (check.ok !== true) throw new Error(`not a valid mount: ${outcome(check)}`);
  return { ...check.resolved };
}

describe("checkMount at the instruction layer (BuildKit's parseMount before expansion)", () => {
  test("only the CSV and a `from` with a variable are checked", () => {
    expect(outcome(checkMount("from=$x"))).toBe("'from' doesn't support variable expansion, define alias stage instead");
    // A `$` at the end is no variable; every other key waits for the builder.
    expect(outcome(checkMount("from=a$"))).toBe("ok");
    expect(outcome(checkMount("type=BND,x,=y,size=1k"))).toBe("ok");
    expect(outcome(checkMount("type=secret"))).toBe("ok");
    expect(outcome(checkMount('type=bind,"a'))).toMatch(/^failed to parse csv mounts: .+/);
  });

  test("the fields as written, keys lower-cased; the type before expansion is bind", () => {
    const check = checkMount("Type=cache,RO,target=/t");
    expect(check).toMatchObject({ ok: true, mount: { type: "bind", fields: [{ key: "type", value: "cache" }, { key: "ro", value: null }, { key: "target", value: "/t" }] } });
  });
});

describe("checkMount in the builder (every value expanded)", () => {
  test("defaults: a bind mount, not required, nothing else set", () => {
    expect(checkMount("target=/t", known)).toMatchObject({ ok: true, mount: { type: "bind" } });
    expect(resolved("target=/t")).toEqual({
      type: "bind", from: null, source: null, target: "/t", readOnly: null, id: null, sharing: null,
      required: false, size: null, mode: null, uid: null, gid: null, env: null,
    });
  });

  test("the target by any of its names; env", () => {
    expect(resolved("dst=/d").target).toBe("/d");
    expect(resolved("destination=/e").target).toBe("/e");
    expect(resolved("env=FOO").env).toBe("FOO");
  });

  test("read-only: the bare keys and the boolean ones", () => {
    expect(resolved("readonly").readOnly).toBe(true);
    expect(resolved("ro").readOnly).toBe(true);
    expect(resolved("readwrite").readOnly).toBe(false);
    expect(resolved("ro,rw").readOnly).toBe(false);
    expect(resolved("ro=false").readOnly).toBe(false);
    expect(resolved("readonly=true").readOnly).toBe(true);
    expect(resolved("rw=true").readOnly).toBe(false);
    expect(resolved("readwrite=false").readOnly).toBe(true);
    expect(outcome(checkMount("readonly=maybe", known))).toBe("invalid value for readonly: maybe");
    expect(outcome(checkMount("rw=maybe", known))).toBe("invalid value for rw: maybe");
  });

  test("required: only for secret and ssh mounts", () => {
    expect(resolved("type=secret,id=a,required").required).toBe(true);
    expect(resolved("type=ssh,required").required).toBe(true);
    expect(resolved("type=ssh,required=true").required).toBe(true);
    expect(resolved("type=secret,id=a,required=false").required).toBe(false);
    expect(outcome(checkMount("target=/t,required", known))).toBe("unexpected key 'required' for mount type 'bind'");
    expect(outcome(checkMount("type=cache,required=true", known))).toBe("unexpected key 'required' for mount type 'cache'");
    expect(outcome(checkMount("type=ssh,required=maybe", known))).toBe("invalid value for required: maybe");
  });

  test("a field without `=` or with an empty key", () => {
    expect(outcome(checkMount("x", known))).toBe("invalid field 'x' must be a key=value pair");
    expect(outcome(checkMount("=x", known))).toBe("unexpected key '' in '=x' (did you mean id?)");
  });

  test("types and sharing modes: suggestions are case-sensitive, as BuildKit's", () => {
    expect(outcome(checkMount("type=bnd", known))).toBe('unsupported mount type "bnd" (did you mean bind?)');
    expect(outcome(checkMount("type=BND", known))).toBe('unsupported mount type "BND"');
    expect(resolved("type=CACHE").type).toBe("cache");
    expect(outcome(checkMount("type=cache,sharing=Lockd", known))).toBe('unsupported sharing value "Lockd" (did you mean locked?)');
    expect(outcome(checkMount("type=cache,sharing=LOCKD", known))).toBe('unsupported sharing value "LOCKD"');
    expect(outcome(checkMount("Targt=/t", known))).toBe("unexpected key 'targt' in 'Targt=/t' (did you mean target?)");
  });

  test("size only for tmpfs; mode, uid and gid only for secret, ssh and cache", () => {
    expect(resolved("type=tmpfs,size=1k").size).toBe(1024);
    expect(outcome(checkMount("size=1k", known))).toBe("unexpected key 'size' for mount type 'bind'");
    expect(resolved("type=cache,gid=5,uid=1,mode=0700")).toMatchObject({ gid: 5, uid: 1, mode: 0o700 });
    expect(resolved("type=secret,id=a,gid=5")).toMatchObject({ gid: 5 });
    expect(resolved("type=ssh,uid=5")).toMatchObject({ uid: 5 });
    expect(outcome(checkMount("gid=x", known))).toBe("invalid value x for gid");
    expect(outcome(checkMount("gid=5", known))).toBe('gid not allowed for "bind" type mounts');
    expect(outcome(checkMount("type=tmpfs,uid=5", known))).toBe('uid not allowed for "tmpfs" type mounts');
    expect(outcome(checkMount("type=tmpfs,mode=0700", known))).toBe('mode not allowed for "tmpfs" type mounts');
  });

  test("a secret mount: no from, no sharing, a source, target or id, not both source and id", () => {
    expect(outcome(checkMount("type=secret", known))).toBe("invalid secret mount. one of source, target required");
    expect(outcome(checkMount("type=secret,from=x,id=a", known))).toBe("secret mount should not have a from");
    expect(outcome(checkMount("type=secret,id=a,sharing=shared", known))).toBe("secret mount should not define sharing");
    expect(outcome(checkMount("type=secret,source=s,id=a", known))).toBe("both source and id can't be set");
    expect(outcome(checkMount("type=secret,id=a", known))).toBe("ok");
    expect(outcome(checkMount("type=secret,target=/t", known))).toBe("ok");
    expect(outcome(checkMount("type=secret,source=s", known))).toBe("ok");
    expect(outcome(checkMount("type=secret,source=s,target=/t", known))).toBe("ok");
  });

  test("sharing only for cache mounts", () => {
    expect(resolved("type=cache,sharing=shared").sharing).toBe("shared");
    expect(outcome(checkMount("sharing=shared", known))).toBe("invalid cache sharing set for bind mount");
  });

  test("a value the expander cannot know, or cannot expand", () => {
    expect(outcome(checkMount("target=$X", () => undefined))).toBe("unknown");
    expect(outcome(checkMount("target=${X:?no}", () => ({ error: "X: no" })))).toBe("X: no");
  });
});

describe("checkDevice (BuildKit's ParseDevice)", () => {
  test.each([
    ["foo", null],
    ["foo,required", null],
    ["Required,foo", null],
    ["name=a,required=true", null],
    ["NAME=a", null],
    ["name=", null],
    // The first field that is no known key is the name, with or without `=`.
    ["foo=bar", null],
    ["foo,bar", "invalid field 'bar' must be a key=value pair"],
    ["x,name=a", "device name already set to x"],
    ["name=a,name=b", "device name already set to a"],
    ["name=a,required=maybe", "invalid value for required: maybe"],
    ["name=a,nme=b", "unexpected key 'nme' in 'nme=b' (did you mean name?)"],
    ["name=a,Foo=bar", "unexpected key 'foo' in 'Foo=bar'"],
    ["name=a,requird=b", "unexpected key 'requird' in 'requird=b' (did you mean required?)"],
    // Keys in any case; an empty key is an unknown one.
    ["name=a,NAME=b", "device name already set to a"],
    ["a,=x", "unexpected key '' in '=x'"],
  ])("%j", (value, message) => {
    expect(checkDevice(value)).toBe(message);
  });

  test("a CSV error", () => {
    expect(checkDevice('"a')).toMatch(/^failed to parse csv devices: .+/);
  });
});
