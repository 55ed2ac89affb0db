import { defineConfig } from "vitest/config";

// Workspace packages resolve to their TypeScript sources (the "source" export condition),
// so tests never depend on a stale build.
const conditions = ["source", "import", "node", "default"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 30_000,
    clearMocks: true,
    restoreMocks: true,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "rules/src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["test/engine/**", "test/build/**"],
        },
      },
      {
        // Tests against a real Docker engine: the global setup starts one with scripts/engine.sh,
        // and fails the run if it cannot.
        extends: true,
        test: {
          name: "engine",
          include: ["test/engine/**/*.test.ts"],
          globalSetup: ["test/engine/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // dfbuild build against the real engine, compared with the classic builder. One file at a
        // time: the leak checks count every build container on the engine.
        extends: true,
        test: {
          name: "build",
          include: ["test/build/**/*.test.ts"],
          globalSetup: ["test/build/global-setup.ts", "test/build/registry-setup.ts"],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
