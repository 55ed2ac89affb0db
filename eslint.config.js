// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    // .stryker/: pnpm mutate's sandboxes, full copies of the repository with instrumented sources.
    ignores: ["**/dist/**", "**/node_modules/**", "grammar/diagrams/**", "coverage/**", "bench/node_modules/**", ".stryker/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ["*.js", "*.mjs", "vitest.config.ts"],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: "error",
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The parser must stay embeddable in browsers and editors.
    files: ["packages/parser/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*"], message: "@dfbuild/parser must not use Node built-ins." },
            { group: ["@dfbuild/*"], message: "@dfbuild/parser depends on no other dfbuild package." },
          ],
        },
      ],
    },
  },
  {
    // The formatter runs where the parser runs: browsers and editors.
    files: ["packages/fmt/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*"], message: "@dfbuild/fmt must not use Node built-ins." },
            { group: ["@dfbuild/*", "!@dfbuild/parser"], message: "@dfbuild/fmt depends on the parser only." },
          ],
        },
      ],
    },
  },
  {
    files: ["packages/linter/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@dfbuild/rules", "@dfbuild/engine", "@dfbuild/builder"], message: "The linter knows only the parser." },
          ],
        },
      ],
    },
  },
  {
    files: ["packages/engine/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@dfbuild/*"], message: "The engine client knows nothing about Dockerfiles." }] },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // CommonJS launchers (the CLI's bin loads its bundle through V8's code cache).
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly", module: "writable", __dirname: "readonly", __filename: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
