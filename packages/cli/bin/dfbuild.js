#!/usr/bin/env node
// For scripts and tests that run this path: the launcher is dfbuild.cjs (the package's bin).
import "./dfbuild.cjs";
