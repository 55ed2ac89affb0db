#!/usr/bin/env node
// The bundled CLI starts fastest; the plain tsc output is the fallback in a checkout that has not run the bundle step.
import { existsSync } from "node:fs";
import { URL } from "node:url";

const bundled = new URL("../dist/bundle/cli.js", import.meta.url);
await import(existsSync(bundled) ? bundled.href : "../dist/cli.js");
