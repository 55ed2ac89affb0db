import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "@dfbuild/parser";
import { describe, expect, onTestFinished, test } from "vitest";
import { build } from "./build.js";
import { BASE, contextDirectory, engineWithBase, fakeBuild } from "./build-harness.test-helper.js";
import type { BuildEvent } from "./events.js";
import { literalContextSources } from "./instructions/copy.js";

async function cacheDirectory(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dfbuild-unit-cache-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe("the next COPY's sources are read and hashed while a RUN runs", () => {
  const files = { "a.txt": "a\n", "sub/b.txt": "b\n", "sub/c.txt": "c\n", "1.txt": "one\n" };

  test("the RUN's container ends only after the COPY two steps on was prepared; that COPY's history and files are those of one built without preparing", async () => {
    const dockerfile = `FROM ${BASE}\nRUN make\nENV X=1\nCOPY a.txt sub /dst/\nCOPY $X.txt /x\n`;
    const contextDir = await contextDirectory({ Dockerfile: dockerfile, ...files });
    const engine = engineWithBase();
    const events: BuildEvent[] = [];
    let prepared: () => void = () => undefined;
    const preparedSeen = new Promise<void>((resolve) => {
      prepared = resolve;
    });
    // The RUN's container runs until the COPY's sources are ready: were they prepared only when
    // the COPY's turn came, the build would never get there.
    engine.runsUntil = () => preparedSeen;
    const result = await build({
      engine,
      context: contextDir,
      dockerfile: { name: "Dockerfile", text: dockerfile },
      cacheDir: await cacheDirectory(),
      onEvent: (event) => {
        events.push(event);
        if (event.type === "sources-prepared") prepared();
      },
    });
    const order = events.flatMap((event) =>
      event.type === "step" ? [`step ${String(event.step)}`] : event.type === "step-done" ? [`done ${String(event.step)}`] : event.type === "sources-prepared" ? [`prepared ${String(event.step)} while ${String(event.whileStep)}`] : [],
    );
    // One preparation only: `COPY $X.txt` depends on the ENV before it, so it is left to its step.
    expect(order).toEqual(["step 1", "done 1", "step 2", "prepared 4 while 2", "done 2", "step 3", "done 3", "step 4", "done 4", "step 5", "done 5"]);

    // The same Dockerfile with the COPY's sources quoted is not prepared ahead: same history, same files.
    const quoted = dockerfile.replace("COPY a.txt sub /dst/", 'COPY "a.txt" "sub" /dst/');
    const plain = await fakeBuild(engineWithBase(), quoted, { files });
    expect(plain.events.some((event) => event.type === "sources-prepared")).toBe(false);
    const image = engine.image(result.imageId);
    const history = (entries: { created_by?: string }[] | undefined): string[] => (entries ?? []).map((entry) => entry.created_by ?? "");
    expect(history(image?.history)).toEqual(history(plain.image?.history));
    for (const path of ["/dst/a.txt", "/dst/b.txt", "/dst/c.txt", "/x"]) expect(image?.fs.get(path)?.content, path).toEqual(plain.image?.fs.get(path)?.content);
  });

  test("a source that does not exist fails its COPY with the COPY's own error, at its line, after the RUN", async () => {
    const engine = engineWithBase();
    const { error, events } = await fakeBuild(engine, `FROM ${BASE}\nRUN make\nCOPY missing.txt /m\n`);
    expect(error?.message).toBe("COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist");
    expect(error?.location).toEqual({ file: "Dockerfile", line: 3, column: 1 });
    expect(events.find((event) => event.type === "step-done" && event.step === 2)).toBeDefined();
  });

  test("which COPY and ADD lines are prepared: literal context paths only", () => {
    const sources = (line: string): string[] | undefined => {
      const instruction = parse(`FROM x\n${line}\n`).ast.stages[0]?.instructions[0];
      return instruction === undefined ? undefined : literalContextSources(instruction, "\\");
    };
    expect(sources("COPY a.txt sub/ /dst/")).toEqual(["a.txt", "sub/"]);
    expect(sources("COPY --chown=1:1 --chmod=644 *.txt /dst/")).toEqual(["*.txt"]);
    expect(sources("ADD app.tar.gz /app/")).toEqual(["app.tar.gz"]);
    for (const line of [
      "COPY $FILE /dst",
      "COPY ${FILE} /dst",
      'COPY "a b.txt" /dst',
      "COPY a\\ b.txt /dst",
      "COPY --from=build /out /dst",
      "COPY --parents a/b.txt /dst/",
      "COPY --exclude=*.md . /dst",
      "COPY <<EOF /dst\nhello\nEOF",
      "ADD https://example.com/a.tar /dst/",
      "ADD git@github.com:moby/moby.git /src",
      "RUN true",
    ]) {
      expect(sources(line), line).toBeUndefined();
    }
  });
});
