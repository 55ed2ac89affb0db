import type { AddInstruction, CopyInstruction, Instruction, Word } from "@dfbuild/parser";
import { type LintFile, type ShellCommand, type StageInfo, commandsOf, defineRule, hasOption, parseOptions } from "@dfbuild/linter";
import { NPM } from "./utils/package-managers.js";
import { scriptMentions } from "./utils/instructions.js";
import { perFile } from "./utils/per-file.js";

interface Install {
  command: ShellCommand;
  /** What to copy first, e.g. `package.json package-lock.json`. */
  manifests: string;
}

const INSTALL_WORDS = /\b(npm|pnpm|yarn|pip3?|python3?|poetry|uv|bundle|go|cargo|composer|mvnw?|gradlew?)\b/;
/** The programs INSTALL_WORDS names. */
const INSTALLERS = ["npm", "pnpm", "yarn", "pip", "pip3", "python", "python3", "poetry", "uv", "bundle", "go", "cargo", "composer", "mvn", "mvnw", "gradle", "gradlew"];
/**
 * Names without an extension that are single files or build-configuration directories, not source
 * trees: copying them first is what this rule asks for (the Gradle and Maven wrappers, pnpm's
 * `patches/`).
 */
const NOT_SOURCE_TREES = new Set(["Gemfile", "Pipfile", "Makefile", "Dockerfile", "Procfile", "LICENSE", "Containerfile", "gradlew", "gradle", "mvnw", "patches"]);

function operands(command: ShellCommand): (string | null)[] {
  return parseOptions(command).operands.map((word) => word.value);
}

/** Whether a command installs dependencies, and which manifests that install reads. */
function dependencyInstall(command: ShellCommand): Install | null {
  const args = operands(command);
  const [first, second] = args;
  const found = (manifests: string) => ({ command, manifests });
  switch (command.program) {
    case "npm":
    case "pnpm": {
      // `npm install -g pnpm@9` or `npm install express` installs named packages, not the
      // project's dependencies: no manifest to copy first.
      const parsed = parseOptions(command, NPM.valued);
      const [subcommand, ...packages] = parsed.operands.map((word) => word.value);
      if (packages.length > 0 || hasOption(parsed, "g", "global")) return null;
      if (command.program === "npm") return subcommand === "install" || subcommand === "i" || subcommand === "ci" ? found("package.json package-lock.json") : null;
      return subcommand === "install" || subcommand === "i" || subcommand === "fetch" ? found("package.json pnpm-lock.yaml") : null;
    }
    case "yarn":
      return first === undefined || first === "install" ? found("package.json yarn.lock") : null;
    case "pip":
    case "pip3":
    case "python":
    case "python3": {
      const values = command.args.map((word) => word.value);
      const module = values.indexOf("-m");
      const isPip = command.program.startsWith("pip") ? first === "install" : module !== -1 && values[module + 1] === "pip" && values[module + 2] === "install";
      const requirement = values.some((value) => value === "-r" || value?.startsWith("--requirement") === true || /^-r\S/.test(value ?? ""));
      return isPip && requirement ? found("requirements.txt") : null;
    }
    case "poetry":
      return first === "install" || first === "sync" ? found("pyproject.toml poetry.lock") : null;
    case "uv":
      return first === "sync" || (first === "pip" && second === "install") ? found("pyproject.toml uv.lock") : null;
    case "bundle":
      return first === "install" ? found("Gemfile Gemfile.lock") : null;
    case "go":
      return first === "mod" && second === "download" ? found("go.mod go.sum") : null;
    case "cargo":
      return first === "fetch" || first === "build" ? found("Cargo.toml Cargo.lock") : null;
    case "composer":
      return first === "install" ? found("composer.json composer.lock") : null;
    case "mvn":
    case "mvnw":
      return args.some((arg) => arg?.startsWith("dependency:") === true) ? found("pom.xml") : null;
    case "gradle":
    case "gradlew":
      return found("build.gradle settings.gradle gradle/");
    default:
      return null;
  }
}

/**
 * `.`, `./`, `*`, or a directory: the kind of source that changes with every edit. The word is read
 * as BuildKit's COPY and ADD read it (quotes removed, variables expanded: `Gem"file"` is `Gemfile`,
 * `$SRC` after `ARG SRC=src` is `src`); one whose value is not certain (a variable without a known
 * value) is not taken for the source tree.
 */
function wholeSource(value: string | null): boolean {
  if (value === null) return false;
  if (value === "." || value === "./" || value === "*" || value === "./*" || value.endsWith("/")) return true;
  const base = value.split("/").pop() ?? value;
  return !base.includes(".") && !base.includes("*") && !NOT_SOURCE_TREES.has(base);
}

/** The first source of a COPY or ADD (not `--from` another stage or image) that is the whole source tree. */
function wholeSourceWord(file: LintFile, instruction: Instruction): Word | undefined {
  if ((instruction.type !== "Copy" && instruction.type !== "Add") || instruction.flags.some((flag) => flag.name === "from")) return undefined;
  return instruction.sources.find((source) => wholeSource(file.resolve(source, instruction)));
}

/** Where each stage's first COPY/ADD of the whole source tree starts, computed once per file. */
const firstWholeCopy = perFile((file: LintFile): Map<StageInfo | null, number> => {
  const first = new Map<StageInfo | null, number>();
  for (const instruction of file.ast.instructions) {
    const stage = file.stageOf(instruction);
    if (!first.has(stage) && wholeSourceWord(file, instruction) !== undefined) first.set(stage, instruction.range.start.offset);
  }
  return first;
});

/** Only a RUN after such a COPY in its stage can be reported, so only those are parsed. */
function followsWholeCopy(file: LintFile, run: Instruction): boolean {
  const start = firstWholeCopy(file).get(file.stageOf(run));
  return start !== undefined && start < run.range.start.offset;
}

export default defineRule({
  meta: {
    id: "copy-before-install",
    severity: "info",
    type: "suggestion",
    scope: "stage",
    docs: { description: "Copy dependency manifests and install before copying the whole source tree, so source edits reuse the cached install" },
    messages: {
      copiedFirst:
        "{{keyword}} {{source}} copies the source tree before `{{install}}` (line {{line}}), so every source edit re-runs the install. Copy {{manifests}} first, install, then copy the rest.",
    },
    shell: (instruction, file) => instruction.type === "Run" && scriptMentions(instruction, INSTALL_WORDS) && followsWholeCopy(file, instruction),
    // The programs dependencyInstall knows (`npm` is also in pnpm, `pip` in pip3, `mvn` in mvnw…).
    mentions: ["npm", "yarn", "pip", "python", "poetry", "uv", "bundle", "go", "cargo", "composer", "mvn", "gradle"],
  },
  create(context) {
    const pending = new Map<number, { node: CopyInstruction | AddInstruction; source: Word }[]>();
    const copy = (node: CopyInstruction | AddInstruction) => {
      const source = wholeSourceWord(context.file, node);
      if (!source) return;
      const stage = context.file.stageOf(node)?.index ?? -1;
      const list = pending.get(stage);
      if (list) list.push({ node, source });
      else pending.set(stage, [{ node, source }]);
    };
    return {
      Copy: copy,
      Add: copy,
      Run: (node) => {
        const stage = context.file.stageOf(node)?.index ?? -1;
        const copies = pending.get(stage);
        const script = context.shell(node);
        if (!copies || copies.length === 0 || !script) return;
        const install = commandsOf(script.commands, INSTALLERS)
          .map(dependencyInstall)
          .find((found) => found !== null);
        if (!install) return;
        const text = context.file.text.slice(install.command.range.start.offset, install.command.range.end.offset).replace(/\s+/g, " ");
        for (const { node: copyNode, source } of copies) {
          context.report({
            node: source,
            messageId: "copiedFirst",
            data: { keyword: copyNode.keyword.name, source: source.value, install: text, line: install.command.range.start.line, manifests: install.manifests },
          });
        }
        pending.set(stage, []);
      },
    };
  },
});
