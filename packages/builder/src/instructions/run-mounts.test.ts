import { type RunInstruction, parse } from "@dfbuild/parser";
import { describe, expect, test } from "vitest";
import { BuildError } from "../errors.js";
import { type RunMountSpec, mountKey, runMountSpecs } from "./run-mounts.js";

function specs(line: string, options: { workdir?: string; env?: Record<string, string> } = {}): RunMountSpec[] {
  const { ast, diagnostics } = parse(`FROM scratch\n${line}\n`);
  const error = diagnostics.find((diagnostic) => diagnostic.severity === "error");
  if (error !== undefined) throw new Error(`does not parse: ${error.message}`);
  const instruction = ast.stages[0]?.instructions[0] as RunInstruction;
  return runMountSpecs(instruction, { env: new Map(Object.entries(options.env ?? {})), escape: "\\", workdir: options.workdir ?? "", file: "Dockerfile" });
}

function failure(line: string, options: { workdir?: string; env?: Record<string, string> } = {}): BuildError {
  try {
    specs(line, options);
  } catch (error) {
    if (error instanceof BuildError) return error;
    throw error;
  }
  throw new Error(`${line} did not fail`);
}

describe("RUN --mount values", () => {
  test("BuildKit's defaults by type: bind read-only from the context, cache and tmpfs writable", () => {
    const [bind, cache, tmpfs] = specs("RUN --mount=target=/src --mount=type=cache,target=/root/.cache --mount=type=tmpfs,target=/t,size=64m true");
    expect(bind).toMatchObject({ type: "bind", target: "/src", source: "/", from: null, readOnly: true });
    expect(cache).toMatchObject({ type: "cache", target: "/root/.cache", id: "/root/.cache", sharing: "shared", readOnly: false, mode: null });
    expect(tmpfs).toMatchObject({ type: "tmpfs", target: "/t", size: 64 * 1024 * 1024, readOnly: false });
  });

  test("targets are relative to WORKDIR, a missing one is WORKDIR itself; a cache id keeps the target as written", () => {
    const [bind, cache] = specs("RUN --mount=type=bind --mount=type=cache,target=node_modules/.cache true", { workdir: "/app" });
    expect(bind?.type === "bind" && bind.target).toBe("/app");
    expect(cache).toMatchObject({ target: "/app/node_modules/.cache", id: "node_modules/.cache" });
  });

  test("a target that is / is BuildKit's error, at the flag's position", () => {
    const error = failure("RUN  --mount=type=bind,target=/ true");
    expect(error.message).toBe('invalid mount target "/"');
    expect(error.location).toEqual({ file: "Dockerfile", line: 2, column: 6 });
    expect(error).toMatchObject({ code: "DFB_MOUNT_INVALID" });
    expect(failure("RUN --mount=type=cache true").message).toBe('invalid mount target "/"');
  });

  test("every value is expanded with the stage's variables (BuildKit 1.3+)", () => {
    const [cache] = specs("RUN --mount=type=$KIND,id=${APP}-deps,target=$HOME/.cache,sharing=$SHARING true", {
      env: { KIND: "cache", APP: "web", HOME: "/root", SHARING: "locked" },
    });
    expect(cache).toMatchObject({ type: "cache", id: "web-deps", target: "/root/.cache", sharing: "locked" });
  });

  test("rw, ro and readonly=false, bare and with values", () => {
    const [a, b, c] = specs("RUN --mount=type=bind,rw,target=/a --mount=type=bind,readonly=false,target=/b --mount=type=cache,ro,target=/c true");
    expect([a?.type === "bind" && a.readOnly, b?.type === "bind" && b.readOnly, c?.type === "cache" && c.readOnly]).toEqual([false, false, true]);
  });

  test("source is clamped to its root: ../../a is /a", () => {
    const [bind] = specs("RUN --mount=source=../../a,target=/x true");
    expect(bind?.type === "bind" && bind.source).toBe("/a");
  });

  test("secrets: id from id, source or the target's name; default target /run/secrets/<id>; only a variable with env", () => {
    const [byId, bySource, byTarget, asEnv, both] = specs(
      "RUN --mount=type=secret,id=npmrc --mount=type=secret,source=token --mount=type=secret,target=/etc/creds/key --mount=type=secret,id=api,env=API_KEY --mount=type=secret,id=pw,env=PW,target=pw.txt,mode=0440,uid=1000 true",
      { workdir: "/app" },
    );
    expect(byId).toMatchObject({ id: "npmrc", target: "/run/secrets/npmrc", env: null, required: false, mode: 0o400, uid: 0, gid: 0 });
    expect(bySource).toMatchObject({ id: "token", target: "/run/secrets/token" });
    expect(byTarget).toMatchObject({ id: "key", target: "/etc/creds/key" });
    expect(asEnv).toMatchObject({ id: "api", target: null, env: "API_KEY" });
    expect(both).toMatchObject({ id: "pw", target: "/app/pw.txt", env: "PW", mode: 0o440, uid: 1000 });
  });

  test("ssh: id default, sockets numbered among the RUN's ssh mounts", () => {
    const mounts = specs("RUN --mount=type=ssh --mount=type=cache,target=/c --mount=type=ssh,id=work,required true");
    expect(mounts[0]).toMatchObject({ type: "ssh", id: "default", target: "/run/buildkit/ssh_agent.0", mode: 0o600, required: false });
    expect(mounts[2]).toMatchObject({ type: "ssh", id: "work", target: "/run/buildkit/ssh_agent.1", required: true });
  });

  test("a cache id with .. is refused (it names a cache, not a path)", () => {
    expect(failure("RUN --mount=type=cache,id=../other,target=/c true").message).toBe(
      'invalid cache id "../other": an id names a cache, and may not contain ".." (set id= to a name)',
    );
    expect(failure("RUN --mount=type=cache,target=../up true", { workdir: "/w" }).message).toContain('invalid cache id "../up"');
    expect(specs("RUN --mount=type=cache,id=a..b,target=/c true")[0]).toMatchObject({ id: "a..b" });
  });

  test("values only the builder can check are BuildKit's errors once expanded", () => {
    expect(failure("RUN --mount=type=$T,target=/x true", { env: { T: "tmp" } }).message).toBe('unsupported mount type "tmp" (did you mean tmpfs?)');
    expect(failure("RUN --mount=type=cache,target=/x,mode=$M true", { env: { M: "999" } }).message).toBe("invalid value 999 for mode");
    expect(failure("RUN --mount=type=bind,target=/x,uid=$U true", { env: { U: "1" } }).message).toBe('uid not allowed for "bind" type mounts');
  });

  test("what enters the cache key: the definition, never what is mounted", () => {
    const [cache, secret] = specs("RUN --mount=type=cache,target=/c,sharing=private --mount=type=secret,id=s true");
    expect(cache && mountKey(cache)).toEqual({ type: "cache", target: "/c", id: "/c", sharing: "private", readOnly: false, source: "", mode: null, uid: null, gid: null });
    expect(secret && mountKey(secret)).toEqual({ type: "secret", id: "s", target: "/run/secrets/s", env: null, required: false, mode: 0o400, uid: 0, gid: 0 });
  });
});
