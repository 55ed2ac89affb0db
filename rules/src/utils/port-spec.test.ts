import { lintText, RuleRegistry, defineRule } from "@dfbuild/linter";
import { describe, expect, test } from "vitest";
import { exposedPorts, splitPortSpec } from "./port-spec.js";

describe("splitPortSpec (BuildKit's convert_expose.go: splitParts, splitProtoPort)", () => {
  test.each([
    ["80", { ip: "", hostPort: "", containerPort: "80", protocol: "" }],
    ["8000-8010", { ip: "", hostPort: "", containerPort: "8000-8010", protocol: "" }],
    ["8080:80", { ip: "", hostPort: "8080", containerPort: "80", protocol: "" }],
    ["127.0.0.1:8080:80/udp", { ip: "127.0.0.1", hostPort: "8080", containerPort: "80", protocol: "udp" }],
    ["::1:8080:80", { ip: "::1", hostPort: "8080", containerPort: "80", protocol: "" }],
    [":80", { ip: "", hostPort: "", containerPort: "80", protocol: "" }],
    ["80/TCP", { ip: "", hostPort: "", containerPort: "80", protocol: "TCP" }],
    ["80/sctp", { ip: "", hostPort: "", containerPort: "80", protocol: "sctp" }],
    ["80/", { ip: "", hostPort: "", containerPort: "80", protocol: "" }],
  ])("%s", (raw, spec) => {
    expect(splitPortSpec(raw)).toEqual(spec);
  });

  test.each(["", "/tcp", "8080:", "8080:/udp", "80/http", "80/tcp/x"])("%j is rejected before the checks", (raw) => {
    expect(splitPortSpec(raw)).toBeNull();
  });
});

describe("exposedPorts", () => {
  /** The ports of each EXPOSE of `text`, without the words they came from. */
  function ports(text: string): { port: string; written: boolean; containerPort: string }[][] {
    const seen: { port: string; written: boolean; containerPort: string }[][] = [];
    const rule = defineRule({
      meta: { id: "probe", severity: "info", type: "suggestion", docs: { description: "reads EXPOSE" }, messages: {} },
      create: (context) => ({
        Expose: (node) => {
          seen.push([...exposedPorts(context.file, node)].map(({ port, written, spec }) => ({ port, written, containerPort: spec.containerPort })));
        },
      }),
    });
    lintText(text, { registry: new RuleRegistry([rule]) });
    return seen;
  }

  test("each word expanded and split, rejected specs left out; a port is written when its word is exactly it", () => {
    expect(ports('FROM a\nARG P="80 443/udp"\nEXPOSE $P 22 bad/http 8080:8081\n')).toEqual([
      [
        { port: "80", written: false, containerPort: "80" },
        { port: "443/udp", written: false, containerPort: "443" },
        { port: "22", written: true, containerPort: "22" },
        { port: "8080:8081", written: true, containerPort: "8081" },
      ],
    ]);
  });

  test("a word whose value is not certain gives no port", () => {
    expect(ports("FROM a\nEXPOSE $UNSET 80\n")).toEqual([[{ port: "80", written: true, containerPort: "80" }]]);
  });
});
