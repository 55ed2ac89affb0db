import { typedLabelRule } from "./utils/label-schema.js";

export default typedLabelRule({ id: "label-semver", code: "DL3056", type: "semver", format: "a semantic version (SemVer 2.0.0)", example: "1.4.2" });
