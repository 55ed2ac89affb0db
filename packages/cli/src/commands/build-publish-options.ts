/**
 * The values of `dfbuild build --output`, `--cache-to` and `--cache-from`, read as buildx reads them
 * (docker/buildx `util/buildflags/export.go` ParseExports, `util/buildflags/cache.go`
 * ParseCacheEntry): a CSV of `key=value` fields (Go's encoding/csv, so a field may be quoted), or
 * the short forms (`-o DIR`, `-o -`, a bare cache REF). `--cache-from` also keeps the classic
 * builder's form, image names separated by commas (docker/cli's StringSlice flag), when no field
 * has an `=`.
 */
import type { CacheExportOptions } from "@dfbuild/builder";
import { parseImageReference } from "@dfbuild/engine";
import { parseGoBool, readCsvRecord } from "../flag-parser.js";

/** What `--output` asks for; a tar to `-` goes to the standard output. */
export type OutputRequest = { type: "local"; dest: string } | { type: "tar"; dest: string } | { type: "push" } | { type: "image" };

/** A value the flag does not accept: the message is one line, the caller adds the usage. */
export class PublishOptionError extends Error {
  override readonly name = "PublishOptionError";
}

function fieldsOf(flag: string, text: string): Map<string, string> {
  const fields = new Map<string, string>();
  let record: string[];
  try {
    record = readCsvRecord(text);
  } catch (error) {
    throw new PublishOptionError(`${flag} ${text}: ${(error as Error).message}`);
  }
  for (const field of record) {
    const equals = field.indexOf("=");
    if (equals === -1) throw new PublishOptionError(`${flag} ${text}: invalid value ${JSON.stringify(field)}: expected key=value`);
    fields.set(field.slice(0, equals).trim().toLowerCase(), field.slice(equals + 1));
  }
  return fields;
}

function parseBool(flag: string, key: string, value: string): boolean {
  // Go's strconv.ParseBool spellings, which buildx uses.
  const parsed = parseGoBool(value);
  if (parsed === undefined) throw new PublishOptionError(`${flag}: ${key}=${value} is not a boolean (true or false)`);
  return parsed;
}

/** `-o/--output`: `DIR`, `-`, or `type=local|tar|registry|image|docker[,dest=…][,push=…]`. */
export function parseOutput(text: string): OutputRequest {
  if (text === "-") return { type: "tar", dest: "-" };
  if (!text.includes("=")) return { type: "local", dest: text };
  const fields = fieldsOf("--output", text);
  const type = fields.get("type");
  if (type === undefined) throw new PublishOptionError(`--output ${text}: type is required (type=local,dest=DIR or type=tar,dest=FILE)`);
  fields.delete("type");
  const rest = (allowed: readonly string[]): void => {
    for (const key of fields.keys()) {
      if (!allowed.includes(key)) throw new PublishOptionError(`--output ${text}: ${key} is not an option of type=${type} in dfbuild (it accepts ${allowed.join(", ") || "none"})`);
    }
  };
  switch (type) {
    case "local":
    case "tar": {
      rest(["dest"]);
      const dest = fields.get("dest");
      if (dest === undefined || dest === "") throw new PublishOptionError(`--output ${text}: dest is required for type=${type}`);
      if (type === "local" && dest === "-") throw new PublishOptionError(`--output ${text}: type=local needs a directory; a tar to the standard output is type=tar,dest=-`);
      return { type, dest };
    }
    case "registry":
      rest([]);
      return { type: "push" };
    case "image":
    case "docker": {
      rest(["push"]);
      const push = fields.get("push");
      return push !== undefined && parseBool("--output", "push", push) ? { type: "push" } : { type: "image" };
    }
    case "oci":
      throw new PublishOptionError(`--output ${text}: type=oci is not supported: dfbuild builds into the engine's image store; use type=tar for the filesystem, or docker save for an image archive`);
    case "cacheonly":
      throw new PublishOptionError(`--output ${text}: type=cacheonly is not supported: dfbuild always keeps the image in the engine`);
    default:
      throw new PublishOptionError(`--output ${text}: unknown type ${JSON.stringify(type)} (dfbuild supports local, tar, registry, image and docker)`);
  }
}

/** Keys of buildx's registry cache that shape BuildKit's own blobs; dfbuild's cache has no use for them. */
const IGNORED_CACHE_KEYS = ["image-manifest", "oci-mediatypes", "compression", "compression-level", "force-compression", "oci-artifact", "store"];

function checkCacheType(flag: string, text: string, type: string | undefined): void {
  if (type === "registry") return;
  if (type === undefined) throw new PublishOptionError(`${flag} ${text}: type is required (type=registry,ref=REF, or just REF)`);
  throw new PublishOptionError(
    `${flag} ${text}: type=${type} is not supported: dfbuild shares its cache through a registry only (type=registry,ref=REF, or just REF)`,
  );
}

/** A cache REF: an image reference (Docker's grammar); `--cache-to` needs a tag, not a digest. */
function checkRef(flag: string, ref: string): string {
  let digest: string | undefined;
  try {
    digest = parseImageReference(ref).digest;
  } catch (error) {
    throw new PublishOptionError(`${flag} ${ref}: ${(error as Error).message}`);
  }
  if (flag === "--cache-to" && digest !== undefined) throw new PublishOptionError(`${flag} ${ref}: a cache is written under a tag, not a digest`);
  return ref;
}

/** `--cache-to`: `REF` or `type=registry,ref=REF[,mode=min|max][,ignore-error=true]`. */
export function parseCacheTo(text: string, warn: (text: string) => void): CacheExportOptions {
  if (!text.includes("=")) return { ref: checkRef("--cache-to", text), mode: "max" };
  const fields = fieldsOf("--cache-to", text);
  checkCacheType("--cache-to", text, fields.get("type"));
  const ref = fields.get("ref");
  if (ref === undefined || ref === "") throw new PublishOptionError(`--cache-to ${text}: ref is required (type=registry,ref=REF)`);
  const options: CacheExportOptions = { ref: checkRef("--cache-to", ref), mode: "max" };
  for (const [key, value] of fields) {
    switch (key) {
      case "type":
      case "ref":
        break;
      case "mode":
        if (value !== "min" && value !== "max") throw new PublishOptionError(`--cache-to ${text}: mode must be min or max, not ${JSON.stringify(value)}`);
        options.mode = value;
        break;
      case "ignore-error":
        options.ignoreError = parseBool("--cache-to", key, value);
        break;
      default:
        if (!IGNORED_CACHE_KEYS.includes(key)) throw new PublishOptionError(`--cache-to ${text}: unknown option ${key}`);
        warn(`--cache-to: ${key}=${value} is ignored: dfbuild's cache holds the images the engine pushes, in its own format`);
    }
  }
  return options;
}

/** `--cache-from`: `REF[,REF…]` (the classic builder's list) or `type=registry,ref=REF`. */
export function parseCacheFrom(text: string): string[] {
  if (!text.includes("=")) return text.split(",").filter((ref) => ref !== "").map((ref) => checkRef("--cache-from", ref));
  const fields = fieldsOf("--cache-from", text);
  checkCacheType("--cache-from", text, fields.get("type"));
  const ref = fields.get("ref");
  if (ref === undefined || ref === "") throw new PublishOptionError(`--cache-from ${text}: ref is required (type=registry,ref=REF)`);
  for (const key of fields.keys()) {
    if (key !== "type" && key !== "ref") throw new PublishOptionError(`--cache-from ${text}: unknown option ${key} (type=registry takes ref only)`);
  }
  return [checkRef("--cache-from", ref)];
}
