/**
 * COPY of many and large sources, compared image to image with the classic builder: a directory
 * of more files than the open-file limit allows at once, and `COPY --from` streamed from the
 * source image — its hard links, special files and a large file arrive as the classic builder
 * copies them. (Memory and time are what `bench/build.ts` measures; tests assert behaviour.)
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { BUSYBOX, type ContextFile, classic, configOf, filesystemOf, historyOf, leftoverContainers, makeContext, testScope, uniqueTag } from "./helpers.js";

const { contexts, images } = testScope();
const bin = join(import.meta.dirname, "../../packages/cli/bin/dfbuild.js");

/** `dfbuild build` as a process of its own, under `ulimit -n` when given. */
function dfbuildProcess(context: string, openFiles?: number): { tag: string; code: number | null; output: string } {
  const tag = uniqueTag("dfbuild");
  const quoted = [process.execPath, bin, "build", "--progress", "plain", "-t", tag, context].map((arg) => `'${arg}'`).join(" ");
  const limit = openFiles === undefined ? "" : `ulimit -n ${String(openFiles)} && `;
  const result = spawnSync("sh", ["-c", `${limit}exec ${quoted}`], { env: process.env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { tag, code: result.status, output: `${result.stdout}\n${result.stderr}` };
}

async function expectSameAsClassic(files: Record<string, ContextFile>, dockerfile: string, openFiles?: number): Promise<void> {
  const context = await makeContext({ ...files, Dockerfile: dockerfile });
  contexts.push(context);
  const reference = classic(context, []);
  images.push(reference.tag);
  expect(reference.code, `classic build failed:\n${reference.stdout}\n${reference.stderr}`).toBe(0);
  const ours = dfbuildProcess(context, openFiles);
  images.push(ours.tag);
  expect(ours.code, `dfbuild failed:\n${ours.output}`).toBe(0);
  expect(configOf(ours.tag)).toEqual(configOf(reference.tag));
  expect(Object.fromEntries(await filesystemOf(ours.tag))).toEqual(Object.fromEntries(await filesystemOf(reference.tag)));
  expect(historyOf(ours.tag)).toEqual(historyOf(reference.tag));
  expect(leftoverContainers()).toEqual([]);
}

describe("large copies", () => {
  test("COPY of 3,000 files under ulimit -n 1024: the classic builder's image", async () => {
    const files: Record<string, ContextFile> = {};
    for (let i = 0; i < 3000; i++) {
      const name = `many/d${String(i % 30).padStart(2, "0")}/f${String(i).padStart(4, "0")}.txt`;
      files[name] = { content: `file ${String(i)}\n`.repeat(1 + (i % 7)), mode: i % 3 === 0 ? 0o600 : 0o644 };
    }
    await expectSameAsClassic(files, `FROM ${BUSYBOX}\nCOPY many /many/\nCOPY many/d0* /wild/\n`, 1024);
  });

  test("COPY --from streams the source image: hard links, a fifo, symlinks (hashed as their targets) and a 64 MB file as the classic builder copies them", async () => {
    await expectSameAsClassic(
      {},
      `FROM ${BUSYBOX} AS source
RUN mkdir -p /src/sub && seq 1 20000000 | head -c 67108864 > /src/big && echo x > /src/a \\
 && ln /src/a /src/sub/hard && ln /src/big /src/sub/big-again && mknod /src/fifo p && ln -s a /src/sym \\
 && ln -s /bin /src/sub/outside-dir && ln -s ../../etc/passwd /src/sub/outside-file && ln -s nowhere /src/dangling \\
 && chown -R 1000:1000 /src/sub && chmod 600 /src/a
FROM ${BUSYBOX}
COPY --from=source /src /copied
COPY --from=source /src/sub/hard /single-link
COPY --from=source /src/s* /wild/
COPY --from=source --chown=7:7 /src /chowned/
`,
    );
  });
});
