/**
 * How `dfbuild build` shows a build: `plain` is the classic builder's log, `tty` a live view with
 * a timer per step, `json` one event per line for tools, `quiet` nothing until the image ID.
 */
import type { BuildEvent } from "@dfbuild/builder";
import type { CliIo } from "../io.js";

export type ProgressMode = "plain" | "tty" | "json" | "quiet";

export interface BuildRenderer {
  event: (event: BuildEvent) => void;
  /** Stops timers and leaves the cursor on a fresh line. */
  close: () => void;
}

const shortId = (id: string): string => id.replace(/^sha256:/, "").slice(0, 12);

export function createRenderer(mode: ProgressMode, io: CliIo): BuildRenderer {
  switch (mode) {
    case "plain":
      return plainRenderer(io);
    case "tty":
      return ttyRenderer(io);
    case "json":
      return { event: (event) => { io.stdout(`${JSON.stringify(event)}\n`); }, close: () => undefined };
    case "quiet":
      return { event: () => undefined, close: () => undefined };
  }
}

/** The classic builder's log, line for line (Docker 20.10's wording). */
function plainRenderer(io: CliIo): BuildRenderer {
  let atLineStart = true;
  const write = (text: string): void => {
    if (text === "") return;
    io.stdout(text);
    atLineStart = text.endsWith("\n");
  };
  const line = (text: string): void => {
    if (!atLineStart) write("\n");
    write(`${text}\n`);
  };
  return {
    event(event) {
      switch (event.type) {
        case "step":
          line(`Step ${String(event.step)}/${String(event.total)} : ${event.instruction}`);
          break;
        case "message":
          line(event.text);
          break;
        case "triggers":
          line(`# Executing ${String(event.count)} build trigger${event.count > 1 ? "s" : ""}`);
          break;
        case "cache-hit":
          line(" ---> Using cache");
          break;
        case "container":
          line(` ---> Running in ${shortId(event.id)}`);
          break;
        case "output":
          write(event.data);
          break;
        case "container-removed":
          line(`Removing intermediate container ${shortId(event.id)}`);
          break;
        case "step-done":
          if (event.imageId !== null) line(` ---> ${shortId(event.imageId)}`);
          break;
        case "warning":
          line(event.text);
          break;
        case "built":
          line(`Successfully built ${shortId(event.imageId)}`);
          break;
        case "tagged":
          line(`Successfully tagged ${event.name}`);
          break;
      }
    },
    close() {
      if (!atLineStart) write("\n");
    },
  };
}

/** A live view: the running step with its elapsed time, output indented, each step's time at its end. */
function ttyRenderer(io: CliIo): BuildRenderer {
  const CLEAR = "\r\x1b[2K";
  let current: { label: string; started: number } | undefined;
  let partial = "";
  const elapsed = (started: number): string => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  const status = (): void => {
    if (current !== undefined) io.stdout(`${CLEAR}\x1b[36m=>\x1b[0m ${current.label} \x1b[2m${elapsed(current.started)}\x1b[0m`);
  };
  const print = (text: string): void => {
    io.stdout(`${CLEAR}${text}\n`);
    status();
  };
  const timer = setInterval(status, 100);
  timer.unref();
  return {
    event(event) {
      switch (event.type) {
        case "step":
          current = { label: `[${String(event.step)}/${String(event.total)}] ${event.instruction}`, started: Date.now() };
          status();
          break;
        case "output": {
          const lines = (partial + event.data).split("\n");
          partial = lines.pop() ?? "";
          for (const text of lines) print(`\x1b[2m   │ ${text}\x1b[0m`);
          break;
        }
        case "message":
        case "warning":
          print(event.text);
          break;
        case "triggers":
          print(`   running ${String(event.count)} ONBUILD trigger${event.count > 1 ? "s" : ""} of the base image`);
          break;
        case "step-done":
          if (partial !== "") print(`\x1b[2m   │ ${partial}\x1b[0m`);
          partial = "";
          if (current !== undefined) {
            const image = event.imageId === null ? "" : ` ${shortId(event.imageId)}`;
            const how = event.cached ? " \x1b[33mCACHED\x1b[0m" : "";
            io.stdout(`${CLEAR}\x1b[32m✔\x1b[0m ${current.label}${how} \x1b[2m${(event.durationMs / 1000).toFixed(1)}s${image}\x1b[0m\n`);
          }
          current = undefined;
          break;
        case "built":
          io.stdout(`${CLEAR}Built ${shortId(event.imageId)} in ${(event.durationMs / 1000).toFixed(1)}s\n`);
          break;
        case "tagged":
          io.stdout(`Tagged ${event.name}\n`);
          break;
        case "cache-hit":
        case "container":
        case "container-removed":
          break;
      }
    },
    close() {
      clearInterval(timer);
      // A failing step's last output line may lack its newline: it is often the reason it failed.
      if (partial !== "") io.stdout(`${CLEAR}\x1b[2m   │ ${partial}\x1b[0m\n`);
      partial = "";
      if (current !== undefined) io.stdout(`${CLEAR}\x1b[31m✘\x1b[0m ${current.label} ${elapsed(current.started)}\n`);
      current = undefined;
    },
  };
}
