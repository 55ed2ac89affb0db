/**
 * Image references (`[domain/]path[:tag][@digest]`) parsed and normalised as Docker does: the
 * grammar of distribution/reference (`reference/regexp.go`, `reference/normalize.go`
 * ParseNormalizedNamed), with its error messages.
 */

/** Docker Hub's domain in normalised references. */
export const DOCKER_HUB_DOMAIN = "docker.io";
/** The key the docker CLI stores Docker Hub credentials under (`registry.IndexServer`). */
export const DOCKER_HUB_AUTH_KEY = "https://index.docker.io/v1/";
/** The host the engine talks to for Docker Hub (`registry.DefaultV2Registry`). */
export const DOCKER_HUB_REGISTRY_HOST = "registry-1.docker.io";

const NAME_TOTAL_LENGTH_MAX = 255;

// reference/regexp.go, written out.
const ALPHANUMERIC = "[a-z0-9]+";
const SEPARATOR = "(?:[._]|__|[-]+)";
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const IPV6_ADDRESS = "\\[(?:[a-fA-F0-9:]+)\\]";
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|${IPV6_ADDRESS})(?::[0-9]+)?`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const REMOTE_NAME = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${REMOTE_NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANCHORED_IDENTIFIER = /^[a-f0-9]{64}$/;
const TAG_ONLY = new RegExp(`^${TAG}$`);

/** A malformed image reference, with distribution/reference's message. */
export class ImageReferenceError extends Error {
  override readonly name = "ImageReferenceError";
  readonly code = "DFB_IMAGE_REFERENCE";
  readonly reference: string;

  constructor(reference: string, reason: string) {
    super(`invalid reference "${reference}": ${reason}`);
    this.reference = reference;
  }
}

/** A parsed, normalised image reference. */
export interface ImageReference {
  /** The registry: `docker.io`, `ghcr.io`, `127.0.0.1:5000`, as written (case kept). */
  domain: string;
  /** The repository inside the registry: `library/busybox`, `team/app`. */
  path: string;
  tag: string | undefined;
  digest: string | undefined;
}

/**
 * Parses and normalises a reference as `docker pull` does: a first component with a `.` or `:`,
 * `localhost`, or an upper-case letter is the registry, otherwise the image is on Docker Hub,
 * where a one-component name is under `library/`; `index.docker.io` is Docker Hub too.
 */
export function parseImageReference(text: string): ImageReference {
  if (text === "") throw new ImageReferenceError(text, "repository name must have at least one component");
  if (ANCHORED_IDENTIFIER.test(text)) {
    throw new ImageReferenceError(text, "cannot specify 64-byte hexadecimal strings as a repository name");
  }
  const { domain: splitDomain, remainder } = splitDockerDomain(text);
  // The name part without tag or digest must be lower case (normalize.go ParseNormalizedNamed).
  const colon = remainder.indexOf(":");
  const remoteName = colon === -1 ? remainder : remainder.slice(0, colon);
  if (remoteName.toLowerCase() !== remoteName) throw new ImageReferenceError(text, `repository name (${remoteName}) must be lowercase`);
  const match = REFERENCE.exec(`${splitDomain}/${remainder}`);
  if (match === null) throw new ImageReferenceError(text, "invalid reference format");
  const name = match[1] ?? "";
  if (name.length > NAME_TOTAL_LENGTH_MAX) {
    throw new ImageReferenceError(text, `repository name must not be more than ${String(NAME_TOTAL_LENGTH_MAX)} characters`);
  }
  return { domain: splitDomain, path: name.slice(splitDomain.length + 1), tag: match[2], digest: match[3] };
}

/** `splitDockerDomain` of distribution/reference normalize.go. */
function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf("/");
  const first = slash === -1 ? "" : name.slice(0, slash);
  let domain: string;
  let remainder: string;
  if (slash === -1 || (!/[.:]/.test(first) && first !== "localhost" && first.toLowerCase() === first)) {
    domain = DOCKER_HUB_DOMAIN;
    remainder = name;
  } else {
    domain = first;
    remainder = name.slice(slash + 1);
  }
  if (domain === "index.docker.io") domain = DOCKER_HUB_DOMAIN;
  if (domain === DOCKER_HUB_DOMAIN && !remainder.includes("/")) remainder = `library/${remainder}`;
  return { domain, remainder };
}

/** `domain/path`, the repository's full name (what the engine's push and pull take). */
export function repositoryName(reference: Pick<ImageReference, "domain" | "path">): string {
  return `${reference.domain}/${reference.path}`;
}

/** The reference written out in full: `domain/path[:tag][@digest]`. */
export function formatImageReference(reference: ImageReference): string {
  const tag = reference.tag === undefined ? "" : `:${reference.tag}`;
  const digest = reference.digest === undefined ? "" : `@${reference.digest}`;
  return `${repositoryName(reference)}${tag}${digest}`;
}

/** Whether `text` is a valid tag (`[\w][\w.-]{0,127}`). */
export function isValidTag(text: string): boolean {
  return TAG_ONLY.test(text);
}

/** The docker CLI's credential key for a registry: Docker Hub's index URL, else the domain. */
export function authKeyOf(domain: string): string {
  return domain === DOCKER_HUB_DOMAIN ? DOCKER_HUB_AUTH_KEY : domain;
}
