import { run } from "./main.js";
import { processIo } from "./node-io.js";

const code = await run(process.argv.slice(2), processIo());
// Exit once stdout and stderr are flushed: waiting for the event loop to drain would also wait
// for V8's background optimisation of the shell parser's WebAssembly, about a second.
let streams = 2;
const flushed = () => {
  if (--streams === 0) process.exit(code);
};
process.stdout.write("", flushed);
process.stderr.write("", flushed);
