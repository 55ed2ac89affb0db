/** HEALTHCHECK: the image's health test and its timings (moby `dispatchHealthcheck`). */
import type { HealthConfig } from "@dfbuild/engine";
import { type HealthcheckInstruction, parseDuration } from "@dfbuild/parser";
import { healthcheckComment } from "../config.js";
import { goList } from "../go-format.js";
import { metadataStep } from "../step.js";
import type { Handler } from "./request.js";

export const dispatchHealthcheck: Handler<HealthcheckInstruction> = ({ state, instruction, services, fail }) => {
  const health = healthConfig(instruction, fail);
  const previous = state.config.Healthcheck?.Test;
  if (previous && previous.length > 0 && previous[0] !== "NONE") {
    services.emit({ type: "message", step: services.step(), text: `Note: overriding previous HEALTHCHECK: ${goList(previous)}` });
  }
  const comment = healthcheckComment(health);
  // The classic builder's container create merges the previous image's healthcheck into the
  // new one (through a pointer it shares with the build state): zero fields are inherited.
  const before = state.config.Healthcheck;
  const inherited: HealthConfig = {
    Test: health.Test,
    Interval: orInherited(health.Interval, before?.Interval),
    Timeout: orInherited(health.Timeout, before?.Timeout),
    StartPeriod: orInherited(health.StartPeriod, before?.StartPeriod),
    StartInterval: health.StartInterval,
    Retries: orInherited(health.Retries, before?.Retries),
  };
  // Zero durations are left out, as the engine leaves them out of the image.
  state.config.Healthcheck = Object.fromEntries(Object.entries(inherited).filter(([, value]) => value !== undefined && value !== 0));
  return metadataStep(services, state, comment);
};

function healthConfig(instruction: HealthcheckInstruction, fail: (message: string) => never): HealthConfig {
  if (instruction.kind === "NONE") return { Test: ["NONE"] };
  const command = instruction.command;
  if (instruction.kind !== "CMD" || command === null) return fail(`Unknown type "${instruction.kind ?? ""}" in HEALTHCHECK (try CMD)`);
  const test = command.type === "ExecForm" ? ["CMD", ...command.elements.map((element) => element.value)] : ["CMD-SHELL", command.value];
  const health: HealthConfig = { Test: test };
  const duration = (name: string): number => {
    const flag = instruction.flags.find((candidate) => candidate.name === name);
    if (flag?.value === undefined || flag.value === null || flag.value === "") return 0;
    const parsed = parseDuration(flag.value);
    if (!parsed.ok) return fail(parsed.message);
    const value = Math.round(parsed.value);
    if (value !== 0 && value < 1e6) return fail(`Interval "${name}" cannot be less than 1ms`);
    return value;
  };
  health.Interval = duration("interval");
  health.Timeout = duration("timeout");
  health.StartPeriod = duration("start-period");
  const startInterval = duration("start-interval");
  if (startInterval !== 0) health.StartInterval = startInterval;
  const retries = instruction.flags.find((flag) => flag.name === "retries")?.value;
  health.Retries = retries === undefined || retries === null || retries === "" ? 0 : Number.parseInt(retries, 10);
  if (Number.isNaN(health.Retries) || health.Retries < 0) fail("--retries cannot be negative");
  return health;
}

/** The engine's merge: a zero (or unset) field takes the previous healthcheck's value. */
function orInherited(value: number | undefined, previous: number | undefined): number | undefined {
  return value === undefined || value === 0 ? previous : value;
}
