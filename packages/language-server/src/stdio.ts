import { formatWithOptions } from "node:util";
import { createConnection } from "vscode-languageserver/node";
import { type DockerfileLanguageServer, type ServerOptions, startServer } from "./server.js";

/**
 * Serves LSP on standard input and output. vscode-languageserver ends the process on `exit`
 * (status 0 after `shutdown`, 1 without), when standard input closes, and when the process named
 * by `--clientProcessId` on the command line ends.
 */
export function serveStdio(options: ServerOptions): DockerfileLanguageServer {
  const connection = createConnection(process.stdin, process.stdout);
  // Anything written to stdout would corrupt the protocol: console output goes to the client's log.
  const log = (write: (message: string) => void) => (...args: unknown[]) => {
    write(formatWithOptions({ colors: false }, ...args));
  };
  console.log = log((message) => {
    connection.console.log(message);
  });
  console.info = log((message) => {
    connection.console.info(message);
  });
  console.debug = console.log;
  console.warn = log((message) => {
    connection.console.warn(message);
  });
  console.error = log((message) => {
    connection.console.error(message);
  });
  return startServer(connection, options);
}
