import type { Instruction, RunInstruction } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { cacheMountHolds } from "./utils/cache-mounts.js";
import { APT_FAMILY, DNF, NPM, NPM_INSTALL, YUM, pipCalls, toolCallsIn } from "./utils/package-managers.js";
import { runCommands } from "./utils/run-commands.js";

interface Advice {
  manager: string;
  /** The mount flags to add. */
  mounts: string;
  /** The directories a cache mount must hold for the advice to be met. */
  holds: { absolute?: readonly string[]; inHome?: readonly string[] };
}

// Cache locations: apt(8) `Dir::Cache` and its lists; dnf.conf(5)/yum.conf(5) `cachedir`; pip's
// cache (`pip cache dir`), npm's (`npm config get cache`). Debian's and Ubuntu's images delete
// apt's cache after each install (/etc/apt/apt.conf.d/docker-clean), so apt's mounts use
// `sharing=locked` and the doc says to remove that file.
const APT: Advice = {
  manager: "apt",
  mounts: "--mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked",
  holds: { absolute: ["/var/cache/apt"] },
};
const DNF_ADVICE: Advice = { manager: "dnf", mounts: "--mount=type=cache,target=/var/cache/dnf", holds: { absolute: ["/var/cache/dnf"] } };
const YUM_ADVICE: Advice = { manager: "yum", mounts: "--mount=type=cache,target=/var/cache/yum", holds: { absolute: ["/var/cache/yum"] } };
const PIP: Advice = { manager: "pip", mounts: "--mount=type=cache,target=/root/.cache/pip", holds: { inHome: [".cache/pip"] } };
const NPM_ADVICE: Advice = { manager: "npm", mounts: "--mount=type=cache,target=/root/.npm", holds: { inHome: [".npm"] } };

const APT_INSTALLS = ["install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep"];
const RPM_INSTALLS = ["install", "upgrade", "update", "groupinstall", "reinstall", "builddep"];
const NPM_INSTALLS = [...NPM_INSTALL, "ci", "clean-install", "install-clean"];

export default defineRule({
  meta: {
    id: "package-cache-mount",
    severity: "info",
    type: "suggestion",
    hasSuggestions: true,
    // Opt-in: advice for faster rebuilds, and it contradicts hadolint's cache clean-up rules
    // (DL3009, DL3042…), which a cache mount makes unnecessary.
    recommended: false,
    docs: { description: "In a file that uses BuildKit syntax, give package managers a cache mount so rebuilds reuse their downloads" },
    messages: {
      mount: "{{manager}} downloads everything again each time this RUN's cache is invalidated; with BuildKit, keep its cache between builds: RUN {{mounts}} …",
      addMount: "Add {{mounts}}",
    },
    shell: true,
    mentions: ["apt", "dnf", "yum", "pip", "npm"],
  },
  create(context) {
    const { file } = context;
    // Only where the file already relies on BuildKit (a `# syntax=` directive or a RUN --mount):
    // the classic builder rejects --mount.
    const buildkit = file.ast.directives.some((directive) => directive.name === "syntax") || file.ast.instructions.some((instruction) => instruction.type === "Run" && instruction.mounts.length > 0);
    if (!buildkit) return {};

    const advise = (node: RunInstruction, advice: Advice, commandRange: Instruction["range"]) => {
      if (cacheMountHolds(file, node, advice.holds)) return;
      context.report({
        range: commandRange,
        messageId: "mount",
        data: { manager: advice.manager, mounts: advice.mounts },
        suggest: [{ messageId: "addMount", data: { mounts: advice.mounts }, fix: (fixer) => fixer.insertTextAfter(node.keyword, ` ${advice.mounts}`) }],
      });
    };

    return {
      // No meta.onbuild: an ONBUILD RUN runs in another build, whose file may not use BuildKit.
      Run: (node) => {
        const commands = runCommands(context, node);
        if (commands.length === 0) return;
        const given = new Set<string>();
        const once = (advice: Advice, range: Instruction["range"]) => {
          if (given.has(advice.manager)) return;
          given.add(advice.manager);
          advise(node, advice, range);
        };
        for (const call of toolCallsIn(context, node, APT_FAMILY)) if (call.subcommand?.value && APT_INSTALLS.includes(call.subcommand.value)) once(APT, call.command.range);
        for (const call of toolCallsIn(context, node, DNF)) if (call.subcommand?.value && RPM_INSTALLS.includes(call.subcommand.value)) once(DNF_ADVICE, call.command.range);
        for (const call of toolCallsIn(context, node, YUM)) if (call.subcommand?.value && RPM_INSTALLS.includes(call.subcommand.value)) once(YUM_ADVICE, call.command.range);
        for (const call of pipCalls(commands)) {
          // `--no-cache-dir` is a choice not to cache; a cache mount is the other way to keep the layer small.
          if (call.flavour === "pip" && call.subcommand?.value === "install" && !call.options.options.some((option) => option.name === "no-cache-dir")) once(PIP, call.command.range);
        }
        for (const call of toolCallsIn(context, node, NPM)) if (call.subcommand?.value && NPM_INSTALLS.includes(call.subcommand.value)) once(NPM_ADVICE, call.command.range);
      },
    };
  },
});
