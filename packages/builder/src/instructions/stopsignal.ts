/** STOPSIGNAL: the signal that stops the container, checked as `signal.ParseSignal` does (moby `dispatchStopSignal`). */
import type { StopsignalInstruction } from "@dfbuild/parser";
import { metadataStep } from "../step.js";
import type { Handler } from "./request.js";

export const dispatchStopSignal: Handler<StopsignalInstruction> = ({ state, instruction, services, word, fail }) => {
  const signal = word(instruction.signal?.value ?? "");
  if (!isSignal(signal)) fail(`Invalid signal: ${signal}`);
  state.config.StopSignal = signal;
  return metadataStep(services, state, `STOPSIGNAL ${signal}`);
};

const SIGNALS = new Set([
  "ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR",
  "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ",
]);

/** `signal.ParseSignal`: a number, a name with or without SIG, or RTMIN+n / RTMAX-n. */
export function isSignal(text: string): boolean {
  if (/^\d+$/.test(text)) return Number(text) > 0 && Number(text) <= 64;
  const name = text.toUpperCase().replace(/^SIG/, "");
  return SIGNALS.has(name) || /^RTMIN(\+\d+)?$/.test(name) || /^RTMAX(-\d+)?$/.test(name);
}
