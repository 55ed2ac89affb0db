import type { AddInstruction } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { HADOLINT_ARCHIVE_EXTENSIONS, hasHadolintArchiveExtension } from "./utils/archives.js";

/** Sources only ADD can read: URLs and Git repositories (BuildKit's `isURL`/`gitutil.ParseGitRef`). */
const REMOTE = /^(https?:\/\/|git@|git:\/\/|ssh:\/\/)/i;
/** Flags COPY does not have. */
const ADD_ONLY_FLAGS = new Set(["checksum", "keep-git-dir", "unpack"]);

export default defineRule({
  meta: {
    id: "prefer-copy",
    aliases: ["DL3020"],
    severity: "warning",
    hadolint: "error",
    type: "suggestion",
    hasSuggestions: true,
    docs: { description: "Use COPY for local files and directories: ADD's extra powers (URLs, unpacking) should be visible" },
    messages: {
      useCopy: "ADD of {{source}}, a local file or directory: COPY does the same without ADD's surprises (it unpacks tar archives it recognises by their content). Use COPY.",
      replace: "Replace ADD with COPY",
    },
  },
  create(context) {
    const { file } = context;
    const hadolint = context.settings.preset === "hadolint";
    return {
      Add: (node: AddInstruction) => {
        if (node.sources.length === 0) return;
        let local: string | undefined;
        for (const source of node.sources) {
          // hadolint reads the text as written; dfbuild its value, and says nothing of an unknown one.
          const value = hadolint ? source.value : file.resolve(source, node);
          if (value === null) return;
          const remote = hadolint ? /^["']*https?:\/\//.test(value) : REMOTE.test(value);
          const archive = hadolint ? hasHadolintArchiveExtension(value) : HADOLINT_ARCHIVE_EXTENSIONS.some((extension) => value.endsWith(extension)) || /\.(zst|tzst|lz4)$/.test(value);
          if (!remote && !archive) local ??= value;
          else if (!hadolint) return;
        }
        if (local === undefined) return;
        const keyword = node.keyword;
        const adds = node.flags.some((flag) => ADD_ONLY_FLAGS.has(flag.name));
        context.report({
          node: keyword,
          messageId: "useCopy",
          data: { source: local.startsWith("<<") ? `the inline file ${local}` : local },
          // A suggestion, not a fix: ADD unpacks a local tar archive whatever its name, COPY does not.
          suggest: adds ? [] : [{ messageId: "replace", fix: (fixer) => fixer.replaceText(keyword, keyword.text === keyword.text.toLowerCase() ? "copy" : "COPY") }],
        });
      },
    };
  },
});
