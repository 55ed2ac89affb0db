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
