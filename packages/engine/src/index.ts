export { Engine, type EngineOptions } from "./engine.js";
export { tlsFilesIn, DEFAULT_SOCKET_PATH, type EndpointOptions, type TlsFiles } from "./endpoint.js";
export { selectEngine, type EngineSelection, type EngineSelectionOptions } from "./engine-selection.js";
export { NEWEST_API_VERSION, OLDEST_API_VERSION } from "./api-version.js";
export type { SignalOption } from "./api-client.js";
export type { ConnectionStats, RequestTiming } from "./transport.js";
export type {
  ArchiveDownload,
  AttachOptions,
  CommitOptions,
  Containers,
  CreateContainerOptions,
  ListContainersOptions,
  LogsOptions,
  OutputOptions,
  PutArchiveOptions,
  RemoveContainerOptions,
  WaitOptions,
} from "./containers.js";
export type { Images, ImportOptions, ListImagesOptions, PullOptions, PushOptions, RemoveImageOptions, TagImageOptions } from "./images.js";
export type { ListVolumesOptions, Volumes } from "./volumes.js";
export type { Builds, EngineBuildOptions } from "./builds.js";
export { ContainerOutput, collectOutput } from "./output.js";
export type { TarSource } from "./tar-source.js";
export { FrameDecoder, encodeFrame, type Frame, type OutputChunk, type OutputStreamName } from "./frames.js";
export { JsonLinesDecoder } from "./json-lines.js";
export { decodePathStat, type PathStat, type PathType } from "./path-stat.js";
export {
  DockerCredentials,
  encodeRegistryAuth,
  readRegistryAuth,
  registryOfReference,
  type RegistryAuth,
  type RegistryAuthLookup,
} from "./registry-auth.js";
export {
  DOCKER_HUB_DOMAIN,
  ImageReferenceError,
  formatImageReference,
  isValidTag,
  parseImageReference,
  repositoryName,
  type ImageReference,
} from "./image-reference.js";
export {
  MEDIA_TYPES,
  RegistryClient,
  insecureRegistryMatcher,
  type FetchedManifest,
  type RegistryCallOptions,
  type RegistryClientOptions,
  type Repository,
} from "./registry-client.js";
export {
  CredentialHelperError,
  EngineClientError,
  EngineConfigError,
  EngineError,
  EngineProtocolError,
  EngineStreamError,
  EngineTlsError,
  EngineUnreachableError,
  EngineVersionError,
  RegistryError,
  type EngineErrorCode,
  type RegistryErrorCode,
  type TlsCertificateRole,
} from "./errors.js";
export * from "./types.js";
