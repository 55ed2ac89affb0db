/**
 * How vitest.config.ts splits the unit tests. The tests beside the modules (packages' and rules'
 * sources) run in the `modules` project with `isolate: false`: the files a worker runs share one
 * module graph, so the parser, the linter and the rules are imported once per worker rather than
 * once per test file (with isolation, importing them was most of the unit tests' CPU time). A test
 * file that replaces a module with `vi.mock` needs a graph of its own — the module it mocks may
 * already be loaded, unmocked, by an earlier file — so it runs isolated in the `unit` project
 * instead, and must be listed here (test/projects.test.ts checks it).
 */
export const moduleTests: readonly string[] = ["packages/*/src/**/*.test.ts", "rules/src/**/*.test.ts"];

/** The tests beside the modules that call `vi.mock` (or `vi.doMock`). */
export const moduleMockingTests: readonly string[] = [
  "packages/builder/src/file-digest-cache.test.ts",
  "packages/builder/src/json-lines-store.test.ts",
  "packages/linter/src/shell/index.test.ts",
  "packages/parser/src/parse-internal-error.test.ts",
];
