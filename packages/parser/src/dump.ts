import type { Dockerfile, Instruction } from "./ast.js";
import { goQuote, goToLower, trimGoSpace } from "./text.js";

/** BuildKit's `Node.Dump()` of one instruction. */
function dumpInstruction(instruction: Instruction): string {
  // BuildKit's `Node.Dump` writes `strings.ToLower(node.Value)`.
  let out = goToLower(instruction.keyword.text);
  if (instruction.flags.length > 0) {
    out += ` [${instruction.flags.map((flag) => goQuote(flag.text)).join(" ")}]`;
  }
  if (instruction.type === "Onbuild") {
    if (instruction.trigger) out += ` ${trimGoSpace(`(${dumpInstruction(instruction.trigger)})\n`)}`;
    return trimGoSpace(out);
  }
  for (const argument of instruction.arguments) out += ` ${goQuote(argument.value)}`;
  return trimGoSpace(out);
}

/**
 * The AST in BuildKit's `Node.Dump()` format: one `(instruction args…)` per line, byte for
 * byte what `parser.Parse(…).AST.Dump()` prints (without the final newline).
 */
export function dump(ast: Dockerfile): string {
  let out = "";
  for (const instruction of ast.instructions) out += `(${dumpInstruction(instruction)})\n`;
  return trimGoSpace(out);
}
