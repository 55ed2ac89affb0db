import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./expose-proto-casing.js";

new RuleTester().run(rule, {
  valid: [
    "FROM scratch\nEXPOSE 80 8080/tcp 53/udp 9/sctp\n",
    { name: "an invalid protocol fails the build instead", code: "FROM scratch\nEXPOSE 80/HTTP\n" },
    { name: "a port whose value the build decides", code: "FROM alpine\nARG PORT\nEXPOSE $PORT\n" },
  ],
  invalid: [
    {
      name: "BuildKit's case (testExposeProtoCasing)",
      code: "\nFROM scratch\nEXPOSE 80/TcP 8080/TCP 8080/udp\n",
      errors: [
        { messageId: "casing", data: { port: "80/TcP", fixed: "80/tcp" }, line: 3, column: 8, endColumn: 14, suggestions: [{ output: "\nFROM scratch\nEXPOSE 80/tcp 8080/TCP 8080/udp\n" }] },
        { messageId: "casing", data: { port: "8080/TCP", fixed: "8080/tcp" }, line: 3, suggestions: [{ output: "\nFROM scratch\nEXPOSE 80/TcP 8080/tcp 8080/udp\n" }] },
      ],
    },
    {
      name: "checked after expansion, as BuildKit does",
      code: "FROM scratch\nARG PORTS=\"80/UDP 81\"\nEXPOSE $PORTS\n",
      errors: [{ messageId: "casing", data: { port: "80/UDP", fixed: "80/udp" }, line: 3, suggestions: [] }],
    },
  ],
});
