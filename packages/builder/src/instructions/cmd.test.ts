import { describe, expect, test } from "vitest";
import { StageHarness, engineWithBase } from "../build-harness.test-helper.js";

describe("CMD, ENTRYPOINT and SHELL", () => {
  test("shell forms go through SHELL, which also prefixes the history", async () => {
    const stage = await StageHarness.create();
    await stage.dispatch('SHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nCMD echo $HOME');
    expect(stage.image().config.Cmd).toEqual(["/bin/bash", "-eo", "pipefail", "-c", "echo $HOME"]);
    expect(stage.lastCreatedBy()).toBe('/bin/bash -eo pipefail -c #(nop)  CMD ["/bin/bash" "-eo" "pipefail" "-c" "echo $HOME"]');
  });

  test("ENTRYPOINT clears a CMD inherited from the base, but keeps one set earlier in the Dockerfile", async () => {
    const inherited = await StageHarness.create({ engine: engineWithBase({ Cmd: ["sh"] }) });
    await inherited.dispatch('ENTRYPOINT ["/app"]');
    expect(inherited.image().config.Cmd).toBeNull();
    const own = await StageHarness.create({ engine: engineWithBase({ Cmd: ["sh"] }) });
    await own.dispatch('CMD ["--help"]\nENTRYPOINT ["/app"]');
    expect(own.image().config).toMatchObject({ Cmd: ["--help"], Entrypoint: ["/app"] });
  });
});
