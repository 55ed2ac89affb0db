import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./apt-get-yes.js";

new RuleTester().run(rule, {
  valid: [
    "FROM debian:12\nRUN apt-get install -y curl\n",
    "FROM debian:12\nRUN apt-get -yq install curl\n",
    "FROM debian:12\nRUN apt-get --assume-yes install curl\n",
    "FROM debian:12\nRUN apt-get install -qq curl\n",
    "FROM debian:12\nRUN apt-get install -q -q curl\n",
    "FROM debian:12\nRUN apt-get install -q=2 curl\n",
    "FROM debian:12\nRUN echo apt-get install curl\n",
  ],
  invalid: [
    {
      code: "FROM debian:12\nRUN apt-get update && apt-get install curl\n",
      output: "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
      errors: [{ messageId: "missingYes", line: 2, column: 23, endColumn: 43 }],
    },
    {
      code: "FROM debian:12\nRUN apt-get -o Dpkg::Options::=--force-confold install -q \\\n    curl\n",
      output: "FROM debian:12\nRUN apt-get -o Dpkg::Options::=--force-confold install -y -q \\\n    curl\n",
      errors: [{ messageId: "missingYes", line: 2, endLine: 3, endColumn: 9 }],
    },
    { code: "FROM debian:12\nRUN xargs apt-get install < packages.txt\n", output: "FROM debian:12\nRUN xargs apt-get install -y < packages.txt\n", errors: [{ messageId: "missingYes" }] },
    { code: "FROM debian:12\nONBUILD RUN apt-get install curl\n", output: "FROM debian:12\nONBUILD RUN apt-get install -y curl\n", errors: [{ messageId: "missingYes" }] },
    { code: "FROM debian:12\nRUN <<EOF\napt-get install curl\nEOF\n", output: "FROM debian:12\nRUN <<EOF\napt-get install -y curl\nEOF\n", errors: [{ messageId: "missingYes", line: 3 }] },
  ],
});
