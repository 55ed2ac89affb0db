import { expect, test } from "vitest";
import * as parser from "@dfbuild/parser";
test("workspace resolves", () => { expect(parser).toBeDefined(); });
