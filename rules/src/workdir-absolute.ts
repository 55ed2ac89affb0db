import type { WorkdirInstruction } from "@dfbuild/parser";
import { type LintFile, type StageInfo, defineRule } from "@dfbuild/linter";
import { perFile } from "./utils/per-file.js";
import { dropQuotes } from "./utils/hadolint-rule.js";

/**
 * The WORKDIRs BuildKit checks: the first of each stage chain (`dispatchWorkdir` in moby/buildkit
 * `frontend/dockerfile/dockerfile2llb/convert.go` checks only while `workdirSet` is false, and a
 * stage built on another inherits it). Later relative ones resolve against that one.
 */
const firstWorkdirs = perFile((file: LintFile): Set<WorkdirInstruction> => {
  const first = new Set<WorkdirInstruction>();
  const setBy = new Map<StageInfo, boolean>();
  for (const stage of file.stages) {
    let set = stage.baseStage ? (setBy.get(stage.baseStage) ?? false) : false;
    for (const instruction of stage.instructions) {
      if (instruction.type !== "Workdir") continue;
      if (!set) first.add(instruction);
      set = true;
    }
    setBy.set(stage, set);
  }
  return first;
});

/** Absolute on Linux (`/…`), or a Windows path (`C:\…`, `C:/…`, `\…`) for Windows images. */
function isAbsolute(path: string): boolean {
  return path.startsWith("/") || /^[A-Za-z]:([\\/]|$)/.test(path) || path.startsWith("\\");
}

/** hadolint's DL3000 test (src/Hadolint/Rule/DL3000.hs): quotes dropped, then `$`, `/` or `X:` first. */
function hadolintAbsolute(text: string): boolean {
  const path = dropQuotes(text);
  return path.startsWith("$") || path.startsWith("/") || /^\p{L}:/u.test(path);
}

export default defineRule({
  meta: {
    id: "workdir-absolute",
    aliases: ["DL3000", "WorkdirRelativePath"],
    severity: "warning",
    hadolint: "error",
    type: "problem",
    docs: { description: "Make a stage's first WORKDIR absolute: a relative one lands wherever the base image's WORKDIR is" },
    messages: {
      relative:
        'WORKDIR {{path}} is relative, so it resolves against the base image\'s WORKDIR, which can change with the image (on an image that sets none it is "/{{path}}"). Write the absolute path you mean.',
      relativeAfter: 'WORKDIR {{path}} is relative; hadolint wants every WORKDIR absolute (here it is "{{resolved}}").',
    },
  },
  create(context) {
    const { file } = context;
    const hadolint = context.settings.preset === "hadolint";
    const lastKnown = new Map<StageInfo, string | null>();
    return {
      Workdir: (node) => {
        if (!node.path) return;
        const stage = file.stageOf(node);
        const path = file.resolve(node.path, node);
        const before = stage ? (lastKnown.get(stage) ?? (stage.baseStage ? lastKnown.get(stage.baseStage) : null) ?? null) : null;
        const resolved = path === null ? null : isAbsolute(path) ? path : before === null ? null : joinPath(before, path);
        if (stage) lastKnown.set(stage, resolved);
        if (hadolint) {
          if (hadolintAbsolute(node.path.value)) return;
          if (firstWorkdirs(file).has(node) || resolved === null) context.report({ node: node.path, messageId: "relative", data: { path: path ?? node.path.value } });
          else context.report({ node: node.path, messageId: "relativeAfter", data: { path: path ?? node.path.value, resolved } });
          return;
        }
        // Later WORKDIRs build on the first, which is the one to make absolute (BuildKit's rule).
        if (!firstWorkdirs(file).has(node)) return;
        // Unknown variables may well hold an absolute path: say nothing then.
        if (path === null || path === "" || isAbsolute(path)) return;
        context.report({ node: node.path, messageId: "relative", data: { path } });
      },
    };
  },
});

/** A relative WORKDIR applied to the one before it, cleaned as Go's path.Join cleans it. */
function joinPath(base: string, relative: string): string {
  const parts: string[] = [];
  for (const part of `${base}/${relative}`.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}
