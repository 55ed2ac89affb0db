/**
 * pip's requirement specifiers (PEP 508 and pip's `pip install` argument forms), for deciding
 * whether an install names an exact thing: a version, a VCS revision, a file.
 */

/** PEP 440 version comparison operators. */
const SPECIFIER = /(===|==|~=|!=|>=|<=|<|>)/;
/** pip's VCS schemes (pip docs, "VCS Support"): `git+https://…`, `hg+ssh://…`, `svn+…`, `bzr+…`. */
const VCS = /^(git|hg|svn|bzr)(\+[a-z-]+)?:\/\//i;
/** Archive and wheel files pip installs as they are. */
const ARCHIVE = /\.(whl|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar|zip)$/i;

/** A VCS URL pins when its path names a revision: `…/repo.git@v1.2#egg=name` (userinfo `git@host` is not one). */
function vcsPinned(url: string): boolean {
  const withoutFragment = url.split("#")[0] ?? url;
  const rest = withoutFragment.replace(VCS, "");
  const slash = rest.indexOf("/");
  const path = slash === -1 ? "" : rest.slice(slash);
  return path.includes("@");
}

/** Whether a `pip install` argument chooses exactly what is installed. */
export function pipSpecPinned(spec: string): boolean {
  // PEP 508 direct reference: `name @ URL` (or `name@URL`).
  const direct = /^[A-Za-z0-9][\w.-]*(\[[^\]]*\])?\s*@\s*(\S+:\/\/\S+)$/.exec(spec);
  if (direct?.[2]) return pipSpecPinned(direct[2]);
  if (VCS.test(spec)) return vcsPinned(spec);
  if (/^[a-z]+:\/\//i.test(spec)) return ARCHIVE.test(spec.split(/[?#]/)[0] ?? spec);
  // A path: `.`, `~user`, or anything with a `/` (`./lib`, `../lib`, `/src/pkg`, `dist/app`).
  if (spec === "." || spec.startsWith("~") || spec.includes("/")) return true;
  if (ARCHIVE.test(spec)) return true;
  return SPECIFIER.test(spec.split(";")[0] ?? spec);
}
