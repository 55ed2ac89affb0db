import { FLAG_SPECS } from "@dfbuild/parser";
import { expect, test } from "vitest";
import { FLAG_DOCS, INSTRUCTION_DOCS } from "./instruction-docs.js";

test("every instruction BuildKit knows has documentation", () => {
  expect(INSTRUCTION_DOCS.map((doc) => doc.keyword).sort()).toEqual(
    ["ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"],
  );
});

test("every flag of BuildKit's instructions has documentation, and nothing else does", () => {
  const specs = Object.entries(FLAG_SPECS).filter(([keyword]) => keyword !== "NONE");
  expect(Object.fromEntries(specs.map(([keyword, flags]) => [keyword, flags.map((flag) => flag.name).sort()]))).toEqual(
    Object.fromEntries(Object.entries(FLAG_DOCS).map(([keyword, flags]) => [keyword, Object.keys(flags).sort()])),
  );
});
