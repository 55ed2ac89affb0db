import { defineRule } from "@dfbuild/linter";

export default defineRule({
  meta: {
    id: "unused-stage",
    severity: "warning",
    type: "suggestion",
    // Opt-in: files that list images for dependency bots or image pre-pulls (several bare FROMs)
    // and test fixtures use unnamed stages on purpose.
    recommended: false,
    docs: { description: "Remove build stages nothing can build: an unnamed stage that no later stage uses" },
    messages: {
      unused:
        "Stage {{index}} ({{image}}) is never built: it has no name for --target, and no FROM, COPY --from or RUN --mount from uses it. Remove it, or name it (AS name) if it is meant to be built on its own.",
    },
  },
  create(context) {
    const { file } = context;
    return {
      "Dockerfile:exit": () => {
        const stages = file.stages;
        const last = stages.at(-1);
        const needed = new Set<number>();
        for (const stage of stages) for (const dependency of stage.dependencies) needed.add(dependency.index);
        for (const stage of stages) {
          // A named stage may be built with --target; the last stage is the default target.
          if (stage === last || stage.name !== null || needed.has(stage.index)) continue;
          context.report({ node: stage.from.keyword, messageId: "unused", data: { index: stage.index, image: stage.from.image?.value ?? "" } });
        }
      },
    };
  },
});
