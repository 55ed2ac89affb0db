import { defineConfig } from "vitest/config";
import { moduleMockingTests, moduleTests } from "./test/projects.js";
import { hasShared, sharedTests } from "./test/shared.js";

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
    // A temporary directory of the run's own, which must be empty at the end: tests remove what they
    // create. First in every project's list (projects extend this one).
    globalSetup: ["test/tmpdir-setup.ts"],
    projects: [
      {
        // The unit tests beside the modules, without a module graph per file (test/projects.ts says why).
        extends: true,
        test: {
          name: "modules",
          include: [...moduleTests],
          exclude: [...moduleMockingTests],
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts", ...moduleMockingTests],
          // Without ../shared beside the checkout, the tests that read it are left out; the global
          // setup says so in one line, or fails the run under CI.
          exclude: ["test/engine/**", "test/build/**", "test/browser/**", "test/clone/**", ...(hasShared ? [] : sharedTests)],
          globalSetup: ["test/shared-setup.ts"],
        },
      },
      {
        // A plain `git clone` of the repository, with no ../shared beside it, runs the unit project.
        extends: true,
        test: {
          name: "clone",
          include: ["test/clone/**/*.test.ts"],
          testTimeout: 900_000,
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
        // The playground in a real headless Chromium: the global setup installs Debian's chromium
        // with scripts/chromium.sh, and fails the run if it cannot.
        extends: true,
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          globalSetup: ["test/browser/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 900_000,
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
