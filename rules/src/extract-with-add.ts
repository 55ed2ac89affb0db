import type { CopyInstruction, RunInstruction } from "@dfbuild/parser";
import { type ShellCommand, defineRule, parseOptions } from "@dfbuild/linter";
import { baseName, hasHadolintArchiveExtension, isTarArchive } from "./utils/archives.js";
import { flagOf } from "./utils/stage-reference.js";

/** hadolint's decompressors (DL3010 `isUnzipCommand`). */
const HADOLINT_UNPACKERS = new Set(["unzip", "gunzip", "bunzip2", "unlzma", "unxz", "zgz", "uncompress", "zcat", "gzcat"]);
/** tar options that take a value (GNU tar). */
const TAR_VALUED = new Set(["f", "file", "C", "directory", "T", "files-from", "X", "exclude-from", "b", "blocking-factor", "H", "format", "I", "use-compress-program", "g", "listed-incremental", "N", "newer", "exclude", "strip-components", "transform", "xform", "owner", "group", "mode"]);
/** What ADD cannot do while unpacking: pick members, rename, reown, or unpack elsewhere than its destination. */
const TAR_BEYOND_ADD = new Set(["strip-components", "exclude", "X", "exclude-from", "T", "files-from", "wildcards", "transform", "xform", "O", "to-stdout", "to-command", "owner", "group", "mode", "no-same-owner", "no-same-permissions", "k", "keep-old-files", "skip-old-files", "keep-newer-files", "I", "use-compress-program"]);

interface Copied {
  copy: CopyInstruction;
  /** The archive's file name, as it lands (the destination's when it names the file). */
  name: string;
}

/** A `tar` command that extracts: `-x`, `--extract`, `--get`, or the old `tar xzf …` form. */
function tarExtract(command: ShellCommand): { archive: string | null; simple: boolean } | null {
  const first = command.args[0]?.value ?? "";
  // `tar xzf a.tgz`: a first word of letters without a dash is a cluster of options, whether or
  // not it holds the x (GNU tar's "old option style": `tar v -xf a.tar` extracts too).
  const oldStyle = /^[A-Za-z]+$/.test(first);
  const words = oldStyle ? { ...command, args: [{ ...command.args[0], value: `-${first}` } as ShellCommand["args"][number], ...command.args.slice(1)] } : command;
  const { options, operands } = parseOptions(words, TAR_VALUED);
  const extracts = options.some((option) => option.name === "x" || option.name === "extract" || option.name === "get");
  if (!extracts) return null;
  const archive = options.find((option) => option.name === "f" || option.name === "file")?.value ?? null;
  const simple = operands.length === 0 && !options.some((option) => TAR_BEYOND_ADD.has(option.name));
  return { archive, simple };
}

export default defineRule({
  meta: {
    id: "extract-with-add",
    aliases: ["DL3010"],
    severity: "info",
    hadolint: "info",
    type: "suggestion",
    scope: "stage",
    docs: { description: "Let ADD unpack a local tar archive instead of COPY followed by tar -x" },
    messages: {
      useAdd: "{{archive}} is copied here and unpacked by tar on line {{line}}: ADD {{archive}} <directory>/ unpacks it in one step, and no layer keeps the archive.",
      hadolint: "Use `ADD` for extracting archives into an image.",
    },
    shell: true,
    mentions: ["tar", ...HADOLINT_UNPACKERS],
  },
  create(context) {
    const { file } = context;
    const hadolint = context.settings.preset === "hadolint";
    // Archives copied in the stage (a stage-scoped rule is created afresh for each), not yet reported.
    const copied: Copied[] = [];
    const reported = new Set<Copied>();
    return {
      Copy: (node) => {
        if (flagOf(node, "from") || !node.destination) return;
        const read = (word: { value: string }) => (hadolint ? word.value : file.resolve(word as never, node));
        const isArchive = hadolint ? hasHadolintArchiveExtension : isTarArchive;
        const dest = read(node.destination);
        if (dest !== null && isArchive(dest)) {
          copied.push({ copy: node, name: baseName(dest) });
          return;
        }
        for (const source of node.sources) {
          const value = read(source);
          if (value !== null && isArchive(value)) copied.push({ copy: node, name: baseName(value) });
        }
      },
      Run: (node: RunInstruction) => {
        if (copied.length === 0) return;
        const script = context.shell(node);
        if (!script) return;
        for (const command of script.commands) {
          let names: string[];
          if (hadolint) {
            // hadolint: tar with -…x…/--extract/--get, or a decompressor, naming the archive among its non-flag words.
            const isTar = command.name === "tar" && command.args.some((arg) => arg.value === "--extract" || arg.value === "--get" || /^-[^-]*x/.test(arg.value ?? ""));
            if (!isTar && !HADOLINT_UNPACKERS.has(command.name ?? "")) continue;
            names = command.args.filter((arg) => !(arg.value ?? "").startsWith("-")).map((arg) => baseName(arg.value ?? arg.text));
          } else {
            if (command.program !== "tar") continue;
            const extract = tarExtract(command);
            if (!extract?.simple || extract.archive === null) continue;
            names = [baseName(extract.archive)];
          }
          for (const archive of copied) {
            if (reported.has(archive) || !names.includes(archive.name)) continue;
            reported.add(archive);
            context.report({ node: archive.copy.keyword, messageId: hadolint ? "hadolint" : "useAdd", data: { archive: archive.name, line: node.range.start.line } });
          }
        }
      },
    };
  },
});
