/**
 * `RUN --mount` and `RUN --device` values (`instructions/commands_runmount.go`,
 * `commands_rundevice.go`). BuildKit checks a mount twice: when the instruction is parsed
 * (CSV syntax and `from` without variables) and when the builder expands it (everything else).
 */
import { csvFields, parseBool, parseUint, ramInBytes } from "./go.js";
import { withSuggestion } from "../text.js";

const MOUNT_TYPES = ["bind", "cache", "tmpfs", "secret", "ssh"];
const SHARING_MODES = ["shared", "private", "locked"];
const MOUNT_KEYS = [
  "type", "from", "source", "target", "readonly", "id", "sharing", "required", "size", "mode", "uid", "gid",
  "src", "dst", "destination", "ro", "rw", "readwrite", "env",
];

/** Expands one mount value; `undefined` when it depends on build-time variables. */
export type MountExpander = (value: string) => { value: string } | { error: string } | undefined;

export interface MountField {
  key: string;
  value: string | null;
}

export interface ParsedMount {
  type: string;
  fields: MountField[];
}

/**
 * A mount after the builder's expansion and checks, with BuildKit's typed values (`instructions.Mount`).
 * Fields that were not given are null; `readOnly` null means "the type's default".
 */
export interface ResolvedMount {
  type: "bind" | "cache" | "tmpfs" | "secret" | "ssh";
  from: string | null;
  source: string | null;
  target: string | null;
  readOnly: boolean | null;
  id: string | null;
  sharing: "shared" | "private" | "locked" | null;
  required: boolean;
  /** tmpfs size in bytes. */
  size: number | null;
  mode: number | null;
  uid: number | null;
  gid: number | null;
  env: string | null;
}

export type MountCheck =
  | { ok: true; mount: ParsedMount; resolved: ResolvedMount }
  | { ok: false; message: string }
  | { ok: "unknown"; mount: ParsedMount };

/**
 * BuildKit's `parseMount`. Without an expander it runs the instruction-layer checks only; with
 * one, the builder's. A value the expander cannot know makes the result `unknown` (not an error).
 */
export function checkMount(value: string, expander?: MountExpander): MountCheck {
  const csv = csvFields(value);
  if (!csv.ok) return { ok: false, message: `failed to parse csv mounts: ${csv.message}` };
  const fields: MountField[] = csv.value.map((field) => {
    const eq = field.indexOf("=");
    return eq < 0 ? { key: field.toLowerCase(), value: null } : { key: field.slice(0, eq).toLowerCase(), value: field.slice(eq + 1) };
  });
  const mount: ParsedMount = { type: "bind", fields };
  const resolved: ResolvedMount = {
    type: "bind", from: null, source: null, target: null, readOnly: null, id: null, sharing: null,
    required: false, size: null, mode: null, uid: null, gid: null, env: null,
  };
  let type = "bind";
  let from = "";
  let source = "";
  let target = "";
  let id = "";
  let sharing = "";
  let mode = false;
  let uid = false;
  let gid = false;
  for (const [index, field] of fields.entries()) {
    const raw = csv.value[index] ?? "";
    if (field.value === null) {
      if (!expander) continue;
      switch (field.key) {
        case "readonly":
        case "ro":
          resolved.readOnly = true;
          continue;
        case "readwrite":
        case "rw":
          resolved.readOnly = false;
          continue;
        case "required":
          if (type === "secret" || type === "ssh") {
            resolved.required = true;
            continue;
          }
          return { ok: false, message: `unexpected key '${field.key}' for mount type '${type}'` };
        default:
          return { ok: false, message: `invalid field '${raw}' must be a key=value pair` };
      }
    }
    let fieldValue = field.value;
    if (expander) {
      const expanded = expander(fieldValue);
      if (expanded === undefined) return { ok: "unknown", mount };
      if ("error" in expanded) return { ok: false, message: expanded.error };
      fieldValue = expanded.value;
    } else if (field.key === "from") {
      const dollar = fieldValue.indexOf("$");
      if (dollar !== -1 && dollar !== fieldValue.length - 1) {
        return { ok: false, message: "'from' doesn't support variable expansion, define alias stage instead" };
      }
    } else {
      continue;
    }
    const invalid = (): MountCheck => ({ ok: false, message: `invalid value for ${field.key}: ${fieldValue}` });
    switch (field.key) {
      case "type": {
        const lower = fieldValue.toLowerCase();
        if (!MOUNT_TYPES.includes(lower)) {
          return { ok: false, message: withSuggestion(`unsupported mount type "${fieldValue}"`, fieldValue, MOUNT_TYPES, true) };
        }
        type = lower;
        mount.type = lower;
        resolved.type = lower as ResolvedMount["type"];
        break;
      }
      case "from":
        from = fieldValue;
        resolved.from = fieldValue;
        break;
      case "source":
      case "src":
        source = fieldValue;
        resolved.source = fieldValue;
        break;
      case "target":
      case "dst":
      case "destination":
        target = fieldValue;
        resolved.target = fieldValue;
        break;
      case "readonly":
      case "ro":
      case "readwrite":
      case "rw": {
        const value = parseBool(fieldValue);
        if (value === null) return invalid();
        resolved.readOnly = field.key === "readonly" || field.key === "ro" ? value : !value;
        break;
      }
      case "required": {
        if (type !== "secret" && type !== "ssh") return { ok: false, message: `unexpected key '${field.key}' for mount type '${type}'` };
        const value = parseBool(fieldValue);
        if (value === null) return invalid();
        resolved.required = value;
        break;
      }
      case "size": {
        if (type !== "tmpfs") return { ok: false, message: `unexpected key '${field.key}' for mount type '${type}'` };
        const bytes = ramInBytes(fieldValue);
        if (bytes === null) return invalid();
        resolved.size = bytes;
        break;
      }
      case "id":
        id = fieldValue;
        resolved.id = fieldValue;
        break;
      case "sharing": {
        const lower = fieldValue.toLowerCase();
        if (!SHARING_MODES.includes(lower)) {
          return { ok: false, message: withSuggestion(`unsupported sharing value "${fieldValue}"`, fieldValue, SHARING_MODES, true) };
        }
        sharing = lower;
        resolved.sharing = lower as ResolvedMount["sharing"];
        break;
      }
      case "mode": {
        const parsed = parseUint(fieldValue, 8, 32);
        if (!parsed.ok) return { ok: false, message: `invalid value ${fieldValue} for mode` };
        mode = true;
        resolved.mode = parsed.value;
        break;
      }
      case "uid": {
        const parsed = parseUint(fieldValue, 10, 32);
        if (!parsed.ok) return { ok: false, message: `invalid value ${fieldValue} for uid` };
        uid = true;
        resolved.uid = parsed.value;
        break;
      }
      case "gid": {
        const parsed = parseUint(fieldValue, 10, 32);
        if (!parsed.ok) return { ok: false, message: `invalid value ${fieldValue} for gid` };
        gid = true;
        resolved.gid = parsed.value;
        break;
      }
      case "env":
        resolved.env = fieldValue;
        break;
      default:
        return { ok: false, message: withSuggestion(`unexpected key '${field.key}' in '${raw}'`, field.key, MOUNT_KEYS, true) };
    }
  }
  if (!expander) return { ok: true, mount, resolved };
  const fileInfoAllowed = type === "secret" || type === "ssh" || type === "cache";
  if (!fileInfoAllowed) {
    if (mode) return { ok: false, message: `mode not allowed for "${type}" type mounts` };
    if (uid) return { ok: false, message: `uid not allowed for "${type}" type mounts` };
    if (gid) return { ok: false, message: `gid not allowed for "${type}" type mounts` };
  }
  if (type === "secret") {
    if (from !== "") return { ok: false, message: "secret mount should not have a from" };
    if (sharing !== "") return { ok: false, message: "secret mount should not define sharing" };
    if (source === "" && target === "" && id === "") return { ok: false, message: "invalid secret mount. one of source, target required" };
    if (source !== "" && id !== "") return { ok: false, message: "both source and id can't be set" };
  }
  if (sharing !== "" && type !== "cache") return { ok: false, message: `invalid cache sharing set for ${type} mount` };
  return { ok: true, mount, resolved };
}

/** BuildKit's `ParseDevice`. */
export function checkDevice(value: string): string | null {
  const csv = csvFields(value);
  if (!csv.ok) return `failed to parse csv devices: ${csv.message}`;
  let name = "";
  for (const field of csv.value) {
    const eq = field.indexOf("=");
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    const fieldValue = eq < 0 ? "" : field.slice(eq + 1);
    if (eq < 0) {
      if (key === "required") continue;
      if (name === "") {
        name = field;
        continue;
      }
      return `invalid field '${field}' must be a key=value pair`;
    }
    switch (key) {
      case "name":
        if (name !== "") return `device name already set to ${name}`;
        name = fieldValue;
        break;
      case "required":
        if (parseBool(fieldValue) === null) return `invalid value for ${key}: ${fieldValue}`;
        break;
      default:
        if (name === "") {
          name = field;
          continue;
        }
        return withSuggestion(`unexpected key '${key}' in '${field}'`, key, ["name", "required"], true);
    }
  }
  return null;
}
