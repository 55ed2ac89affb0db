import { typedLabelRule } from "./utils/label-schema.js";

export default typedLabelRule({ id: "label-url", code: "DL3052", type: "url", format: "an absolute URL (RFC 3986)", example: "https://example.com/project" });
