import type { CopyInstruction, FromInstruction, Instruction, Range, RunInstruction, StageReference } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { parseImageReference } from "./utils/image.js";
import { flagOf, stageSourcesByInstruction } from "./utils/stage-reference.js";

/** Docker Hub's names: an image without a registry host comes from there. */
const DOCKER_HUB = ["docker.io", "index.docker.io", "registry-1.docker.io", "hub.docker.com"];

/**
 * The registry host of an image reference, as Docker's reference grammar reads it: the first
 * path component when it has a `.` or `:` or is `localhost`; null for Docker Hub.
 */
export function registryOf(image: string): string | null {
  const name = parseImageReference(image).name;
  const slash = name.indexOf("/");
  if (slash === -1) return null;
  const first = name.slice(0, slash);
  return /[.:]/.test(first) || first === "localhost" ? first.toLowerCase() : null;
}

/** hadolint's pattern match: `*`, `*.suffix`, `prefix*` or the exact host. */
function matches(pattern: string, registry: string): boolean {
  if (pattern === "*") return true;
  if (pattern.startsWith("*")) return registry.endsWith(pattern.slice(1));
  if (pattern.endsWith("*")) return registry.startsWith(pattern.slice(0, -1));
  return registry === pattern;
}

export default defineRule({
  meta: {
    id: "trusted-registry",
    aliases: ["DL3026"],
    severity: "error",
    hadolint: "error",
    type: "problem",
    docs: { description: "Pull images only from the registries the configuration trusts (`trustedRegistries`)" },
    messages: {
      untrusted: "{{image}} comes from {{registry}}, which is not a trusted registry ({{trusted}}). Use an image from a trusted registry, or add the registry to trustedRegistries.",
    },
  },
  create(context) {
    const trusted = context.settings.trustedRegistries;
    if (trusted.length === 0) return {};
    const { file } = context;
    const hadolint = context.settings.preset === "hadolint";
    const allowed = (image: string): boolean => {
      if (parseImageReference(image).name.toLowerCase() === "scratch") return true;
      const registry = registryOf(image);
      const hosts = registry === null ? DOCKER_HUB : [registry];
      return hosts.some((host) => trusted.some((pattern) => matches(pattern, host)));
    };
    const report = (range: Range, image: string) => {
      context.report({ range, messageId: "untrusted", data: { image, registry: registryOf(image) ?? "docker.io", trusted: trusted.join(", ") } });
    };

    if (hadolint) {
      // hadolint: the texts as written; names of the stages seen so far pass.
      const aliases = new Set<string>();
      const imageText = (node: FromInstruction) => node.image?.value ?? "";
      return {
        From: (node) => {
          const image = imageText(node);
          if (!aliases.has(parseImageReference(image).name) && !allowed(image) && node.image) report(node.image.range, image);
          if (node.stageName) aliases.add(node.stageName.value);
        },
        Copy: (node: CopyInstruction) => {
          const from = flagOf(node, "from");
          if (from?.value && !aliases.has(parseImageReference(from.value).name) && !allowed(from.value)) report(from.valueRange ?? from.range, from.value);
        },
        Run: (node: RunInstruction) => {
          for (const mount of node.mounts) {
            if (mount.mountType !== "bind" && mount.mountType !== "cache") continue;
            const from = mount.fields.find((field) => field.key === "from")?.value;
            if (from && !aliases.has(parseImageReference(from).name) && !allowed(from)) report(mount.range, from);
          }
        },
      };
    }

    // dfbuild: what the build pulls, as the semantic model resolved it (ARG defaults expanded,
    // stages and `scratch` excluded); a base image that depends on an unknown value is not judged.
    let sources: ReadonlyMap<Instruction, StageReference[]> | null = null;
    const checkSources = (node: CopyInstruction | RunInstruction) => {
      sources ??= stageSourcesByInstruction(file);
      for (const reference of sources.get(node) ?? []) if (reference.resolution === "image" && !allowed(reference.text)) report(reference.range, reference.text);
    };
    return {
      From: (node) => {
        const stage = file.stageOf(node);
        if (stage?.base.resolution !== "image" || stage.baseImage === null || !node.image) return;
        if (!allowed(stage.baseImage)) report(node.image.range, stage.baseImage);
      },
      Copy: checkSources,
      Run: checkSources,
    };
  },
});
