/** An image reference split the way registries read it: `registry:5000/team/app:1.2@sha256:…`. */
export interface ImageReference {
  name: string;
  tag: string | null;
  digest: string | null;
}

export function parseImageReference(reference: string): ImageReference {
  const at = reference.indexOf("@");
  const digest = at === -1 ? null : reference.slice(at + 1);
  const withoutDigest = at === -1 ? reference : reference.slice(0, at);
  // A colon after the last slash starts the tag; one before it belongs to a registry port.
  const colon = withoutDigest.lastIndexOf(":");
  const tag = colon > withoutDigest.lastIndexOf("/") ? withoutDigest.slice(colon + 1) : null;
  return { name: tag === null ? withoutDigest : withoutDigest.slice(0, colon), tag, digest };
}

/**
 * The image name hadolint's rules key stages by: language-docker's `imageName` (`parseBaseImage`,
 * `src/Language/Docker/Parser/From.hs`). A registry is only text up to a `.` and on to a `/`
 * (`registry.example.com/`), so `localhost:5000/app` has none and its name ends at the first `:`
 * (`localhost`, the rest read as a tag); the name runs to the first `:` or `@`.
 */
export function languageDockerImageName(reference: string): string {
  const registry = /^[^.]+\.[^/]+\//.exec(reference);
  const rest = registry ? reference.slice(registry[0].length) : reference;
  return /^[^:@]*/.exec(rest)?.[0] ?? rest;
}
