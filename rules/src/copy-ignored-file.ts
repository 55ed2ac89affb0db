import { type AddInstruction, type CopyInstruction, goClean } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { flagOf, onFirstLine } from "./utils/stage-reference.js";

/** A remote source (`https://…`, `git://…`, `ssh://…`, `git@host:repo`): not read from the context. */
const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@)/i;

export default defineRule({
  meta: {
    id: "copy-ignored-file",
    aliases: ["CopyIgnoredFile"],
    severity: "warning",
    type: "problem",
    docs: { description: "Do not COPY or ADD what .dockerignore leaves out of the build context" },
    messages: {
      ignored:
        'Attempting to {{command}} file "{{path}}" that is excluded by .dockerignore: the build context does not have it, so the build fails or copies less than meant. Remove it from .dockerignore or from the {{keyword}}.',
    },
  },
  create(context) {
    const { file } = context;
    const ignore = file.dockerignore;
    // BuildKit (`dockerfile2llb/validations.go`, `validateCopySourcePath`) does not check when
    // there is no .dockerignore, or when it has `!` exceptions: an excluded directory may have
    // files brought back, which cannot be decided without the context.
    if (ignore === null || ignore.hasExceptions()) return {};
    // "." and "/" are the context root: reported only when a pattern leaves out every entry of it.
    const rootIgnored = ignore.patterns.some((pattern) => !pattern.exception && (pattern.text === "*" || pattern.text === "**" || pattern.text === "**/*"));
    const check = (node: CopyInstruction | AddInstruction, command: "Copy" | "Add") => {
      // COPY --from reads another stage or an image, not the context.
      if (node.type === "Copy" && flagOf(node, "from") !== null) return;
      for (const source of node.sources) {
        // A heredoc is inline content, not a context path.
        if (node.heredocs.length > 0 && source.value.startsWith("<<")) continue;
        // The path as the build expands it; unknown values cannot be checked.
        const value = file.resolve(source, node);
        if (value === null || REMOTE.test(value)) continue;
        const path = goClean(value);
        // patternmatcher matches the root only through `*`, `**` and `**/*`, the patterns BuildKit
        // keeps the warning for (`copySourceRootIgnored`).
        if (path === "." || path === "/" ? !rootIgnored : !ignore.matchesOrParentMatches(path)) continue;
        context.report({ range: onFirstLine(node, source), messageId: "ignored", data: { command, path, keyword: node.keyword.name } });
      }
    };
    return {
      Copy: (node) => {
        check(node, "Copy");
      },
      Add: (node) => {
        check(node, "Add");
      },
    };
  },
});
