/** Base images that are not on the engine are pulled (FROM and COPY --from), as --pull says. */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FakeRegistry } from "../engine/fake-registry.js";
import { BUSYBOX, dfbuild, docker, dockerOk, filesystemOf, makeContext, removeImages, testScope } from "./helpers.js";

let registry: FakeRegistry;
let configDir: string;
const { contexts, images } = testScope();

beforeAll(async () => {
  registry = await FakeRegistry.start({
    username: "dfbuild",
    password: "pull-test",
    repository: "base/files",
    tag: "v1",
    // Content of its own: a layer the engine tests' registry image shares would already be present.
    files: [{ name: "pulled.txt", content: Buffer.from("from the build tests' registry\n") }],
  });
  configDir = registry.writeDockerConfig();
  process.env.DOCKER_CONFIG = configDir;
});

afterAll(async () => {
  removeImages(registry.reference());
  await registry.stop();
  rmSync(configDir, { recursive: true, force: true });
});

describe("pulling base images", () => {
  test("FROM a missing image pulls it (with the docker config's credentials); --pull always pulls again", async () => {
    docker(["rmi", "-f", registry.reference()]);
    const context = await makeContext({ Dockerfile: `FROM ${registry.reference()}\nCOPY local.txt /\n`, "local.txt": "local\n" });
    contexts.push(context);
    const first = await dfbuild(context, []);
    images.push(first.tag);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`Status: Downloaded newer image for ${registry.reference()}`);
    const files = await filesystemOf(first.tag);
    expect(files.get("pulled.txt")).toMatchObject({ type: "file", size: 31 });
    expect(files.get("local.txt")).toMatchObject({ type: "file", size: 6 });

    const requestsBefore = registry.authorizations.length;
    const again = await dfbuild(context, ["--pull"]);
    images.push(again.tag);
    expect(again.code, again.stderr).toBe(0);
    expect(registry.authorizations.length).toBeGreaterThan(requestsBefore);
  });

  test("COPY --from an image that is not there pulls it", async () => {
    docker(["rmi", "-f", registry.reference()]);
    const context = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nCOPY --from=${registry.reference()} /pulled.txt /copied.txt\n` });
    contexts.push(context);
    const result = await dfbuild(context, []);
    images.push(result.tag);
    expect(result.code, result.stderr).toBe(0);
    expect(dockerOk(["run", "--rm", "--network", "none", "--entrypoint", "cat", result.tag, "/copied.txt"])).toBe("from the build tests' registry\n");
  });
});
