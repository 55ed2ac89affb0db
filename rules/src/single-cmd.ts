import { singleInstructionRule } from "./utils/single-instruction.js";

export default singleInstructionRule({ id: "single-cmd", aliases: ["DL4003", "MultipleInstructionsDisallowed"], severity: "warning", keyword: "CMD", type: "Cmd" });
