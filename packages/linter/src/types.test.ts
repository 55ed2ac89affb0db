import { expect, test } from "vitest";
import { severities, severityRank } from "./types.js";

test("severities from most to least serious, ranked so that a more serious one ranks higher", () => {
  expect(severities).toEqual(["error", "warning", "info", "style"]);
  expect(severities.map(severityRank)).toEqual([4, 3, 2, 1]);
});
