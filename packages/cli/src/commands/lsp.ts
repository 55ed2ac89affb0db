import { serveStdio } from "@dfbuild/language-server";
import { RuleRegistry } from "@dfbuild/linter";
import { rules } from "@dfbuild/rules";
import { type CliIo, UsageError } from "../io.js";

export const lspUsage = `Usage: dfbuild lsp --stdio [--clientProcessId=PID]

Runs the Dockerfile language server, speaking the Language Server Protocol on standard input and
output: diagnostics from the parser and every lint rule (with links to the rules' docs); fixes,
suggestions and ignore comments as code actions (and source.fixAll.dfbuild); hover (instruction
and flag docs, a variable's value at that line, rule docs); completion (instructions, flags,
stage names, variables in scope, rule names in ignore comments); document symbols; go to
definition, references and rename of stages and ARG/ENV variables; formatting (dfbuild fmt) and
folding. Editors start it; see the README for their settings.

Options:
  --stdio                 talk over standard input and output (the only transport)
  --clientProcessId=PID   exit when the editor's process PID ends (editors pass it)

Configuration: the nearest .dfbuild.yaml (else .hadolint.yaml), reloaded when it changes; the
editor's "dfbuild" settings take the same keys and apply where the file does not set them.`;

function usage(detail: string): never {
  throw new UsageError(`dfbuild lsp: ${detail} (see "dfbuild lsp --help")`);
}

export function lspCommand(argv: string[], io: CliIo): Promise<number> {
  let stdio = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--help" || arg === "-h") {
      io.stdout(`${lspUsage}\n`);
      return Promise.resolve(0);
    }
    if (arg === "--stdio") stdio = true;
    else if (arg === "--clientProcessId") {
      // vscode-languageserver watches this process itself (it reads the command line).
      if (!/^\d+$/.test(argv[++i] ?? "")) usage("--clientProcessId takes a process id");
    } else if (arg.startsWith("--clientProcessId=")) {
      if (!/^\d+$/.test(arg.slice("--clientProcessId=".length))) usage("--clientProcessId takes a process id");
    } else if (arg === "--node-ipc" || arg.startsWith("--socket") || arg.startsWith("--pipe")) usage(`${arg}: only --stdio is supported`);
    else usage(`unknown option "${arg}"`);
  }
  if (!stdio) usage("--stdio is required (the server talks LSP over standard input and output)");
  serveStdio({ registry: new RuleRegistry(rules), env: io.env, version: "0.1.0" });
  // The server ends the process itself (on `exit`, or when standard input closes).
  return new Promise<number>(() => undefined);
}
