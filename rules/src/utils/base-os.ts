import type { StageInfo } from "@dfbuild/linter";
import { parseImageReference } from "./image.js";

/**
 * The image a stage is built on in the end, following `FROM <stage>` chains; null when a
 * variable without a known value decides it.
 */
export function rootImageOf(stage: StageInfo): string | null {
  let current: StageInfo = stage;
  while (current.baseStage) current = current.baseStage;
  return current.baseImage;
}

/**
 * Whether a stage is built on Alpine or BusyBox, whose `sh`, `wget` and the like are BusyBox's
 * applets: an image named `alpine`/`busybox`, or tagged `…-alpine…` (`node:22-alpine3.20`).
 */
export function isBusyboxBased(stage: StageInfo): boolean {
  const image = rootImageOf(stage);
  if (image === null) return false;
  const reference = parseImageReference(image.toLowerCase());
  const name = reference.name.split("/").pop() ?? "";
  return /^(alpine|busybox)$/.test(name) || /(^|[-_.])alpine/.test(reference.tag ?? "") || /(^|[-_.])alpine/.test(name);
}
