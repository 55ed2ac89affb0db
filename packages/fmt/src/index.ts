export { FmtError, formatDockerfile, type FmtErrorCode, type FmtResult } from "./format.js";
export { DEFAULT_FMT_OPTIONS, readFmtOptions, type FmtOptionProblem, type FmtOptions } from "./options.js";
