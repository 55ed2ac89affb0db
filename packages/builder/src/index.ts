export { build, splitTag, type BuildOptions, type BuildResult, type PullPolicy } from "./build.js";
export type { BuildEngine } from "./build-engine.js";
export type { BuildEvent } from "./events.js";
export type { CacheMissReason } from "./cache-miss.js";
export { BuildError, BuildCancelledError, ChecksumError, EngineLostError, FoldedHistoryError, FrontendError, MountError, type DockerfileLocation } from "./errors.js";
export type { BuildArgValues } from "./args.js";
export { defaultCacheDir } from "./cache.js";
// `.dockerignore` matching lives in the parser package (pure), shared with the linter.
export { IgnoreMatcher, readIgnoreFile, DockerignoreError } from "@dfbuild/parser";
export type { RunHostConfig } from "./run-host-config.js";
export { exportFilesystem, FilesystemExportError, type FilesystemOutput } from "./filesystem-export.js";
export { ImagePushError, type PushedTag } from "./image-push.js";
export { RegistryCacheError, type CacheExportOptions, type RegistryCacheErrorCode } from "./registry-cache.js";
export { humanSize, localVolumeSize, pruneBuildCache, PruneError, type PruneOptions, type PruneResult } from "./prune.js";
export { parseSecretSpec, SecretSpecError, type SecretSource } from "./mounts/secrets.js";
export { parseSshSpec, SshSpecError, type SshSource } from "./mounts/ssh-agent.js";
export { listCacheMounts, removeCacheMounts, type CacheMountVolume } from "./mounts/cache-volumes.js";
export { containerBuildState } from "./leftovers.js";
