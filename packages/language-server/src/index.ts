export { DockerfileLanguageServer, startServer, type ServerOptions } from "./server.js";
export { serveStdio } from "./stdio.js";
