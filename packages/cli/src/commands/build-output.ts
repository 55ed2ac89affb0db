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
      return new TtyView(io, { columns: io.columns ?? (Number(io.env.COLUMNS) || undefined) });
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
        case "cache-miss":
          // Not in the classic builder's log: why the step is built, unless the cache is off.
          if (event.reason.kind !== "no-cache") line(` ---> Cache miss: ${event.text}`);
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
        case "info":
          line(event.text);
          break;
        case "leftovers-removed":
          // A notice about the engine, not part of the build's log.
          io.stderr(`${event.text}\n`);
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

/** How often the tty view redraws its status line at most (BuildKit's tty progress: 150 ms). */
const REDRAW_INTERVAL_MS = 200;
/** Output waiting for the next redraw is written sooner once it grows past this (bytes, roughly). */
const FLUSH_THRESHOLD = 64 * 1024;
/** Width when the terminal does not say (`script` without a size, a dumb pty). */
const DEFAULT_COLUMNS = 120;

const CLEAR_LINE = "\r\x1b[2K";
const DIM = "\x1b[2m";
const RESET = "\x1b[0m";
/** Output lines are shown under their step, indented. */
const OUTPUT_PREFIX = "   │ ";

export interface TtyViewOptions {
  /** The terminal's width in columns. */
  columns?: number;
  /** Redraw timer; tests drive `tick()` themselves instead. */
  timer?: boolean;
  now?: () => number;
}

/**
 * Splits a stream of output into display lines cut to a width, holding at most `limit` characters
 * of the current line however long it grows, so a 200 MB line costs what a short one does. A lone
 * `\r` (a progress bar redrawing itself) starts the line over, as a terminal would show it.
 */
export class DisplayLines {
  readonly #limit: number;
  #kept = "";
  #cut = false;
  #carriageReturn = false;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Feeds output; calls `line` for each line it completes. */
  push(data: string, line: (text: string, cut: boolean) => void): void {
    let start = 0;
    while (start < data.length) {
      if (this.#carriageReturn) {
        this.#carriageReturn = false;
        // `\r\n` ends the line; `\r` followed by anything else starts it over.
        if (data.charCodeAt(start) !== 10) {
          this.#kept = "";
          this.#cut = false;
        }
      }
      const newline = data.indexOf("\n", start);
      const carriageReturn = data.indexOf("\r", start);
      const end = newline === -1 ? carriageReturn : carriageReturn === -1 ? newline : Math.min(newline, carriageReturn);
      this.#keep(data, start, end === -1 ? data.length : end);
      if (end === -1) return;
      if (end === newline) {
        line(this.#kept, this.#cut);
        this.#kept = "";
        this.#cut = false;
      } else {
        this.#carriageReturn = true;
      }
      start = end + 1;
    }
  }

  /** The unfinished line, if there is one (the end of a step's output without a newline). */
  flush(line: (text: string, cut: boolean) => void): void {
    this.#carriageReturn = false;
    if (this.#kept !== "" || this.#cut) line(this.#kept, this.#cut);
    this.#kept = "";
    this.#cut = false;
  }

  #keep(data: string, start: number, end: number): void {
    const room = this.#limit - this.#kept.length;
    if (end - start > room) {
      this.#kept += data.slice(start, start + Math.max(room, 0));
      this.#cut = true;
    } else {
      this.#kept += data.slice(start, end);
    }
  }
}

/**
 * A line of program output as the tty view shows it: escape sequences (colours, cursor moves) and
 * other control characters removed, tabs expanded, cut to `width` columns with `…` at the cut.
 */
export function displayLine(text: string, width: number, cut: boolean): string {
  // eslint-disable-next-line no-control-regex -- removing the terminal control sequences is the point
  const plain = text.replace(/\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])/g, "").replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "");
  let shown = "";
  let column = 0;
  for (const char of plain) {
    if (column >= width) {
      cut = true;
      break;
    }
    if (char === "\t") {
      const spaces = 8 - (column % 8);
      shown += " ".repeat(spaces);
      column += spaces;
    } else {
      shown += char;
      column++;
    }
  }
  return cut ? `${shown}…` : shown;
}

/**
 * A live view: the running step with its elapsed time, output indented under it, each step's time
 * at its end. Its cost is linear in what the build prints: output is cut to the terminal's width
 * as it arrives (`--progress plain` and `json` keep every byte), written in batches, and the
 * status line is redrawn at most every REDRAW_INTERVAL_MS, never once per output line.
 */
export class TtyView implements BuildRenderer {
  readonly #io: CliIo;
  readonly #width: number;
  readonly #now: () => number;
  readonly #timer: NodeJS.Timeout | undefined;
  readonly #lines: DisplayLines;
  #current: { label: string; started: number } | undefined;
  #pending: string[] = [];
  #pendingSize = 0;
  /** Whether the queued text ends in dim colour. */
  #pendingDim = false;
  /** Whether the status line is on the screen (the cursor is then at its end). */
  #statusShown = false;
  /** How many times the status line was drawn: tests check that it is throttled. */
  redraws = 0;

  constructor(io: CliIo, options: TtyViewOptions = {}) {
    this.#io = io;
    const columns = options.columns ?? 0;
    this.#width = columns > 0 ? columns : DEFAULT_COLUMNS;
    this.#now = options.now ?? Date.now;
    // Room for escapes that displayLine removes; what is kept past the width is cut there.
    this.#lines = new DisplayLines(this.#width * 4);
    if (options.timer !== false) {
      this.#timer = setInterval(() => {
        this.tick();
      }, REDRAW_INTERVAL_MS);
      this.#timer.unref();
    }
  }

  event(event: BuildEvent): void {
    switch (event.type) {
      case "step":
        this.#endOutput();
        this.#current = { label: this.#fit(`[${String(event.step)}/${String(event.total)}] ${event.instruction}`, 12), started: this.#now() };
        this.#write(true);
        break;
      case "output":
        this.#lines.push(event.data, this.#outputLine);
        if (this.#pendingSize >= FLUSH_THRESHOLD) this.#write(false);
        break;
      case "message":
      case "warning":
      case "info":
        this.#queue(`${displayLine(event.text, this.#width - 1, false)}\n`);
        break;
      case "cache-miss":
        if (event.reason.kind !== "no-cache") this.#queue(`${DIM}   cache miss: ${displayLine(event.text, this.#width - 17, false)}${RESET}\n`);
        break;
      case "triggers":
        this.#queue(`   running ${String(event.count)} ONBUILD trigger${event.count > 1 ? "s" : ""} of the base image\n`);
        break;
      case "step-done":
        this.#endOutput();
        if (this.#current !== undefined) {
          const image = event.imageId === null ? "" : ` ${shortId(event.imageId)}`;
          const how = event.cached ? ` \x1b[33mCACHED${RESET}` : "";
          this.#queue(`\x1b[32m✔${RESET} ${this.#current.label}${how} ${DIM}${(event.durationMs / 1000).toFixed(1)}s${image}${RESET}\n`);
        }
        this.#current = undefined;
        this.#write(false);
        break;
      case "built":
        this.#queue(`Built ${shortId(event.imageId)} in ${(event.durationMs / 1000).toFixed(1)}s\n`);
        this.#write(false);
        break;
      case "tagged":
        this.#queue(`Tagged ${event.name}\n`);
        this.#write(false);
        break;
      case "leftovers-removed":
        this.#io.stderr(`${event.text}\n`);
        break;
      case "cache-hit":
      case "container":
      case "container-removed":
        break;
    }
  }

  /** Writes what waits and redraws the status line: called by the timer. */
  tick(): void {
    this.#write(true);
  }

  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    // A failing step's last output line may lack its newline: it is often the reason it failed.
    this.#endOutput();
    if (this.#current !== undefined) this.#queue(`\x1b[31m✘${RESET} ${this.#current.label} ${this.#elapsed()}\n`);
    this.#current = undefined;
    this.#write(false);
  }

  /** Queues a line to write; output lines are dim, one colour switch per run of them. */
  #queue(text: string, dim = false): void {
    if (dim !== this.#pendingDim) {
      this.#pending.push(dim ? DIM : RESET);
      this.#pendingDim = dim;
    }
    this.#pending.push(text);
    this.#pendingSize += text.length;
  }

  readonly #outputLine = (text: string, cut: boolean): void => {
    this.#queue(`${OUTPUT_PREFIX}${displayLine(text, this.#width - OUTPUT_PREFIX.length - 1, cut)}\n`, true);
  };

  #endOutput(): void {
    this.#lines.flush(this.#outputLine);
  }

  /** One write: the status line cleared, the lines that wait, and the status line again if asked. */
  #write(status: boolean): void {
    const drawStatus = status && this.#current !== undefined;
    if (this.#pending.length === 0 && !drawStatus) return;
    let text = this.#statusShown ? CLEAR_LINE : "";
    if (this.#pendingDim) this.#queue("", false);
    text += this.#pending.join("");
    this.#pending = [];
    this.#pendingSize = 0;
    this.#statusShown = false;
    if (drawStatus && this.#current !== undefined) {
      text += `\x1b[36m=>${RESET} ${this.#current.label} ${DIM}${this.#elapsed()}${RESET}`;
      this.#statusShown = true;
      this.redraws++;
    }
    this.#io.stdout(text);
  }

  #elapsed(): string {
    return `${((this.#now() - (this.#current?.started ?? this.#now())) / 1000).toFixed(1)}s`;
  }

  /** A label cut to fit on one line with `reserve` columns to spare (the status line must not wrap). */
  #fit(label: string, reserve: number): string {
    return displayLine(label, Math.max(this.#width - reserve, 20), false);
  }
}
