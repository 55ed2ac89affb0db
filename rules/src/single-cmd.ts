import { singleInstructionRule } from "./utils/single-instruction.js";

export default singleInstructionRule({ id: "single-cmd", aliases: ["DL4003", "MultipleInstructionsDisallowed"], hadolint: "warning", keyword: "CMD", type: "Cmd" });
