import { run } from "./main.js";
import { processIo } from "./node-io.js";

const code = await run(process.argv.slice(2), processIo());
// Let pending writes to pipes finish before the exit code is set.
process.exitCode = code;
