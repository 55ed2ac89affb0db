import { run } from "./main.js";
import { processIo } from "./node-io.js";

void run(process.argv.slice(2), processIo()).then((code) => {
  // Exit once stdout and stderr are flushed: waiting for the event loop to drain would also
  // wait for V8's background work on the shell parser's WebAssembly.
  let streams = 2;
  const flushed = () => {
    if (--streams === 0) process.exit(code);
  };
  process.stdout.write("", flushed);
  process.stderr.write("", flushed);
});
