import { run } from "./main.js";
import { processIo } from "./node-io.js";

void run(process.argv.slice(2), processIo()).then((code) => {
  // Every write was synchronous, so nothing is lost by exiting now rather than waiting for the
  // event loop to drain (a kept-alive engine connection would hold it open).
  process.exit(code);
});
