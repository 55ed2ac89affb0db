/**
 * Regenerates grammar/syntax-diagrams.html from the parser's Chevrotain grammar.
 *   pnpm grammar          write the file
 *   pnpm grammar --check  exit 1 when the committed file is out of date
 * The page loads Chevrotain's diagram renderer from the installed package, so it works offline.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSyntaxDiagramsCode } from "chevrotain";
import { serializedGrammar } from "@dfbuild/parser";

export const diagramsPath = join(dirname(fileURLToPath(import.meta.url)), "syntax-diagrams.html");

export function renderDiagrams(): string {
  const base = "../packages/parser/node_modules/chevrotain/diagrams/";
  const html = createSyntaxDiagramsCode(serializedGrammar(), { resourceBase: base, css: `${base}diagrams.css` });
  const title = "<title>dfbuild: the Dockerfile grammar (physical structure)</title>\n";
  return html.replace("<!DOCTYPE html>\n", `<!DOCTYPE html>\n${title}`).replace(/[ \t]+$/gm, "");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const html = renderDiagrams();
  if (process.argv.includes("--check")) {
    if (readFileSync(diagramsPath, "utf8") !== html) {
      console.error("grammar/syntax-diagrams.html is out of date: run pnpm grammar");
      process.exit(1);
    }
  } else {
    writeFileSync(diagramsPath, html);
    console.log(`wrote ${diagramsPath}`);
  }
}
