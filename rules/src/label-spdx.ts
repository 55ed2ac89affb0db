import { typedLabelRule } from "./utils/label-schema.js";

export default typedLabelRule({ id: "label-spdx", code: "DL3054", type: "spdx", format: "an SPDX license expression", example: "Apache-2.0" });
