/** Archive names as extract-with-add and prefer-copy read them, ours (ADD's) and hadolint's. */
import { expect, test } from "vitest";
import { baseName, hasHadolintArchiveExtension, isTarArchive } from "./archives.js";

test("a tar archive, plain or compressed as ADD unpacks it, in any case", () => {
  for (const path of ["a.tar", "/tmp/a.tar.gz", "a.tar.bz2", "a.tar.xz", "a.tar.zst", "a.tgz", "a.tbz", "a.tbz2", "a.tb2", "a.txz", "a.tzst", "A.TAR", "A.Tar.Gz"]) {
    expect(isTarArchive(path), path).toBe(true);
  }
});

test("not a tar archive: a lone compressed file, another archive format, a name with .t that is no archive", () => {
  for (const path of ["a.gz", "a.xz", "a.zip", "a.tar.lz", "notes.txt", "a.tar.d/b", "a.tarball", "a.TXT"]) {
    expect(isTarArchive(path), path).toBe(false);
  }
});

test("baseName: the last segment after / or \\, as hadolint's basename (Text.dropAround of every quote at either end)", () => {
  expect(baseName("/usr/src/app/packaged-app.tar")).toBe("packaged-app.tar");
  expect(baseName("C:\\dist\\app.tar")).toBe("app.tar");
  expect(baseName("app.tar")).toBe("app.tar");
  expect(baseName(`"/tmp/app.tar"`)).toBe("app.tar");
  expect(baseName(`"'/tmp/app.tar'"`)).toBe("app.tar");
  expect(baseName(`"'app.tar'"`)).toBe("app.tar");
  // Quotes inside the name stay.
  expect(baseName("/tmp/it's.tar")).toBe("it's.tar");
});

test("hadolint's archive extensions, after dropping every quote at either end", () => {
  expect(hasHadolintArchiveExtension("data.gz")).toBe(true);
  expect(hasHadolintArchiveExtension("data.Z")).toBe(true);
  expect(hasHadolintArchiveExtension(`"app.tar"`)).toBe(true);
  expect(hasHadolintArchiveExtension(`'"app.tgz"'`)).toBe(true);
  expect(hasHadolintArchiveExtension("app.zip")).toBe(false);
  // Case counts, as in hadolint's isSuffixOf.
  expect(hasHadolintArchiveExtension("APP.TAR")).toBe(false);
  // A quote inside the name is no quote to drop.
  expect(hasHadolintArchiveExtension("app.t'ar")).toBe(false);
});
