export { build, splitTag, type BuildOptions, type BuildResult, type PullPolicy } from "./build.js";
export type { BuildEvent } from "./events.js";
export { BuildError, BuildCancelledError, type DockerfileLocation } from "./errors.js";
export type { BuildArgValues } from "./args.js";
export { defaultCacheDir } from "./cache.js";
export { IgnoreMatcher, readIgnoreFile, DockerignoreError } from "./dockerignore.js";
export type { RunHostConfig } from "./run-host-config.js";
