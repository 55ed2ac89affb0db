import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./apt-no-install-recommends.js";

new RuleTester().run(rule, {
  valid: [
    "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n",
    "FROM debian:12\nRUN apt-get -o APT::Install-Recommends=false install curl\n",
    "FROM debian:12\nRUN apt-get update\n",
  ],
  invalid: [
    {
      code: "FROM debian:12\nRUN apt-get install -y curl\n",
      output: "FROM debian:12\nRUN apt-get install --no-install-recommends -y curl\n",
      errors: [{ messageId: "recommends", line: 2, column: 5, endColumn: 28 }],
    },
    {
      code: "FROM debian:12\nRUN apt-get update && apt-get -y install curl && apt-get -y install git\n",
      output: "FROM debian:12\nRUN apt-get update && apt-get -y install --no-install-recommends curl && apt-get -y install --no-install-recommends git\n",
      errors: [{ messageId: "recommends" }, { messageId: "recommends" }],
    },
  ],
});
