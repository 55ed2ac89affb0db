import * as process from "node:process";

/** Dockerfile text a run reads before it raises V8's interrupt budget: a megabyte. */
export const LARGE_INPUT_CHARS = 1 << 20;

/**
 * V8's interrupt budget, three times Node 20's default (`--interrupt-budget=67584`, bytecode run
 * before V8 considers optimizing a function; `interrupt_budget` in V8's src/flags/flag-definitions.h,
 * read by the tiering manager, src/execution/tiering-manager.cc, each time it resets a function's
 * budget).
 */
const RAISED_BUDGET = 3 * 67_584;

let raised = false;

/**
 * Raises V8's interrupt budget once a run has read `LARGE_INPUT_CHARS` of Dockerfile text. Linting
 * megabytes makes most of the parser's, the shell parser's and the rules' functions hot, and
 * TurboFan optimizes several hundred of them, again after each deoptimization, on a thread of its
 * own: on a 5 MB file that compiling was more CPU time than the lint itself (about 2 s of 3.4 s; the
 * main thread's share, 1.4 s, was all that the lint needed), and on two cores it is what the run
 * waits for. With three times the budget only the hottest functions are optimized: the main thread
 * takes about as long, and the run a fifth less CPU time (3.5 s against 2.8 s; twice the budget
 * saved less, four times no more).
 *
 * Small runs, a pre-commit hook's, never reach it: they do not load node:v8, and keep V8's
 * defaults, under which the launcher's code cache is made (V8 rejects a cache made under other
 * flags, https://nodejs.org/api/vm.html#new-vmscriptcode-options; a large run that writes one
 * only makes the next run write it again). Node warns that a flag changed while V8 runs may do
 * nothing or worse (https://nodejs.org/api/v8.html#v8setflagsfromstringflags); this one is only
 * read when V8 resets a function's budget, so the change applies from the next reset on.
 */
export function budgetFor(charsRead: number): void {
  if (raised || charsRead < LARGE_INPUT_CHARS) return;
  raised = true;
  process.getBuiltinModule("node:v8").setFlagsFromString(`--interrupt-budget=${RAISED_BUDGET}`);
}
