/**
 * `--fold-metadata` on the real engine, against the default build of the same Dockerfile: the same
 * config, files and history (one entry per instruction, sizes and all), from fewer images; and a
 * rebuild that finds every image and the final one in the cache.
 */
import { describe, expect, test } from "vitest";
import { BUSYBOX, configOf, dfbuild, filesystemOf, historyOf, makeContext, testScope } from "./helpers.js";

const { contexts, images } = testScope();

const DOCKERFILE = `FROM ${BUSYBOX}
ARG FOO=bar
ENV E1=v1
WORKDIR /w
RUN echo run-$FOO > out.txt
COPY a.txt /dst/
VOLUME /data
USER 1000:1000
ENTRYPOINT ["/bin/echo"]
CMD ["hi"]
`;

/** The images a plain log names: each step's ` ---> ID` (the base's too) and the final one. */
function imagesNamed(stdout: string): Set<string> {
  return new Set([...stdout.matchAll(/^(?: ---> |Successfully built )([0-9a-f]{12})$/gm)].map((match) => match[1] ?? ""));
}

describe("--fold-metadata", () => {
  test("the same config, files and history as the default build, from fewer images; a rebuild is all cache hits", async () => {
    const context = await makeContext({ Dockerfile: DOCKERFILE, "a.txt": "a\n" });
    contexts.push(context);
    const plain = await dfbuild(context, ["--no-cache"]);
    images.push(plain.tag);
    expect(plain.code, plain.stderr).toBe(0);
    const folded = await dfbuild(context, ["--no-cache", "--fold-metadata"]);
    images.push(folded.tag);
    expect(folded.code, folded.stderr).toBe(0);

    expect(configOf(folded.tag)).toEqual(configOf(plain.tag));
    expect(await filesystemOf(folded.tag)).toEqual(await filesystemOf(plain.tag));
    expect(historyOf(folded.tag)).toEqual(historyOf(plain.tag));
    // The base, WORKDIR's new directory, RUN, COPY and the final image; the default build makes one per instruction.
    expect(imagesNamed(folded.stdout).size).toBe(5);
    expect(imagesNamed(plain.stdout).size).toBe(11);

    const again = await dfbuild(context, ["--fold-metadata"]);
    images.push(again.tag);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.match(/^ ---> Using cache$/gm)).toHaveLength(3);
    expect(again.stdout).not.toContain("Cache miss");
    expect(imagesNamed(again.stdout)).toEqual(imagesNamed(folded.stdout));
  });
});
