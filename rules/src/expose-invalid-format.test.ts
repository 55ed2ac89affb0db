import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./expose-invalid-format.js";

new RuleTester().run(rule, {
  valid: ["FROM scratch\nEXPOSE 80 8000-8010/udp\n", { name: "an invalid protocol fails the build instead", code: "FROM scratch\nEXPOSE 1:80/http\n" }],
  invalid: [
    {
      name: "BuildKit's case (testExposeInvalidFormat)",
      code: "\nFROM scratch\nEXPOSE 127.0.0.1:80:80 [::1]:8080:8080 5000:5000 8000\n",
      errors: [
        {
          messageId: "format",
          data: { port: "127.0.0.1:80:80", fixed: "80", exposed: "80/tcp" },
          line: 3,
          column: 8,
          endColumn: 23,
          suggestions: [{ output: "\nFROM scratch\nEXPOSE 80 [::1]:8080:8080 5000:5000 8000\n" }],
        },
        { messageId: "format", data: { port: "[::1]:8080:8080", fixed: "8080", exposed: "8080/tcp" } },
        { messageId: "format", data: { port: "5000:5000", fixed: "5000", exposed: "5000/tcp" } },
      ],
    },
    {
      name: "an IP address without a host port",
      code: "FROM scratch\nEXPOSE 127.0.0.1::80\n",
      errors: [{ messageId: "format", data: { port: "127.0.0.1::80", fixed: "80", exposed: "80/tcp" }, suggestions: [{ output: "FROM scratch\nEXPOSE 80\n" }] }],
    },
    {
      name: "the protocol is kept",
      code: "FROM scratch\nEXPOSE 53:53/UDP\n",
      errors: [{ messageId: "format", data: { port: "53:53/UDP", fixed: "53/UDP", exposed: "53/udp" }, suggestions: [{ output: "FROM scratch\nEXPOSE 53/UDP\n" }] }],
    },
  ],
});
