/** apt's boolean configuration values, as apt.conf(5) lists them. */
import { expect, test } from "vitest";
import { aptTrue } from "./apt.js";

test("aptTrue: every spelling of true and of false, case-insensitive, quotes at the ends dropped", () => {
  for (const value of ["1", "true", "yes", "with", "on", "enable", "TRUE", '"true"']) expect(aptTrue(value)).toBe(true);
  for (const value of ["0", "false", "no", "without", "off", "disable", "No", '"0"']) expect(aptTrue(value)).toBe(false);
});

test("aptTrue: anything else is no boolean", () => {
  expect(aptTrue(null)).toBeNull();
  expect(aptTrue("")).toBeNull();
  expect(aptTrue("2")).toBeNull();
  // Only a quote at either end is dropped, not one inside.
  expect(aptTrue('t"rue')).toBeNull();
  expect(aptTrue('tr"ue"')).toBeNull();
});
