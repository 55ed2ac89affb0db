import { typedLabelRule } from "./utils/label-schema.js";

export default typedLabelRule({ id: "label-rfc3339", code: "DL3053", type: "rfc3339", format: "an RFC 3339 timestamp", example: "2024-05-01T12:00:00Z" });
