import { typedLabelRule } from "./utils/label-schema.js";

export default typedLabelRule({ id: "label-email", code: "DL3058", type: "email", format: "an email address (RFC 5322)", example: "team@example.com" });
