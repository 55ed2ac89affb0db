/** The handler of each instruction, keyed by its type (moby's `dispatch` in `evaluator.go`). */
import { dispatchArg } from "./arg.js";
import { dispatchCmd } from "./cmd.js";
import { dispatchAdd, dispatchCopy } from "./copy.js";
import { dispatchEntrypoint } from "./entrypoint.js";
import { dispatchEnv } from "./env.js";
import { dispatchExpose } from "./expose.js";
import { dispatchHealthcheck } from "./healthcheck.js";
import { dispatchLabel } from "./label.js";
import { dispatchMaintainer } from "./maintainer.js";
import { dispatchOnbuild } from "./onbuild.js";
import type { HandlerTable } from "./request.js";
import { dispatchRun } from "./run.js";
import { dispatchShell } from "./shell.js";
import { dispatchStopSignal } from "./stopsignal.js";
import { dispatchUser } from "./user.js";
import { dispatchVolume } from "./volume.js";
import { dispatchWorkdir } from "./workdir.js";

export const HANDLERS: HandlerTable = {
  Arg: dispatchArg,
  Env: dispatchEnv,
  Label: dispatchLabel,
  Maintainer: dispatchMaintainer,
  User: dispatchUser,
  Workdir: dispatchWorkdir,
  Volume: dispatchVolume,
  Stopsignal: dispatchStopSignal,
  Expose: dispatchExpose,
  Cmd: dispatchCmd,
  Entrypoint: dispatchEntrypoint,
  Shell: dispatchShell,
  Healthcheck: dispatchHealthcheck,
  Onbuild: dispatchOnbuild,
  Run: dispatchRun,
  Copy: dispatchCopy,
  Add: dispatchAdd,
};

export { dispatchLabelOption } from "./label.js";
export type { BuildServices, DispatchRequest, Handler, HandlerTable } from "./request.js";
