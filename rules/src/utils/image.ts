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
 * `src/Language/Docker/Parser/From.hs`, v16.0.0, which hadolint v2.15.1 requires). A registry is
 * only text up to a `.` and on to a `/` (`registry.example.com/`), so `localhost:5000/app` has none
 * and its name ends at the first `:` (`localhost`, the rest read as a tag); the name runs to the
 * first `:` or `@`. Each part is read by `someUnlessExpanded`: a `${…}` expansion is one opaque
 * piece, so the `:-` in `${BASE:-alpine}` or the `.` in `${REGISTRY:-docker.io}/app` ends nothing.
 */
export function languageDockerImageName(reference: string): string {
  let start = 0;
  const domainEnd = expandedRunEnd(reference, 0, (char) => char === ".");
  if (domainEnd > 0 && reference[domainEnd] === ".") {
    const tldEnd = expandedRunEnd(reference, domainEnd + 1, (char) => char === "/");
    if (tldEnd > domainEnd + 1 && reference[tldEnd] === "/") start = tldEnd + 1;
  }
  return reference.slice(start, expandedRunEnd(reference, start, (char) => char === ":" || char === "@"));
}

/**
 * Where language-docker's `someUnlessExpanded` stops reading `text` from `start`: at a character
 * `stop` accepts outside a `${…}`, or at the end. A `${` opens an expansion that runs to its
 * balancing `}` (or to the end, when unbalanced); a `$` without `{` is one literal character.
 * language-docker also stops at whitespace, which a FROM's image word never holds.
 */
function expandedRunEnd(text: string, start: number, stop: (char: string) => boolean): number {
  let at = start;
  while (at < text.length) {
    const char = text.charAt(at);
    if (char === "$") {
      at = text[at + 1] === "{" ? expansionEnd(text, at + 2) : at + 1;
      continue;
    }
    if (stop(char)) return at;
    at += 1;
  }
  return at;
}

/** The end of a `${…}` whose body starts at `at`: after its balancing `}`, or the text's end. */
function expansionEnd(text: string, at: number): number {
  let depth = 1;
  for (; at < text.length; at += 1) {
    const char = text.charAt(at);
    if (char === "{") depth += 1;
    else if (char === "}" && --depth === 0) return at + 1;
  }
  return at;
}
