#!/usr/bin/env node
"use strict";
// Starts the bundled CLI through V8's code cache; the plain tsc output is the fallback in a
// checkout that has not run the bundle step. CommonJS, because loading even this file as an
// ES module would start Node's ES module loader, which the bundle does not need.
const { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, unlinkSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { dirname, join } = require("node:path");
const process = require("node:process");
const { Script } = require("node:vm");

const bundleDir = join(__dirname, "..", "dist", "bundle");
const entry = join(bundleDir, "cli.cjs");

/** scripts/bundle.mjs ends each bundle with a hash of its content: the cache's key. */
const HASH_LINE = /\n\/\/ dfbuild-bundle-hash: ([0-9a-f]{16})\n?$/;

/**
 * Where caches go when the bundle's own directory is read-only (a global install): under dfbuild's
 * cache directory, as `dfbuild build` finds it (`$DFBUILD_CACHE_DIR`, else the XDG cache dir).
 */
function userCacheDir() {
  const { DFBUILD_CACHE_DIR, XDG_CACHE_HOME, HOME } = process.env;
  const dir = DFBUILD_CACHE_DIR || (XDG_CACHE_HOME ? join(XDG_CACHE_HOME, "dfbuild") : HOME ? join(HOME, ".cache", "dfbuild") : undefined);
  return dir === undefined ? undefined : join(dir, "code-cache");
}

/**
 * Compiles the bundle's CommonJS files with a V8 code cache: `<file>.<content hash>.<node
 * version>-<arch>.cache`, beside the bundle, or in the user's cache directory where that is
 * read-only (a global install). The content hash means a cache never serves another build's code:
 * V8 itself compares only the source's length, its own version and its flags, and rejects a cache
 * made under other flags (`cachedDataRejected`, https://nodejs.org/api/vm.html#new-vmscriptcode-options),
 * which is then rewritten. A missing or rejected cache is written when the run ends, so the
 * functions the run compiled are in it, to a temporary file renamed into place, so a concurrent
 * run never reads half of one. Caches are only an optimisation: every failure here is ignored.
 */
function useCodeCache() {
  const compile = Module.prototype._compile;
  const fresh = [];
  const places = [bundleDir, userCacheDir()].filter((place) => place !== undefined);
  Module.prototype._compile = function (content, filename) {
    const hash = filename.startsWith(bundleDir) ? HASH_LINE.exec(content.slice(-64))?.[1] : undefined;
    if (hash === undefined) return compile.call(this, content, filename);
    const file = filename.slice(bundleDir.length + 1).replace(/[\\/]/g, "-");
    const name = `${file}.${hash}.${process.version}-${process.arch}.cache`;
    let cachedData;
    for (const place of places) {
      try {
        cachedData = readFileSync(join(place, name));
        break;
      } catch {
        cachedData = undefined;
      }
    }
    const script = new Script(Module.wrap(content), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) fresh.push({ script, file, hash, name });
    const require = (id) => this.require(id);
    require.resolve = (request) => Module._resolveFilename(request, this);
    return script.runInThisContext().call(this.exports, this.exports, require, this, filename, dirname(filename));
  };
  process.once("exit", () => {
    for (const { script, file, hash, name } of fresh) {
      let data;
      try {
        data = script.createCachedData();
      } catch {
        continue;
      }
      places.some((place) => writeCache(place, file, hash, name, data));
    }
  });
}

/**
 * Writes one cache atomically, then removes the caches of other builds of the same file (an
 * upgrade's leftovers); false if the directory is not writable.
 */
function writeCache(place, file, hash, name, data) {
  const temporary = join(place, `${name}.${process.pid}.tmp`);
  try {
    mkdirSync(place, { recursive: true });
    writeFileSync(temporary, data);
    renameSync(temporary, join(place, name));
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // Never written.
    }
    return false;
  }
  try {
    for (const other of readdirSync(place)) {
      if (other.startsWith(`${file}.`) && other.endsWith(".cache") && !other.startsWith(`${file}.${hash}.`)) unlinkSync(join(place, other));
    }
  } catch {
    // Another run removed it first.
  }
  return true;
}

if (existsSync(entry)) {
  useCodeCache();
  require(entry);
} else {
  void import("../dist/cli.js");
}
