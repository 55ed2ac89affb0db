import { defineRule } from "@dfbuild/linter";
import { type HadolintCommand, argsNoFlags, cmdHasArgs, hadolintCommands } from "./utils/hadolint-shell.js";
import { NPM, NPM_INSTALL, isOneOf, toolCalls } from "./utils/package-managers.js";
import { unpinnedReport, unpinnedSpecs } from "./utils/pins.js";
import { readScopeFacts, scopeFacts } from "./utils/scope-facts.js";
import { runCommands } from "./utils/run-commands.js";

/** Git specs (npm-install(1): `git+https://…`, `git://…`, `github:user/repo`, `user/repo`…) name a commit with `#ref`. */
const GIT = /^(git(\+[a-z]+)?:\/\/|(github|gitlab|bitbucket|gist):)/i;
const TARBALL = /\.(tgz|tar\.gz|tar)$/;

/**
 * Whether an `npm install` argument chooses what is installed (npm-package-arg's forms): a
 * version, range or tag other than `latest` after the name (`express@4.21.1`, `@org/pkg@^2`),
 * a local folder or tarball, a tarball URL, or a git spec with a `#` revision. An alias
 * (`name@npm:other@1.2`) is judged by its target, and so is a URL, git spec or path after the name.
 */
function pinned(spec: string): boolean {
  if (spec === "." || spec.startsWith("./") || spec.startsWith("../") || spec.startsWith("/") || spec.startsWith("~/") || spec.startsWith("file:")) return true;
  if (GIT.test(spec)) return /#./.test(spec);
  if (/^https?:\/\//.test(spec)) return TARBALL.test(spec.split(/[?#]/)[0] ?? spec);
  if (TARBALL.test(spec)) return true;
  const scoped = spec.startsWith("@");
  const at = spec.indexOf("@", scoped ? 1 : 0);
  if (at === -1) return !scoped && /^[\w.-]+\/[\w.-]+#./.test(spec); // GitHub shorthand `user/repo#ref`
  const range = spec.slice(at + 1);
  if (range.startsWith("npm:")) return pinned(range.slice(4));
  // npm-package-arg's `resolve` reads the spec after `name@` as it reads one without a name: a URL,
  // git spec or path there chooses no more than it would alone (`tool@https://host/download`).
  if (/[:/]/.test(range)) return pinned(range);
  return range !== "" && range !== "latest";
}

/** hadolint's `versionFixed` for DL3016 (`src/Hadolint/Rule/DL3016.hs`). */
function hadolintPinned(spec: string): boolean {
  if (["git://", "git+ssh://", "git+http://", "git+https://"].some((prefix) => spec.startsWith(prefix))) return spec.includes("#");
  if ([".tar", ".tar.gz", ".tgz"].some((suffix) => spec.endsWith(suffix))) return true;
  if (["/", "./", "../", "~/"].some((prefix) => spec.startsWith(prefix))) return true;
  // `dropScope`: a scoped name loses its leading characters above `/` in ASCII.
  let name = spec;
  if (spec.startsWith("@")) {
    let i = 0;
    while (i < spec.length && (spec[i] ?? "") > "/") i++;
    name = spec.slice(i);
  }
  return name.includes("@");
}

/** hadolint's DL3016 packages of one command, or null when it is not an `npm install` with `install` first. */
function hadolintPackages(command: HadolintCommand): string[] | null {
  if (!cmdHasArgs(command, "npm", ["install"])) return null;
  const words = argsNoFlags(command, ["loglevel", "registry"]);
  if (words[0] !== "install") return null;
  const rest = words.slice(words.indexOf("install"));
  while (rest[0] === "install") rest.shift();
  return rest;
}

export default defineRule({
  meta: {
    id: "npm-pin-versions",
    aliases: ["DL3016"],
    severity: "warning",
    hadolint: "warning",
    type: "suggestion",
    onbuild: true,
    docs: { description: "Pin the versions of the packages npm install installs by name" },
    messages: {
      unpinned: "npm install takes the latest release of {{packages}} on the day of the build; pin each (`{{example}}@<version>`) so a rebuild installs what was tested.",
    },
    shell: true,
    mentions: ["npm"],
    // Re-read on an edit only where a RUN, or an ARG/ENV value it could expand, changed.
    scope: "instruction",
    facts: scopeFacts,
  },
  create(context) {
    return {
      Run: (node, info) => {
        if (context.settings.preset === "hadolint") {
          for (const command of hadolintCommands(context, node)) {
            const packages = hadolintPackages(command)?.filter((spec) => !hadolintPinned(spec)) ?? [];
            if (packages.length === 0) continue;
            context.report({ node: command.command, messageId: "unpinned", data: { packages: packages.join(", "), example: packages[0] ?? "" } });
            return;
          }
          return;
        }
        for (const call of toolCalls(runCommands(context, node), NPM)) {
          if (!isOneOf(call.subcommand, NPM_INSTALL)) continue;
          const report = unpinnedReport(unpinnedSpecs(readScopeFacts(info), call.operands, pinned));
          if (report) context.report({ range: report.range, messageId: "unpinned", data: { packages: report.data.packages, example: report.data.example.replace(/(.)@.*$/, "$1") } });
        }
      },
    };
  },
});
