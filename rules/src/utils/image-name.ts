/**
 * Whether a text is a valid image reference to BuildKit's FROM: distribution/reference's
 * `ParseNormalizedNamed` (`reference/normalize.go`, grammar from `reference/regexp.go`), which
 * BuildKit's InvalidDefaultArgInFrom check calls. Only the verdict is needed here; the engine
 * package has the full parser with its messages, which the linter must not depend on;
 * test/image-reference.test.ts checks that the two give the same verdicts.
 */
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::${TAG})?(?:@${DIGEST})?$`);
const ANCHORED_IDENTIFIER = /^[a-f0-9]{64}$/;
const NAME_TOTAL_LENGTH_MAX = 255;

export function isValidImageReference(text: string): boolean {
  if (ANCHORED_IDENTIFIER.test(text)) return false;
  // `splitDockerDomain`: a first component with `.` or `:`, `localhost`, or an upper-case letter
  // is a registry; otherwise the image is on Docker Hub (a one-component name under `library/`).
  const slash = text.indexOf("/");
  const first = slash === -1 ? "" : text.slice(0, slash);
  const isDomain = slash !== -1 && (/[.:]/.test(first) || first === "localhost" || first.toLowerCase() !== first);
  const domain = isDomain ? first : "docker.io";
  let remainder = isDomain ? text.slice(slash + 1) : text;
  if (!isDomain && !remainder.includes("/")) remainder = `library/${remainder}`;
  // The repository part must be lower case.
  const colon = remainder.indexOf(":");
  const remote = colon === -1 ? remainder : remainder.slice(0, colon);
  if (remote.toLowerCase() !== remote) return false;
  const match = REFERENCE.exec(`${domain}/${remainder}`);
  return match !== null && (match[1]?.length ?? 0) <= NAME_TOTAL_LENGTH_MAX;
}
