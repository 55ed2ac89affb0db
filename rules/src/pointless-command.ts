import type { RunInstruction } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { invocations } from "./utils/shell-commands.js";

/** What each command is for, and why a build step is the wrong place (hadolint's DL3001 list). */
const POINTLESS: Record<string, string> = {
  free: "shows the build machine's memory, which says nothing about where the image will run",
  kill: "signals processes, and no process outlives its RUN",
  mount: "needs privileges a build does not have; use RUN --mount",
  ps: "lists the processes of this RUN only",
  service: "starts or stops a service that ends with this RUN and never runs in the container",
  shutdown: "would shut down a machine a build container does not have",
  ssh: "opens a remote session a build cannot answer; use RUN --mount=type=ssh for keys",
  top: "is interactive and never ends without a terminal",
  vim: "is an interactive editor; edit files with sed or COPY them",
};
const PROGRAMS = Object.keys(POINTLESS);

export default defineRule({
  meta: {
    id: "pointless-command",
    scope: "instruction",
    aliases: ["DL3001"],
    severity: "info",
    hadolint: "info",
    type: "suggestion",
    recommended: false,
    onbuild: true,
    docs: { description: "Do not run interactive or machine-level commands (ssh, vim, service, shutdown…) in RUN" },
    messages: { pointless: "{{program}} {{why}}." },
    shell: true,
    mentions: PROGRAMS,
  },
  create(context) {
    return {
      Run: (node: RunInstruction) => {
        const script = context.shell(node);
        if (!script) return;
        for (const command of invocations(context, script, PROGRAMS)) {
          const program = command.program ?? command.name ?? "";
          context.report({ node: command.nameWord, messageId: "pointless", data: { program, why: POINTLESS[program] ?? "" } });
        }
      },
    };
  },
});
