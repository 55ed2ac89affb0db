#!/usr/bin/env node
"use strict";
// Starts the bundled CLI through V8's code cache; the plain tsc output is the fallback in a
// checkout that has not run the bundle step. CommonJS, because loading even this file as an
// ES module would start Node's ES module loader, which the bundle does not need.
const { Buffer, isAscii } = require("node:buffer");
const { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, readdirSync, renameSync, unlinkSync, writeFileSync } = require("node:fs");
const { dirname, join } = require("node:path");
const process = require("node:process");
const { Script } = require("node:vm");
// Node's Module class, as `require("node:module")` exports it: the class of this file's own
// module. Loading the public node:module would also load Node's ES module loader and source map
// modules (lib/module.js), ~1% of a lint start's instructions.
const Module = module.constructor;

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
 * functions the run compiled are in it (not by a run that only prints usage: `onlyPrintsUsage`),
 * to a temporary file renamed into place, so a concurrent run never reads half of one. Caches are
 * only an optimisation: every failure here is ignored.
 *
 * The bundles are read here rather than by Node's loader (which would read each as UTF-8 through
 * a buffer it grows as it goes): a bundle and then its cache are read into one buffer, sized for
 * the larger, and the bundle's text is made from it first. A start touches that much less fresh
 * memory, which costs page faults. `require.extensions` is deprecated in Node's documentation
 * (https://nodejs.org/api/modules.html#requireextensions), yet it is where Node's own loader looks
 * up how to load a `.cjs` file, and the only place to say how a file is read.
 */
function useCodeCache() {
  const fresh = [];
  const places = [bundleDir, userCacheDir()].filter((place) => place !== undefined);
  const loadJs = Module._extensions[".js"];
  let buffer = Buffer.alloc(0);
  /** Reads a whole file into `buffer`, which holds at least `size` bytes. */
  const readWhole = (fd, size) => {
    let done = 0;
    while (done < size) {
      const read = readSync(fd, buffer, done, size - done, done);
      if (read === 0) break;
      done += read;
    }
    return buffer.subarray(0, done);
  };
  Module._extensions[".cjs"] = function (module, filename) {
    if (!filename.startsWith(bundleDir)) return loadJs(module, filename);
    const fd = openSync(filename, "r");
    let content;
    let cachedData;
    let file;
    let hash;
    let name;
    try {
      const { size } = fstatSync(fd);
      const tail = Buffer.alloc(Math.min(64, size));
      readSync(fd, tail, 0, tail.length, size - tail.length);
      hash = HASH_LINE.exec(tail.toString("latin1"))?.[1];
      // Not written by scripts/bundle.mjs: Node's loader, without a cache.
      if (hash === undefined) return loadJs(module, filename);
      file = filename.slice(bundleDir.length + 1).replace(/[\\/]/g, "-");
      name = `${file}.${hash}.${process.version}-${process.arch}.cache`;
      let cacheFd;
      let cacheSize = 0;
      for (const place of places) {
        try {
          cacheFd = openSync(join(place, name), "r");
          const stats = fstatSync(cacheFd);
          if (stats.isFile()) {
            cacheSize = stats.size;
            break;
          }
        } catch {
          // Not there, or not readable: the next place.
        }
        if (cacheFd !== undefined) closeSync(cacheFd);
        cacheFd = undefined;
      }
      try {
        if (buffer.length < Math.max(size, cacheSize)) buffer = Buffer.allocUnsafeSlow(Math.max(size, cacheSize));
        const text = readWhole(fd, size);
        // esbuild writes ASCII (its default `charset`), which Latin-1 decodes without UTF-8's checks.
        content = isAscii(text) ? text.toString("latin1") : text.toString("utf8");
        if (cacheFd !== undefined) {
          try {
            cachedData = readWhole(cacheFd, cacheSize);
          } catch {
            cachedData = undefined;
          }
        }
      } finally {
        if (cacheFd !== undefined) closeSync(cacheFd);
      }
    } finally {
      closeSync(fd);
    }
    // scripts/bundle.mjs writes each hashed bundle already wrapped: run as a script, its text
    // evaluates to the module function (`Module.wrap` would copy the whole text into a new string).
    const script = new Script(content, { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) fresh.push({ script, file, hash, name });
    // The bundles' own files by path (a command, yaml or tinyglobby: scripts/bundle.mjs writes
    // them as `./commands/<name>.cjs` and `../lib/<name>.cjs`); Node's modules through Node.
    const require = (id) => ((id.startsWith("./") || id.startsWith("../")) && id.endsWith(".cjs") ? loadBundle(join(dirname(filename), id), module) : module.require(id));
    require.resolve = (request) => Module._resolveFilename(request, module);
    script.runInThisContext().call(module.exports, module.exports, require, module, filename, dirname(filename));
  };
  if (onlyPrintsUsage(process.argv.slice(2))) return;
  // `on`, not `once`: the process ends after "exit" anyway, and `once` wraps the listener through
  // events' _onceWrap, onceWrapper and removeListener, Node functions compiled at every start for
  // nothing (0.34M instructions of a `dfbuild lint`).
  process.on("exit", () => {
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
 * Whether the command line only asks for help or the version (as packages/cli/src/main.ts and
 * its flag parser read them). Such a run writes no cache: it compiles only the bundle's top level
 * and usage text, and V8 would accept that thin cache in every later run, which would then compile
 * the rest of the bundle at each start (~73M more instructions a `dfbuild lint` after a first
 * `dfbuild lint --help`). A run doing the command's work writes it.
 */
function onlyPrintsUsage(args) {
  const [command] = args;
  if (command === undefined || command === "help" || command === "--help" || command === "-h" || command === "--version" || command === "-v") return true;
  for (const arg of args) {
    if (arg === "--") return false;
    if (arg === "--help" || arg === "-h") return true;
  }
  return false;
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

/**
 * Loads one of the bundle's files by its absolute path, into Node's module cache as `require`
 * would, without `require`'s resolution: that reads the package.json files above the requiring
 * file (`trySelf`), stats the path and resolves its real path a directory at a time (`_findPath`,
 * `toRealPath`; `Module._resolveFilename` in Node's lib/internal/modules/cjs/loader.js), to learn
 * nothing a path inside the bundle's own directory does not already say.
 */
function loadBundle(filename, parent) {
  const cached = Module._cache[filename];
  if (cached !== undefined) return cached.exports;
  const module = new Module(filename, parent);
  module.filename = filename;
  module.paths = Module._nodeModulePaths(dirname(filename));
  Module._cache[filename] = module;
  Module._extensions[".cjs"](module, filename);
  module.loaded = true;
  return module.exports;
}

if (existsSync(entry)) {
  useCodeCache();
  loadBundle(entry, module);
} else {
  void import("../dist/cli.js");
}
