#!/usr/bin/env node
"use strict";
// Starts the bundled CLI through V8's code cache; the plain tsc output is the fallback in a
// checkout that has not run the bundle step. CommonJS, because loading even this file as an
// ES module would start Node's ES module loader, which the bundle does not need.
const { existsSync, readFileSync, renameSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { dirname, join } = require("node:path");
const process = require("node:process");
const { Script } = require("node:vm");

const bundleDir = join(__dirname, "..", "dist", "bundle");
const entry = join(bundleDir, "cli.cjs");

/**
 * Compiles the bundle's CommonJS files with a code cache kept beside each of them (`x.cjs.cache`).
 * A cache V8 rejects (another Node version) is rewritten when the run ends, where the directory
 * is writable; caches are only an optimisation, so every failure here is ignored.
 */
function useCodeCache() {
  const compile = Module.prototype._compile;
  const fresh = [];
  Module.prototype._compile = function (content, filename) {
    if (!filename.startsWith(bundleDir)) return compile.call(this, content, filename);
    const cacheFile = `${filename}.cache`;
    let cachedData;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    const script = new Script(Module.wrap(content), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) fresh.push({ script, cacheFile });
    const require = (id) => this.require(id);
    require.resolve = (request) => Module._resolveFilename(request, this);
    return script.runInThisContext().call(this.exports, this.exports, require, this, filename, dirname(filename));
  };
  process.once("exit", () => {
    for (const { script, cacheFile } of fresh) {
      try {
        const temporary = `${cacheFile}.${process.pid}`;
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cacheFile);
      } catch {
        // A read-only install: run without a cache.
      }
    }
  });
}

if (existsSync(entry)) {
  useCodeCache();
  require(entry);
} else {
  void import("../dist/cli.js");
}
