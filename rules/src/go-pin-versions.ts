import { type ShellCommand, type ShellWord, commandsOf, defineRule } from "@dfbuild/linter";
import { argsNoFlags, cmdHasArgs, hadolintCommands } from "./utils/hadolint-shell.js";
import { unpinnedReport, unpinnedSpecs } from "./utils/pins.js";
import { readScopeFacts, scopeFacts } from "./utils/scope-facts.js";
import { runCommands } from "./utils/run-commands.js";

/**
 * `go help build` / `go help get` flags that take a value (the rest are booleans, which accept
 * only `-flag=value`). Go flags may be written with one dash or two.
 */
const GO_VALUED = new Set([
  "C", "p", "o", "tags", "ldflags", "gcflags", "asmflags", "gccgoflags", "mod", "modfile", "overlay", "pgo", "pkgdir",
  "toolexec", "exec", "buildmode", "compiler", "installsuffix", "covermode", "coverpkg",
]);
const GO = ["go"];

/** Version queries that move (`go help module-get`): `latest`, `upgrade`, `patch`. */
const MOVING = new Set(["latest", "upgrade", "patch"]);

/** The package arguments of `go install|get|run`: go's flags and their values skipped; for run, only the package. */
function goPackages(go: ShellCommand): { verb: string; packages: ShellWord[] } | null {
  const [verbWord, ...args] = go.args;
  const verb = verbWord?.value;
  if (verb !== "install" && verb !== "get" && verb !== "run") return null;
  const packages: ShellWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const value = word?.value;
    if (!word) continue;
    if (value?.startsWith("-") === true) {
      const name = value.replace(/^--?/, "");
      if (!name.includes("=") && GO_VALUED.has(name)) i++;
      continue;
    }
    packages.push(word);
    if (verb === "run") break; // what follows the package are the program's arguments
  }
  return { verb, packages };
}

/**
 * Whether a package argument fixes what is built. Local packages are fixed: `.`, `./cmd/x`,
 * `/src/x`, a `.go` file, or a path whose first element has no dot (module paths fetched from
 * elsewhere always have one: `golang.org/x/…`, `github.com/…`). A remote one is fixed by a
 * version that does not move (`@v1.2.3`, `@<commit>`); `@none` (remove, for go get) installs
 * nothing. Without a version, `go install`/`go run` build the version the main module's go.mod
 * requires (and fail outside a module, since Go 1.16: `go help install`), while `go get` means
 * `@upgrade` (`go help get`).
 */
function pinned(verb: string): (spec: string) => boolean {
  return (spec) => {
    const [path = "", version] = spec.split("@");
    const first = path.split("/")[0] ?? "";
    if (path.startsWith(".") || path.startsWith("/") || path.endsWith(".go") || !first.includes(".")) return true;
    if (version === undefined) return verb !== "get";
    return version !== "" && !MOVING.has(version);
  };
}

/** hadolint's DL3062 test: a local path (`.`, `/…`, `.…`) or `@version` other than `@latest`/`@none`. */
function hadolintPinned(spec: string): boolean {
  return spec === "." || spec.startsWith("/") || spec.startsWith(".") || (spec.includes("@") && !spec.endsWith("@latest") && !spec.endsWith("@none"));
}

export default defineRule({
  meta: {
    id: "go-pin-versions",
    aliases: ["DL3062"],
    severity: "warning",
    hadolint: "warning",
    type: "suggestion",
    onbuild: true,
    docs: { description: "Pin the versions of the Go modules go install, go get and go run fetch" },
    messages: {
      unpinned: "go {{verb}} fetches {{packages}} at whatever version is newest on the day of the build; pin each (`{{example}}@<version>`) so a rebuild builds what was tested.",
    },
    shell: true,
    mentions: ["go"],
    // Re-read on an edit only where a RUN, or an ARG/ENV value it could expand, changed.
    scope: "instruction",
    facts: scopeFacts,
  },
  create(context) {
    return {
      Run: (node, info) => {
        if (context.settings.preset === "hadolint") {
          // hadolint: the package after `go run` (if the RUN has one), else the words of
          // `go install|get` that are not flags; all need a local path or an @version.
          const commands = hadolintCommands(context, node);
          const runs = commands.filter((command) => cmdHasArgs(command, "go", ["run"])).flatMap((command) => argsNoFlags(command).slice(0, 2).filter((arg) => arg !== "run"));
          const verb = runs.length > 0 ? "run" : "install";
          const packages = runs.length > 0 ? runs : commands.filter((command) => cmdHasArgs(command, "go", ["install", "get"])).flatMap((command) => argsNoFlags(command).filter((arg) => !["install", "get", "tool"].includes(arg)));
          const unpinned = packages.filter((spec) => !hadolintPinned(spec));
          const first = commands.find((command) => cmdHasArgs(command, "go", verb === "run" ? ["run"] : ["install", "get"]));
          if (unpinned.length > 0 && first) context.report({ node: first.command, messageId: "unpinned", data: { verb, packages: unpinned.join(", "), example: unpinned[0]?.split("@")[0] ?? "" } });
          return;
        }
        for (const go of commandsOf(runCommands(context, node), GO)) {
          const found = goPackages(go);
          if (!found) continue;
          const report = unpinnedReport(unpinnedSpecs(readScopeFacts(info), found.packages, pinned(found.verb)));
          if (report) context.report({ range: report.range, messageId: "unpinned", data: { verb: found.verb, packages: report.data.packages, example: report.data.example.split("@")[0] ?? "" } });
        }
      },
    };
  },
});
