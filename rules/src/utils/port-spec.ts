import type { ExposeInstruction, Word } from "@dfbuild/parser";
import type { LintFile } from "@dfbuild/linter";
import { expandWords } from "./expand-words.js";

/** One EXPOSE port spec split as BuildKit splits it (`dockerfile2llb/convert_expose.go`). */
export interface PortSpec {
  /** The IP address part of `ip:host:container`, or "". */
  ip: string;
  /** The host port (range) of `host:container`, or "". */
  hostPort: string;
  /** The container port (range), without the protocol. */
  containerPort: string;
  /** The protocol as written ("" when none). */
  protocol: string;
}

/**
 * `portSpecs.splitParts` and `splitProtoPort`: null when BuildKit rejects the spec before its
 * checks run (no port, or a protocol other than tcp, udp and sctp in any case).
 */
export function splitPortSpec(raw: string): PortSpec | null {
  const parts = raw.split(":");
  const n = parts.length;
  const ip = n >= 3 ? parts.slice(0, n - 2).join(":") : "";
  const hostPort = n >= 2 ? (parts[n - 2] ?? "") : "";
  const last = parts[n - 1] ?? "";
  const slash = last.indexOf("/");
  const containerPort = slash === -1 ? last : last.slice(0, slash);
  const protocol = slash === -1 ? "" : last.slice(slash + 1);
  if (containerPort === "") return null;
  if (!["", "tcp", "udp", "sctp"].includes(protocol.toLowerCase())) return null;
  return { ip, hostPort, containerPort, protocol };
}

/** One port of an EXPOSE instruction, after expansion, with the word it came from. */
export interface ExposedPort {
  /** The word as written, which may expand to several ports (`EXPOSE $PORTS`). */
  word: Word;
  /** This port after expansion. */
  port: string;
  spec: PortSpec;
  /** Whether the word is this port as written (no variable, one port), so an edit of the word may replace it. */
  written: boolean;
}

/**
 * Every port BuildKit's EXPOSE checks see: each word expanded with the variables in scope and split
 * into words (`dispatchExpose`, then `portSpecs.parsePort` per port in `convert_expose.go`), the
 * specs BuildKit rejects before its checks left out, as are words whose value the build is not
 * certain of.
 */
export function* exposedPorts(file: LintFile, node: ExposeInstruction): Generator<ExposedPort> {
  for (const word of node.ports) {
    for (const port of expandWords(file, word, node) ?? []) {
      const spec = splitPortSpec(port);
      if (spec === null) continue;
      yield { word, port, spec, written: file.text.slice(word.range.start.offset, word.range.end.offset) === port };
    }
  }
}
