import { describe, expect, test } from "vitest";
import { StageHarness } from "../build-harness.test-helper.js";
import { parsePortSpec } from "./expose.js";

describe("EXPOSE", () => {
  test("ports, protocols and ranges become port/proto keys; history lists the words sorted", async () => {
    const stage = await StageHarness.create();
    await stage.dispatch("ENV PORTS=\"9000 53/udp\"\nEXPOSE 80 443/UDP 8000-8002 $PORTS");
    expect(Object.keys(stage.image().config.ExposedPorts ?? {}).sort()).toEqual(
      ["443/udp", "53/udp", "80/tcp", "8000/tcp", "8001/tcp", "8002/tcp", "9000/tcp"].sort(),
    );
    expect(stage.lastCreatedBy()).toBe("/bin/sh -c #(nop)  EXPOSE 443/UDP 53/udp 80 8000-8002 9000");
  });

  test("nat.ParsePortSpecs errors", () => {
    expect(parsePortSpec("80/http")).toBe("invalid proto: http");
    expect(parsePortSpec("abc")).toBe("invalid containerPort: abc");
    expect(parsePortSpec("90-80")).toBe("invalid containerPort: 90-80");
    expect(parsePortSpec("127.0.0.1:8080:80/udp")).toEqual(["80/udp"]);
  });

  test("a bad port fails the step at its line", async () => {
    const stage = await StageHarness.create();
    const error = await stage.failure("EXPOSE 70000");
    expect(error.message).toBe("invalid containerPort: 70000");
    expect(error.location).toEqual({ file: "Dockerfile", line: 2, column: 1 });
  });
});
