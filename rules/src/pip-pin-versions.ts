import { type ShellWord, defineRule, hasOption } from "@dfbuild/linter";
import { argsNoFlags, hadolintCommands, hasFlag, type HadolintCommand } from "./utils/hadolint-shell.js";
import { type PipCall, pipCalls } from "./utils/package-managers.js";
import { pipSpecPinned } from "./utils/pip-specs.js";
import { unpinnedReport, unpinnedSpecs } from "./utils/pins.js";
import { readScopeFacts, scopeFacts } from "./utils/scope-facts.js";
import { runCommands } from "./utils/run-commands.js";

/** The options hadolint drops with their value before reading packages (`src/Hadolint/Rule/DL3013.hs`). */
const HADOLINT_VALUED = [
  "abi", "b", "build", "e", "editable", "extra-index-url", "f", "find-links", "i", "index-url", "implementation", "no-binary",
  "only-binary", "platform", "prefix", "progress-bar", "proxy", "python", "python-version", "root", "root-user-action", "src",
  "t", "target", "trusted-host", "upgrade-strategy",
];
const HADOLINT_VCS = /^(git\+file|git\+https|git\+ssh|git\+http|git\+git|git|hg\+file|hg\+http|hg\+https|hg\+ssh|hg\+static-http|svn|svn\+svn|svn\+http|svn\+https|svn\+ssh|bzr\+http|bzr\+https|bzr\+ssh|bzr\+sftp|bzr\+ftp|bzr\+lp)/;

/** hadolint's `versionFixed` for DL3013. */
function hadolintPinned(spec: string): boolean {
  const vcs = HADOLINT_VCS.test(spec);
  return ["==", ">=", "<=", ">", "<", "!=", "~=", "==="].some((symbol) => spec.includes(symbol)) || (vcs && spec.includes("@")) || spec.endsWith(".whl") || spec.endsWith(".tar.gz") || (!vcs && spec.includes("/"));
}

/** hadolint's `isPipInstall`: a `pip*` (not `pipenv*`) command with an `install` argument, or `python* … -m pip install`. */
function hadolintPipInstall(command: HadolintCommand): boolean {
  if (command.name.startsWith("pip") && !command.name.startsWith("pipenv")) return command.args.includes("install");
  if (!command.name.startsWith("python")) return false;
  return command.args.some((arg, i) => arg === "-m" && command.args[i + 1] === "pip" && command.args[i + 2] === "install");
}

/** The arguments after the first `install` (hadolint's `stripInstallPrefix`). */
function afterInstall(args: readonly string[]): string[] {
  const rest = args.slice(args.indexOf("install"));
  while (rest[0] === "install") rest.shift();
  return rest;
}

/** Installs from a requirements or constraints file leave the pins to that file. */
function fromFiles(call: PipCall): boolean {
  return hasOption(call.options, "r", "requirement", "c", "constraint", "group");
}

/** What a `pip install` installs: its operands and editable installs; for `pipx install --spec SPEC`, the spec. */
function requested(call: PipCall): ShellWord[] {
  const valuesOf = (...names: string[]) =>
    call.options.options.filter((option) => names.includes(option.name)).flatMap((option) => (option.value === null ? [] : [{ ...option.word, value: option.value }]));
  if (call.flavour === "pipx" && hasOption(call.options, "spec")) return valuesOf("spec");
  return [...valuesOf("e", "editable"), ...call.operands];
}

export default defineRule({
  meta: {
    id: "pip-pin-versions",
    aliases: ["DL3013"],
    severity: "warning",
    hadolint: "warning",
    type: "suggestion",
    onbuild: true,
    docs: { description: "Pin the versions of the packages pip installs, or install from a requirements file" },
    messages: {
      unpinned:
        "{{tool}} install takes the newest release of {{packages}} on the day of the build; pin each (`{{example}}==<version>`) or install from a requirements file (`-r requirements.txt`) that does.",
    },
    shell: true,
    // It reports pip installs only: pip…, python… -m pip, pipx, uv pip.
    mentions: ["pip"],
    // Re-read on an edit only where a RUN, or an ARG/ENV value it could expand, changed.
    scope: "instruction",
    facts: scopeFacts,
  },
  create(context) {
    return {
      Run: (node, info) => {
        if (context.settings.preset === "hadolint") {
          // hadolint: a pip install, without -c/--constraint or -r/--requirement/`.` among its
          // arguments, whose words after `install` are not all pinned; once per RUN.
          const pip = hadolintCommands(context, node).find((command) => {
            if (!hadolintPipInstall(command) || hasFlag(command, "constraint", "c")) return false;
            if (command.args.some((arg) => arg === "--requirement" || arg === "-r" || arg === ".")) return false;
            return !afterInstall(argsNoFlags(command, HADOLINT_VALUED)).every(hadolintPinned);
          });
          if (pip) {
            const packages = afterInstall(argsNoFlags(pip, HADOLINT_VALUED)).filter((spec) => !hadolintPinned(spec));
            context.report({ node: pip.command, messageId: "unpinned", data: { tool: pip.name, packages: packages.join(", "), example: packages[0] ?? "" } });
          }
          return;
        }
        for (const call of pipCalls(runCommands(context, node))) {
          if (call.subcommand?.value !== "install" || fromFiles(call)) continue;
          const report = unpinnedReport(unpinnedSpecs(readScopeFacts(info), requested(call), pipSpecPinned));
          const tool = call.flavour === "uv" ? "uv pip" : call.flavour === "pipx" ? "pipx" : "pip";
          if (report) context.report({ range: report.range, messageId: "unpinned", data: { tool, ...report.data } });
        }
      },
    };
  },
});
