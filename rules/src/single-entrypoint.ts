import { singleInstructionRule } from "./utils/single-instruction.js";

export default singleInstructionRule({ id: "single-entrypoint", aliases: ["DL4004", "MultipleInstructionsDisallowed"], hadolint: "error", keyword: "ENTRYPOINT", type: "Entrypoint" });
