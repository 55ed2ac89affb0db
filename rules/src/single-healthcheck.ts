import { singleInstructionRule } from "./utils/single-instruction.js";

export default singleInstructionRule({ id: "single-healthcheck", aliases: ["DL3012", "MultipleInstructionsDisallowed"], hadolint: "error", keyword: "HEALTHCHECK", type: "Healthcheck" });
