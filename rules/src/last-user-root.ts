import type { UserInstruction } from "@dfbuild/parser";
import { type StageInfo, defineRule } from "@dfbuild/linter";

/** `root`, `0`, `root:<group>` or `0:<group>` (hadolint's test, also dfbuild's on the resolved value). */
function isRoot(user: string): boolean {
  return user === "root" || user === "0" || user.startsWith("root:") || user.startsWith("0:");
}

function lastUser(stage: StageInfo): UserInstruction | null {
  for (let i = stage.instructions.length - 1; i >= 0; i--) {
    const instruction = stage.instructions[i];
    if (instruction?.type === "User") return instruction;
  }
  return null;
}

export default defineRule({
  meta: {
    id: "last-user-root",
    aliases: ["DL3002"],
    severity: "warning",
    hadolint: "warning",
    type: "problem",
    docs: { description: "Do not leave the image running as root: the last USER should be an unprivileged user" },
    messages: {
      root: "The image runs as {{user}}: this is the last USER of the final stage. Switch to an unprivileged user (e.g. USER app, or a numeric UID) after the steps that need root.",
      hadolint: "Last USER should not be root.",
    },
  },
  create(context) {
    const { file } = context;
    const hadolint = context.settings.preset === "hadolint";
    return {
      "Dockerfile:exit": () => {
        if (hadolint) {
          // hadolint: every stage whose own last USER is root, as written.
          for (const stage of file.stages) {
            const user = lastUser(stage);
            if (user?.user && isRoot(user.user.value)) context.report({ node: user, messageId: "hadolint" });
          }
          return;
        }
        // The image is the final stage; a build stage's user never reaches it, except through
        // `FROM <stage>`, where the base stage's last USER is still in effect.
        let stage: StageInfo | null = file.stages[file.stages.length - 1] ?? null;
        let user: UserInstruction | null = null;
        while (stage && !user) {
          user = lastUser(stage);
          stage = stage.baseStage;
        }
        if (!user?.user) return;
        const value = file.resolve(user.user, user);
        if (value !== null && isRoot(value)) context.report({ node: user.user, messageId: "root", data: { user: value } });
      },
    };
  },
});
