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

/**
 * A stage as output names it: its `AS` name, else `stage-N` as BuildKit's progress names an
 * unnamed stage (`dockerfile2llb`: `"stage-" + strconv.Itoa(i)`); stage names cannot be numbers,
 * so an index is never mistaken for one.
 */
export function stageLabel(stage: string): string {
  return /^\d+$/.test(stage) ? `stage-${stage}` : stage;
}

/**
 * The classic builder's log, line for line (Docker 20.10's wording). When stages run at the same
 * time (the `stages` event says whether they can), their lines interleave, so every line of a
 * stage starts with `[name] ` — BuildKit's plain progress names each step's stage the same way
 * (`#5 [build 2/3] RUN …`) — and a stage's output is written a whole line at a time. A build
 * whose stages can only run one after another keeps the classic log unchanged.
 */
function plainRenderer(io: CliIo): BuildRenderer {
  let atLineStart = true;
  let prefixed = false;
  /** Per stage, the output line not ended yet (prefixed mode). */
  const unfinished = new Map<string, string>();
  const write = (text: string): void => {
    if (text === "") return;
    io.stdout(text);
    atLineStart = text.endsWith("\n");
  };
  const prefix = (stage: string): string => (stage === "" ? "" : `[${stageLabel(stage)}] `);
  const endOutput = (stage: string): void => {
    const rest = unfinished.get(stage);
    if (rest === undefined) return;
    unfinished.delete(stage);
    write(`${prefix(stage)}${rest}\n`);
  };
  const line = (text: string, stage?: string): void => {
    if (prefixed && stage !== undefined) {
      endOutput(stage);
      write(`${prefix(stage)}${text}\n`);
      return;
    }
    if (!atLineStart) write("\n");
    write(`${text}\n`);
  };
  const output = (stage: string, data: string): void => {
    if (!prefixed) {
      write(data);
      return;
    }
    const lines = `${unfinished.get(stage) ?? ""}${data}`.split("\n");
    const rest = lines.pop() ?? "";
    for (const text of lines) write(`${prefix(stage)}${text}\n`);
    if (rest === "") unfinished.delete(stage);
    else unfinished.set(stage, rest);
  };
  return {
    event(event) {
      switch (event.type) {
        case "stages":
          prefixed = event.concurrent;
          break;
        case "step":
          line(`Step ${String(event.step)}/${String(event.total)} : ${event.instruction}`, event.stage);
          break;
        case "message":
          line(event.text, event.stage);
          break;
        case "triggers":
          line(`# Executing ${String(event.count)} build trigger${event.count > 1 ? "s" : ""}`, event.stage);
          break;
        case "cache-hit":
          line(" ---> Using cache", event.stage);
          break;
        case "cache-miss":
          // Not in the classic builder's log: why the step is built, unless the cache is off.
          if (event.reason.kind !== "no-cache") line(` ---> Cache miss: ${event.text}`, event.stage);
          break;
        case "container":
          line(` ---> Running in ${shortId(event.id)}`, event.stage);
          break;
        case "output":
          output(event.stage, event.data);
          break;
        case "container-removed":
          line(`Removing intermediate container ${shortId(event.id)}`, event.stage);
          break;
        case "step-done":
          if (event.imageId !== null) line(` ---> ${shortId(event.imageId)}`, event.stage);
          else endOutput(event.stage);
          break;
        case "stage-done":
          endOutput(event.stage);
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
      for (const stage of [...unfinished.keys()]) endOutput(stage);
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
/** Lines a stage holds while another stage's block is written; older ones are dropped, and counted. */
const HELD_LINES = 1000;
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
 * status lines are redrawn at most every REDRAW_INTERVAL_MS, never once per output line.
 *
 * When stages run at the same time, the view groups by stage: one status line per running stage
 * at the bottom, and the lines above in blocks, one stage's under its `[name]` header at a time —
 * the other stages' lines wait (up to HELD_LINES each) and follow when that stage is done.
 */
export class TtyView implements BuildRenderer {
  readonly #io: CliIo;
  readonly #width: number;
  readonly #now: () => number;
  readonly #timer: NodeJS.Timeout | undefined;
  /** The step running in each stage ("" for the meta ARGs), in the order they started. */
  readonly #running = new Map<string, { label: string; status: string; started: number }>();
  /** Each stage's output line not ended yet. */
  readonly #lines = new Map<string, DisplayLines>();
  #concurrent = false;
  /** The stage whose lines are written now (concurrent builds); the others' are held. */
  #foreground: string | undefined;
  readonly #held = new Map<string, { lines: { text: string; dim: boolean }[]; dropped: number }>();
  readonly #finished = new Set<string>();
  #pending: string[] = [];
  #pendingSize = 0;
  /** Whether the queued text ends in dim colour. */
  #pendingDim = false;
  /** How many status lines are on the screen (the cursor is then at the end of the last). */
  #statusLines = 0;
  /** How many times the status lines were drawn: tests check that it is throttled. */
  redraws = 0;

  constructor(io: CliIo, options: TtyViewOptions = {}) {
    this.#io = io;
    const columns = options.columns ?? 0;
    this.#width = columns > 0 ? columns : DEFAULT_COLUMNS;
    this.#now = options.now ?? Date.now;
    if (options.timer !== false) {
      this.#timer = setInterval(() => {
        this.tick();
      }, REDRAW_INTERVAL_MS);
      this.#timer.unref();
    }
  }

  event(event: BuildEvent): void {
    switch (event.type) {
      case "stages":
        this.#concurrent = event.concurrent;
        break;
      case "step": {
        this.#endOutput(event.stage);
        const label = `[${String(event.step)}/${String(event.total)}] ${event.instruction}`;
        const named = this.#concurrent && event.stage !== "" ? `[${stageLabel(event.stage)}] ${label}` : label;
        this.#running.set(event.stage, { label: this.#fit(label, 12), status: this.#fit(named, 12), started: this.#now() });
        this.#write(true);
        break;
      }
      case "output":
        this.#linesOf(event.stage).push(event.data, (text, cut) => {
          this.#outputLine(event.stage, text, cut);
        });
        if (this.#pendingSize >= FLUSH_THRESHOLD) this.#write(false);
        break;
      case "message":
        this.#line(event.stage, `${displayLine(event.text, this.#width - 1, false)}\n`);
        break;
      case "warning":
      case "info":
        this.#queue(`${displayLine(event.text, this.#width - 1, false)}\n`);
        break;
      case "cache-miss":
        if (event.reason.kind !== "no-cache") this.#line(event.stage, `${DIM}   cache miss: ${displayLine(event.text, this.#width - 17, false)}${RESET}\n`);
        break;
      case "triggers":
        this.#line(event.stage, `   running ${String(event.count)} ONBUILD trigger${event.count > 1 ? "s" : ""} of the base image\n`);
        break;
      case "step-done": {
        this.#endOutput(event.stage);
        const current = this.#running.get(event.stage);
        if (current !== undefined) {
          const image = event.imageId === null ? "" : ` ${shortId(event.imageId)}`;
          const how = event.cached ? ` \x1b[33mCACHED${RESET}` : "";
          this.#line(event.stage, `\x1b[32m✔${RESET} ${current.label}${how} ${DIM}${(event.durationMs / 1000).toFixed(1)}s${image}${RESET}\n`);
        }
        this.#running.delete(event.stage);
        this.#write(this.#running.size > 0);
        break;
      }
      case "stage-done":
        this.#finished.add(event.stage);
        if (this.#foreground === event.stage) this.#nextForeground();
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

  /** Writes what waits and redraws the status lines: called by the timer. */
  tick(): void {
    this.#write(true);
  }

  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    for (const stage of this.#lines.keys()) this.#endOutput(stage);
    // A failing step's last output line may lack its newline: it is often the reason it failed.
    for (const [stage, current] of this.#running) this.#line(stage, `\x1b[31m✘${RESET} ${current.label} ${this.#elapsed(current.started)}\n`);
    this.#running.clear();
    // Whatever other stages printed before the build stopped follows, stage by stage.
    for (const stage of this.#held.keys()) this.#finished.add(stage);
    if (this.#foreground !== undefined) this.#finished.add(this.#foreground);
    this.#nextForeground();
    this.#write(false);
  }

  #linesOf(stage: string): DisplayLines {
    let lines = this.#lines.get(stage);
    if (lines === undefined) {
      // Room for escapes that displayLine removes; what is kept past the width is cut there.
      lines = new DisplayLines(this.#width * 4);
      this.#lines.set(stage, lines);
    }
    return lines;
  }

  /** A line of a stage's: written now, or held while another stage's block is being written. */
  #line(stage: string, text: string, dim = false): void {
    if (!this.#concurrent || stage === "") {
      this.#queue(text, dim);
      return;
    }
    if (this.#foreground === undefined) {
      this.#foreground = stage;
      this.#queue(this.#header(stage));
    }
    if (stage === this.#foreground) {
      this.#queue(text, dim);
      return;
    }
    let held = this.#held.get(stage);
    if (held === undefined) {
      held = { lines: [], dropped: 0 };
      this.#held.set(stage, held);
    }
    held.lines.push({ text, dim });
    if (held.lines.length > HELD_LINES) {
      held.lines.shift();
      held.dropped++;
    }
  }

  /** The foreground stage is done: the next stage with lines waiting writes them, and stays in front while it runs. */
  #nextForeground(): void {
    this.#foreground = undefined;
    for (const [stage, held] of this.#held) {
      this.#held.delete(stage);
      this.#queue(this.#header(stage));
      if (held.dropped > 0) this.#queue(`${DIM}   … ${String(held.dropped)} earlier line${held.dropped > 1 ? "s" : ""} not shown (--progress plain shows every line)${RESET}\n`);
      for (const { text, dim } of held.lines) this.#queue(text, dim);
      if (!this.#finished.has(stage)) {
        this.#foreground = stage;
        return;
      }
    }
  }

  #header(stage: string): string {
    return `\x1b[1m[${stageLabel(stage)}]${RESET}\n`;
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

  #outputLine(stage: string, text: string, cut: boolean): void {
    this.#line(stage, `${OUTPUT_PREFIX}${displayLine(text, this.#width - OUTPUT_PREFIX.length - 1, cut)}\n`, true);
  }

  #endOutput(stage: string): void {
    this.#lines.get(stage)?.flush((text, cut) => {
      this.#outputLine(stage, text, cut);
    });
  }

  /** One write: the status lines cleared, the lines that wait, and the status lines again if asked. */
  #write(status: boolean): void {
    const drawStatus = status && this.#running.size > 0;
    if (this.#pending.length === 0 && !drawStatus) return;
    // From the end of the last status line: clear it, then each one above it.
    let text = this.#statusLines > 0 ? CLEAR_LINE + `\x1b[1A${CLEAR_LINE}`.repeat(this.#statusLines - 1) : "";
    if (this.#pendingDim) this.#queue("", false);
    text += this.#pending.join("");
    this.#pending = [];
    this.#pendingSize = 0;
    this.#statusLines = 0;
    if (drawStatus) {
      text += [...this.#running.values()].map((current) => `\x1b[36m=>${RESET} ${current.status} ${DIM}${this.#elapsed(current.started)}${RESET}`).join("\n");
      this.#statusLines = this.#running.size;
      this.redraws++;
    }
    this.#io.stdout(text);
  }

  #elapsed(started: number): string {
    return `${((this.#now() - started) / 1000).toFixed(1)}s`;
  }

  /** A label cut to fit on one line with `reserve` columns to spare (a status line must not wrap). */
  #fit(label: string, reserve: number): string {
    return displayLine(label, Math.max(this.#width - reserve, 20), false);
  }
}
