import type { ArgInstruction, EnvInstruction, Instruction, Range } from "@dfbuild/parser";
import { type ShellCommand, defineRule, parseOptions } from "@dfbuild/linter";
import { runCommands } from "./utils/run-commands.js";
import { commandMentions } from "./utils/shell-commands.js";
import { onFirstLine } from "./utils/stage-reference.js";

/** What a bypass switches off: the server's identity (TLS) or the package's origin (signatures, checksums). */
type Kind = "tls" | "signature";

interface Bypass {
  kind: Kind;
  /** How the finding names it, e.g. `curl -k`. */
  what: string;
}

/** Options of each program that turn verification off, by option name (short or long). */
const OPTIONS: Readonly<Record<string, Readonly<Record<string, Kind>>>> = {
  // curl(1): -k/--insecure, --proxy-insecure, --doh-insecure.
  curl: { k: "tls", insecure: "tls", "proxy-insecure": "tls", "doh-insecure": "tls" },
  // GNU wget(1); BusyBox's wget has the same long option.
  wget: { "no-check-certificate": "tls" },
  // apt-get(8): trusting unsigned repositories and packages.
  "apt-get": { "allow-unauthenticated": "signature", "allow-insecure-repositories": "signature", "force-yes": "signature" },
  apt: { "allow-unauthenticated": "signature", "allow-insecure-repositories": "signature" },
  // apk(8).
  apk: { "allow-untrusted": "signature" },
  // yum(8), dnf(8), microdnf, tdnf: --nogpgcheck.
  yum: { nogpgcheck: "signature" },
  dnf: { nogpgcheck: "signature", "no-gpgchecks": "signature" },
  microdnf: { nogpgcheck: "signature" },
  tdnf: { nogpgcheck: "signature" },
  // zypper(8): global --no-gpg-checks, --gpg-auto-import-keys trusts whatever key a repository offers.
  zypper: { "no-gpg-checks": "signature", "gpg-auto-import-keys": "signature" },
  // rpm(8).
  rpm: { nosignature: "signature", nodigest: "signature" },
  // pip: a trusted host is fetched over plain HTTP or without certificate checks.
  pip: { "trusted-host": "tls" },
  pip3: { "trusted-host": "tls" },
  // npm/yarn/pnpm: --strict-ssl=false is handled with the value below.
};

/** Programs none of whose options take a value. */
const NO_VALUED: ReadonlySet<string> = new Set();

/** A RUN line that checks a signature itself. */
const GPG_VERIFY = /\bgpg2?\b[^;&|]*\s--verify\b|\bgpgv\b/;

/** apk subcommands that install what they are given. */
const APK_INSTALLS = new Set(["add", "upgrade", "fix"]);

/** Options that take the next word as their value, so it is not read as an option. */
const VALUED: Readonly<Record<string, ReadonlySet<string>>> = {
  curl: new Set(["o", "output", "u", "user", "H", "header", "d", "data", "X", "request", "A", "user-agent", "e", "referer", "T", "upload-file", "w", "write-out", "x", "proxy", "m", "max-time", "cacert", "cert", "key", "retry", "C", "continue-at", "F", "form", "b", "cookie", "c", "cookie-jar", "r", "range", "z", "time-cond", "connect-timeout", "retry-delay", "retry-max-time", "output-dir"]),
  wget: new Set(["O", "output-document", "o", "output-file", "P", "directory-prefix", "U", "user-agent", "header", "t", "tries", "T", "timeout", "e", "execute"]),
  "apt-get": new Set(["o", "option", "t", "target-release", "c", "config-file"]),
  apt: new Set(["o", "option", "t", "target-release", "c", "config-file"]),
  apk: new Set(["X", "repository", "p", "root", "t", "virtual", "repositories-file", "keys-dir", "cache-dir", "arch"]),
  pip: new Set(["r", "requirement", "c", "constraint", "i", "index-url", "extra-index-url", "f", "find-links", "t", "target", "trusted-host", "e", "editable"]),
  pip3: new Set(["r", "requirement", "c", "constraint", "i", "index-url", "extra-index-url", "f", "find-links", "t", "target", "trusted-host", "e", "editable"]),
  yum: new Set(["setopt", "c", "config", "enablerepo", "disablerepo", "x", "exclude", "installroot", "releasever"]),
  dnf: new Set(["setopt", "c", "config", "enablerepo", "disablerepo", "x", "exclude", "installroot", "releasever"]),
};

/**
 * A setting that turns verification off: its pattern, what a match means, and a string every
 * match holds (as case-blind as the pattern). Most RUNs hold `=` and are read in full, and a
 * pattern such as `\b(?:\w+\.)?gpgcheck` retries at every word: it runs only over a text that
 * holds its string, which a plain search finds quickly.
 */
type Setting = readonly [RegExp, Bypass, RegExp];

/** apt's option values (`-o`) and configuration a RUN writes that turn verification off. */
const SETTINGS: readonly Setting[] = [
  [/\bAcquire::AllowInsecureRepositories\s*[= ]\s*"?(?:true|1|yes)/i, { kind: "signature", what: "Acquire::AllowInsecureRepositories" }, /acquire::allowinsecurerepositories/i],
  [/\bAcquire::AllowDowngradeToInsecureRepositories\s*[= ]\s*"?(?:true|1|yes)/i, { kind: "signature", what: "Acquire::AllowDowngradeToInsecureRepositories" }, /acquire::allowdowngradetoinsecurerepositories/i],
  [/\bAPT::Get::AllowUnauthenticated\s*[= ]\s*"?(?:true|1|yes)/i, { kind: "signature", what: "APT::Get::AllowUnauthenticated" }, /apt::get::allowunauthenticated/i],
  [/\bAcquire::https?(?:::[^:=\s]+)?::Verify-(?:Peer|Host)\s*[= ]\s*"?(?:false|0|no)/i, { kind: "tls", what: "Acquire::https::Verify-Peer=false" }, /::verify-/i],
];

/** Configuration a RUN writes (`echo 'deb [trusted=yes] …' > …`, `sed -i s/gpgcheck=1/gpgcheck=0/ …`). */
const WRITTEN_SETTINGS: readonly Setting[] = [
  // A local repository (`file:`, `copy:`, a path) holds packages the build made itself.
  [/\[\s*(?:[^\]]*\s)?trusted=yes\b[^\]]*\][ \t]*(?![ \t]|file:|copy:|\/|\$)/i, { kind: "signature", what: "an apt source marked [trusted=yes]" }, /trusted=yes/i],
  [/\b(?:\w+\.)?gpgcheck\s*=\s*(?:0|false|no)\b/i, { kind: "signature", what: "gpgcheck=0" }, /gpgcheck/i],
  [/\b(?:\w+\.)?sslverify\s*=\s*(?:0|false|no)\b/i, { kind: "tls", what: "sslverify=0" }, /sslverify/i],
];
/** What a RUN's text and option values (`-o`, `--option`, yum/dnf's `--setopt=sslverify=0`) are searched for. */
const TEXT_SETTINGS: readonly Setting[] = [...SETTINGS, ...WRITTEN_SETTINGS];

/**
 * What a word of a command must contain for an option of a program without an OPTIONS table to
 * be reported: `--strict-ssl=false`, or an `-o`/`--option`/`--setopt` value TEXT_SETTINGS
 * matches (each of its patterns needs one of these). Most commands (`echo`, `make -j4`) have none,
 * and are not split into options at all.
 */
const SETTING_WORDS = /strict-ssl|acquire::|apt::|trusted=yes|gpgcheck|sslverify/i;
/** Programs whose whole command line CONFIG_COMMANDS reads. */
const CONFIG_PROGRAMS = new Set(["git", "npm", "yarn", "pnpm"]);

/** `git config http.sslVerify false`, `git -c http.sslVerify=false`, `npm config set strict-ssl false`… */
const CONFIG_COMMANDS: readonly [RegExp, Bypass][] = [
  [/\bhttp\.sslverify(?:\s+|\s*=\s*)["']?(?:false|0|no)\b/i, { kind: "tls", what: "git http.sslVerify=false" }],
  // Not the option `--strict-ssl=false`, which the option loop reports at its word.
  [/(?<![\w-])strict-ssl(?:\s+|\s*=\s*)["']?false\b/i, { kind: "tls", what: "strict-ssl=false" }],
];

/** Environment variables that turn verification off, with the values that do (null: any non-empty value). */
const VARIABLES: Readonly<Record<string, { off: RegExp | null; bypass: Bypass }>> = {
  NODE_TLS_REJECT_UNAUTHORIZED: { off: /^0$/, bypass: { kind: "tls", what: "NODE_TLS_REJECT_UNAUTHORIZED=0" } },
  GIT_SSL_NO_VERIFY: { off: null, bypass: { kind: "tls", what: "GIT_SSL_NO_VERIFY" } },
  PIP_TRUSTED_HOST: { off: null, bypass: { kind: "tls", what: "PIP_TRUSTED_HOST" } },
  NPM_CONFIG_STRICT_SSL: { off: /^false$/i, bypass: { kind: "tls", what: "NPM_CONFIG_STRICT_SSL=false" } },
  YARN_STRICT_SSL: { off: /^false$/i, bypass: { kind: "tls", what: "YARN_STRICT_SSL=false" } },
  PYTHONHTTPSVERIFY: { off: /^0$/, bypass: { kind: "tls", what: "PYTHONHTTPSVERIFY=0" } },
  GOINSECURE: { off: null, bypass: { kind: "tls", what: "GOINSECURE" } },
  GOSUMDB: { off: /^off$/, bypass: { kind: "signature", what: "GOSUMDB=off" } },
  GONOSUMCHECK: { off: /^(?:1|true)$/i, bypass: { kind: "signature", what: "GONOSUMCHECK" } },
};
const VARIABLE_IN_TEXT = new RegExp(`(?:^|[\\s;&|(])(${Object.keys(VARIABLES).join("|")})=("[^"]*"|'[^']*'|[^\\s;&|)]*)`, "g");

const MENTIONS = /-[\w"'\\]*k|insecure|no-check-certificate|allow-unauthenticated|allow-insecure|force-yes|allow-untrusted|nogpgcheck|no-gpg|gpg-auto-import|nosignature|nodigest|trusted|gpgcheck|sslverify|AllowUnauthenticated|Verify-|strict-ssl|NODE_TLS|GIT_SSL|PIP_TRUSTED|STRICT_SSL|HTTPSVERIFY|GOINSECURE|GOSUMDB|GONOSUMCHECK/i;

function unquote(text: string): string {
  return /^(["']).*\1$/s.test(text) ? text.slice(1, -1) : text;
}

export default defineRule({
  meta: {
    id: "verification-bypass",
    severity: "warning",
    type: "problem",
    scope: "stage",
    onbuild: true,
    docs: { description: "Do not turn off TLS certificate or package signature checks: they are what stops a tampered download" },
    messages: {
      tls: "{{what}} turns off TLS certificate verification: anyone between the build and the server can swap what is downloaded. Install the CA certificate the server needs (COPY it and run update-ca-certificates) instead.",
      signature:
        "{{what}} turns off package signature verification: a tampered or replaced package is installed without complaint. Import the repository's signing key instead.",
    },
    shell: (instruction) => commandMentions(instruction, MENTIONS),
    // What a finding needs in the RUN's text, as plain strings (MENTIONS is a regex, case-blind):
    // curl (its -k in any cluster, `-sSk`), the long options of OPTIONS and `strict-ssl`, the
    // programs CONFIG_COMMANDS reads (`npm` is also in pnpm), and for TEXT_SETTINGS (case-blind)
    // and VARIABLE_IN_TEXT what every one of their patterns holds: `::` or `=`.
    mentions: ["curl", "insecure", "no-check-certificate", "allow-unauthenticated", "allow-insecure", "force-yes", "allow-untrusted", "nogpgcheck", "no-gpg", "gpg-auto-import-keys", "nosignature", "nodigest", "trusted-host", "strict-ssl", "git", "npm", "yarn", "::", "="],
  },
  create(context) {
    const { file } = context;
    /** What this RUN's options already reported, so its text is not reported again for it. */
    const seen = new Set<string>();
    const report = (range: Range, bypass: Bypass) => {
      seen.add(bypass.what);
      context.report({ range, messageId: bypass.kind, data: { what: bypass.what } });
    };

    const commandText = (command: ShellCommand) => file.text.slice(command.range.start.offset, command.range.end.offset);

    const checkCommand = (command: ShellCommand) => {
      const program = command.program;
      if (program === null) return;
      const table = OPTIONS[program];
      if (table === undefined && !CONFIG_PROGRAMS.has(program) && !command.args.some((arg) => arg.value !== null && SETTING_WORDS.test(arg.value))) return;
      // Only apk's operands are read: a command of another program with no word starting with
      // `-` has no option to check, and most commands (`echo`, `cd`, `make`) are not split.
      const options = program === "apk" || command.args.some((arg) => arg.value?.startsWith("-") === true) ? parseOptions(command, VALUED[program] ?? NO_VALUED) : null;
      // `apk index`/`apk verify --allow-untrusted` read packages; only installing trusts them.
      if (program === "apk" && !APK_INSTALLS.has(options?.operands[0]?.value ?? "")) return;
      for (const option of options?.options ?? []) {
        if (table?.[option.name] === "signature" && verifiedElsewhere) continue;
        const kind = table?.[option.name];
        if (kind !== undefined) {
          report(option.word.range, { kind, what: `${program} ${option.name.length === 1 ? "-" : "--"}${option.name}` });
          continue;
        }
        // `--strict-ssl=false` (npm, yarn, pnpm), `-o Acquire::…`, `--setopt=sslverify=0`.
        if (option.name === "strict-ssl" && option.value === "false") report(option.word.range, { kind: "tls", what: `${program} --strict-ssl=false` });
        if (option.value !== null && (option.name === "o" || option.name === "option" || option.name === "setopt")) {
          for (const [pattern, bypass] of TEXT_SETTINGS) if (pattern.test(option.value)) report(option.word.range, bypass);
        }
      }
      // `git config --global http.sslVerify false`, `git -c http.sslVerify=false clone …`,
      // `npm config set strict-ssl false`, `yarn config set strict-ssl false`.
      if (CONFIG_PROGRAMS.has(program)) {
        const text = commandText(command);
        for (const [pattern, bypass] of CONFIG_COMMANDS) if (pattern.test(text)) report(command.range, bypass);
      }
    };

    /**
     * The RUN, or an earlier RUN of its stage, checks signatures itself (`gpg --verify`, `gpgv`):
     * the package manager's check is then not the only one.
     */
    let verifiedElsewhere = false;
    const verifies = (commands: readonly ShellCommand[]) =>
      commands.some((command) => command.program === "gpgv" || ((command.program === "gpg" || command.program === "gpg2") && command.args.some((arg) => arg.value === "--verify")));
    const verifyingStages = new Map<object, Instruction[]>();
    const verifiedInStage = (node: Instruction): boolean => {
      const stage = file.stageOf(node);
      if (stage === null) return false;
      let verifying = verifyingStages.get(stage);
      if (verifying === undefined) {
        verifying = stage.instructions.filter((instruction) => instruction.type === "Run" && GPG_VERIFY.test(instruction.command?.type === "ShellForm" ? instruction.command.value : ""));
        verifyingStages.set(stage, verifying);
      }
      return verifying.some((instruction) => instruction.range.start.offset < node.range.start.offset);
    };

    const checkRun = (node: Instruction) => {
      seen.clear();
      const commands = runCommands(context, node);
      verifiedElsewhere = verifies(commands) || verifiedInStage(node);
      for (const command of commands) checkCommand(command);
      // Configuration written by the RUN (`echo 'deb [trusted=yes] …' > …`, `sed -i s/gpgcheck=1/gpgcheck=0/`)
      // and variables set for its commands (`GIT_SSL_NO_VERIFY=1 git clone …`, `export …`).
      const command = "command" in node ? node.command : null;
      // Each pattern below needs a word MENTIONS finds, which most RUNs lack: those are not read again.
      if (command?.type !== "ShellForm" || !commandMentions(node, MENTIONS)) return;
      const text = command.value + node.heredocs.map((heredoc) => `\n${heredoc.content}`).join("");
      for (const [pattern, bypass, holds] of TEXT_SETTINGS) if (!seen.has(bypass.what) && holds.test(text) && pattern.test(text)) report(onFirstLine(node, node.keyword), bypass);
      for (const match of text.matchAll(VARIABLE_IN_TEXT)) {
        const variable = VARIABLES[match[1] ?? ""];
        const value = unquote(match[2] ?? "");
        if (variable && value !== "" && (variable.off === null || variable.off.test(value))) report(onFirstLine(node, node.keyword), variable.bypass);
      }
    };

    const checkDefinitions = (node: ArgInstruction | EnvInstruction) => {
      const pairs = node.type === "Arg" ? node.args.map((definition) => ({ key: definition.name, value: definition.value })) : node.pairs.map((pair) => ({ key: pair.key, value: pair.value }));
      for (const { key, value } of pairs) {
        const variable = VARIABLES[key.value];
        if (!variable || value === null) continue;
        const resolved = file.resolve(value, node) ?? value.value;
        if (resolved !== "" && (variable.off === null || variable.off.test(resolved))) report(onFirstLine(node, key), variable.bypass);
      }
    };

    return {
      Run: (node) => {
        checkRun(node);
      },
      Env: (node) => {
        checkDefinitions(node);
      },
      Arg: (node) => {
        checkDefinitions(node);
      },
    };
  },
});
