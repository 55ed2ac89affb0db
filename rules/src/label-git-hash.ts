import { typedLabelRule } from "./utils/label-schema.js";

export default typedLabelRule({ id: "label-git-hash", code: "DL3055", type: "hash", format: "a git commit hash", example: "43c572f1272b6b3171dd1db9e41b7027128ce080" });
