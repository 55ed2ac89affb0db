import { createContext, runInContext } from "node:vm";
import { build } from "esbuild";
import { expect, test } from "vitest";

/**
 * The parser must run unchanged in a browser or an editor: bundle it for the browser platform
 * and run it in a bare JavaScript context, without Node's globals or modules.
 */
test("@dfbuild/parser bundles for the browser and runs without Node", async () => {
  const result = await build({
    stdin: {
      contents: `import { parse, dump, expand } from "@dfbuild/parser";
        const { ast, diagnostics } = parse("FROM alpine\\nRUN echo $HOME\\nCOPY x\\n");
        globalThis.output = { dump: dump(ast), errors: diagnostics.map((d) => d.message), word: expand("$A-\${B:-b}", { A: "a" }).value };`,
      resolveDir: import.meta.dirname,
    },
    bundle: true,
    platform: "browser",
    format: "iife",
    conditions: ["source"],
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.text ?? "";
  expect(code).not.toMatch(/require\(["']node:/);
  const context = createContext({});
  runInContext(code, context);
  expect(context.output).toEqual({
    dump: '(from "alpine")\n(run "echo $HOME")\n(copy "x")',
    errors: ["COPY requires at least two arguments, but only one was provided. Destination could not be determined"],
    word: "a-b",
  });
});

test("the semantic model and the formatter bundle for the browser and run without Node", async () => {
  const result = await build({
    stdin: {
      contents: `import { parse, analyze } from "@dfbuild/parser";
        import { formatDockerfile } from "@dfbuild/fmt";
        const text = "ARG V=1\\nfrom alpine:$V as base\\nARG V\\nrun echo $V\\n";
        const model = analyze(parse(text).ast);
        globalThis.output = {
          references: model.references.map((reference) => reference.name + "=" + reference.value),
          stages: model.stages.map((stage) => stage.name + ":" + stage.baseImage),
          formatted: formatDockerfile(text).text,
        };`,
      resolveDir: import.meta.dirname,
    },
    bundle: true,
    platform: "browser",
    format: "iife",
    conditions: ["source"],
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.text ?? "";
  expect(code).not.toMatch(/require\(["']node:/);
  const context = createContext({});
  runInContext(code, context);
  expect(context.output).toEqual({
    references: ["V=1", "V=1"],
    stages: ["base:alpine:1"],
    formatted: "ARG V=1\nFROM alpine:$V AS base\nARG V\nRUN echo $V\n",
  });
});
