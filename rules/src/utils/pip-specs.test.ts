import { describe, expect, test } from "vitest";
import { pipSpecPinned } from "./pip-specs.js";

describe("pipSpecPinned", () => {
  test.each([
    "flask==3.0.3",
    "flask===3.0.3",
    "flask~=3.0",
    "flask!=3.0",
    "flask>=3",
    "flask<=3",
    "flask>3",
    "flask<4",
    "flask[async]==3.0.3",
    'flask==3.0.3; python_version < "3.13"',
    "git+https://github.com/org/repo.git@v1.2#egg=repo",
    "hg+ssh://hg.example.com/repo@rev",
    "SVN+HTTPS://svn.example.com/repo/trunk@1234",
    "bzr://bzr.example.com/repo@42",
    "git+git-remote://host/repo.git@v1",
    "pkg @ https://example.com/pkg-1.0.tar.gz",
    "pkg@https://example.com/pkg-1.0.whl",
    "pkg[extra] @ git+https://github.com/org/repo.git@v1",
    "https://example.com/dist/pkg-1.0-py3-none-any.whl",
    "https://example.com/pkg-1.0.tgz?download=1",
    "https://example.com/pkg-1.0.tar.bz2#sha256=00",
    "https://example.com/pkg.tbz",
    "https://example.com/pkg.tar.xz",
    "https://example.com/pkg.txz",
    "https://example.com/pkg.tar",
    "https://example.com/pkg.zip",
    "file:///tmp/pkg.zip",
    ".",
    "./lib",
    "../lib",
    "/src/pkg",
    "~/pkg",
    "~builder",
    "dist/app",
    "app-1.0.tar.gz",
    "APP-1.0-PY3-NONE-ANY.WHL",
  ])("%s is pinned", (spec) => {
    expect(pipSpecPinned(spec)).toBe(true);
  });

  test.each([
    "flask",
    "flask[async]",
    'flask; python_version < "3.13"',
    'flask; python_version >= "3.8"',
    "git+https://github.com/org/repo.git#egg=repo",
    "git+ssh://git@github.com/org/repo.git",
    "git+ssh://git@github.com/org/repo.git#egg=a@b",
    "hg+https://hg.example.com",
    "pkg @ https://example.com/pkg",
    "pkg@https://example.com/simple/pkg/",
    "flask[async,dotenv] @ https://example.com/simple/flask/",
    "git+https://token@",
    "https://example.com/simple/pkg/",
    "https://example.com/pkg.whl/download",
    "https://example.com/pkg?file=a.whl",
    "pkg.whl.txt",
  ])("%s is not pinned", (spec) => {
    expect(pipSpecPinned(spec)).toBe(false);
  });
});
