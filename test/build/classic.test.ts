/**
 * The same Dockerfile built by dfbuild and by the classic builder must give the same image: config,
 * filesystem (docker export, mtimes aside) and history (count and created_by text).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  BUSYBOX,
  type ContextFile,
  classic,
  configOf,
  dfbuild,
  filesystemOf,
  historyOf,
  leftoverContainers,
  makeContext,
  writeContext,
  testScope,
} from "./helpers.js";

const { contexts, images } = testScope();

interface Case {
  files: Record<string, ContextFile>;
  dockerfile: string;
  args?: string[];
  /** A context prepared beforehand; `files` and the Dockerfile are added to it. */
  context?: string;
}

async function expectSameAsClassic({ files, dockerfile, args = [], context: prepared }: Case): Promise<{ dfbuild: string; classic: string }> {
  const context = prepared ?? (await makeContext({}));
  await writeContext(context, { ...files, Dockerfile: dockerfile });
  contexts.push(context);
  const reference = classic(context, args);
  images.push(reference.tag);
  expect(reference.code, `classic build failed:\n${reference.stdout}\n${reference.stderr}`).toBe(0);
  const ours = await dfbuild(context, args);
  images.push(ours.tag);
  expect(ours.code, `dfbuild failed:\n${ours.stdout}\n${ours.stderr}`).toBe(0);

  expect(configOf(ours.tag)).toEqual(configOf(reference.tag));
  expect(Object.fromEntries(await filesystemOf(ours.tag))).toEqual(Object.fromEntries(await filesystemOf(reference.tag)));
  expect(historyOf(ours.tag)).toEqual(historyOf(reference.tag));
  expect(leftoverContainers([process.pid])).toEqual([]);
  return { dfbuild: ours.tag, classic: reference.tag };
}

describe("dfbuild builds what the classic builder builds", () => {
  test("every instruction, --build-arg and --label", async () => {
    await expectSameAsClassic({
      files: { "a.txt": "hello\n", "sub/d.txt": "d\n", "sub/e/f.txt": "f\n", "link.txt": { symlink: "a.txt" }, "run.sh": { content: "#!/bin/sh\necho run\n", mode: 0o755 } },
      dockerfile: `ARG BASE=${BUSYBOX}
FROM \${BASE}
ARG FOO=bar
ENV E1=v1 PATHX=baz
ENV E2 legacy form with spaces
LABEL l1=x "l 2"=y
MAINTAINER someone <someone@example.com>
WORKDIR /w
RUN echo run-$FOO > out.txt && id
COPY a.txt /dst/
COPY sub /dstdir
COPY link.txt /lnk
COPY *.txt /star/
COPY run.sh .
EXPOSE 80 443/udp 8000-8002
VOLUME /data
USER 1000:1000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=5s --retries=3 CMD true
SHELL ["/bin/sh", "-xc"]
ONBUILD RUN echo trig
ENTRYPOINT ["/bin/echo"]
CMD ["hi"]
`,
      args: ["--build-arg", "FOO=baz", "--label", "bl=1", "--label", "a=2"],
    });
  });

  test("an image with neither CMD nor ENTRYPOINT keeps none (the commit-merge trap)", async () => {
    await expectSameAsClassic({
      files: {},
      dockerfile: `FROM ${BUSYBOX}\nENV A=1\nRUN echo x > /f\nLABEL k=v\n`,
    });
  });

  test("build args reach RUN but never the image", async () => {
    await expectSameAsClassic({
      files: {},
      dockerfile: `FROM ${BUSYBOX}\nARG SECRET\nARG OTHER=default\nRUN echo "$SECRET-$OTHER" > /seen\nRUN ["/bin/sh", "-c", "echo $SECRET > /exec-seen"]\nENV AFTER=1\n`,
      args: ["--build-arg", "SECRET=s3cr3t", "--build-arg", "HTTP_PROXY=http://proxy.invalid"],
    });
  });

  test("VOLUME: COPY into it persists, RUN writes under it are dropped", async () => {
    await expectSameAsClassic({
      files: { "f.txt": "kept\n" },
      dockerfile: `FROM ${BUSYBOX}\nVOLUME /vol\nCOPY f.txt /vol/\nRUN echo r > /vol/r.txt && echo o > /other.txt\nVOLUME ["/second", "/third"]\nRUN touch /second/x\n`,
    });
  });

  test("VOLUMEs of the base image: COPY under them persists, RUN writes under them are dropped", async () => {
    const base = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nRUN mkdir /data && echo base > /data/base.txt\nVOLUME /data\n` });
    contexts.push(base);
    const baseImage = classic(base, []);
    images.push(baseImage.tag);
    expect(baseImage.code, baseImage.stderr).toBe(0);
    await expectSameAsClassic({
      files: { "f.txt": "copied\n" },
      dockerfile: `FROM ${baseImage.tag}\nCOPY f.txt /data/\nRUN echo r > /data/r.txt && ls /data > /listing\nENV AFTER=1\n`,
    });
    // A stage that adds nothing is its base, VOLUMEs and all.
    await expectSameAsClassic({ files: {}, dockerfile: `FROM ${BUSYBOX} AS a\nVOLUME /x\nFROM a\n` });
    await expectSameAsClassic({ files: {}, dockerfile: `FROM ${baseImage.tag}\n` });
  });

  test("COPY path rules: directories, wildcards, destinations, symlinks, WORKDIR", async () => {
    await expectSameAsClassic({
      files: {
        "a.txt": "a\n",
        "b.txt": "b\n",
        "dir/c.txt": "c\n",
        "dir/sub/d.txt": "d\n",
        "dir/inner-link": { symlink: "c.txt" },
        "other/e.txt": "e\n",
        "link-to-dir": { symlink: "dir" },
        "exec.sh": { content: "#!/bin/sh\n", mode: 0o750 },
      },
      dockerfile: `FROM ${BUSYBOX}
COPY a.txt /newname
COPY a.txt b.txt /multi/
COPY dir /dirdest
COPY dir/ /dirdest2/
COPY d* /wild/
COPY link-to-dir /followed
COPY exec.sh /bin/
WORKDIR /w
COPY a.txt .
COPY a.txt rel/
COPY other ./other-here
COPY . /all/
`,
    });
  });

  test("ownership: context files are root's, --chown by id and by name, COPY --from keeps ids", async () => {
    await expectSameAsClassic({
      files: { "a.txt": "a\n", "dir/b.txt": "b\n" },
      dockerfile: `FROM ${BUSYBOX} AS source
RUN mkdir -p /src && echo s > /src/s.txt && chown -R 1000:1000 /src && chmod 640 /src/s.txt
FROM ${BUSYBOX}
COPY --chown=1000 a.txt /own/deep/a.txt
COPY --chown=app:app dir /owned-dir
COPY --chown=app a.txt /app-file
COPY --from=source /src /from-src
COPY --from=source /src/s.txt /from-file
COPY --from=source --chown=65534:65534 /src /from-chowned
`,
    });
  });

  test("ADD: local archives are extracted by content, other files copied", async () => {
    const context = await makeContext({ "payload/x.txt": "x\n", "payload/y/z.txt": "z\n" });
    execFileSync("tar", ["-czf", join(context, "arch.tgz"), "-C", join(context, "payload"), "."]);
    execFileSync("tar", ["-cf", join(context, "plain-archive-no-extension"), "-C", join(context, "payload"), "x.txt"]);
    await expectSameAsClassic({
      context,
      files: { "notes.txt": "not an archive\n" },
      dockerfile: `FROM ${BUSYBOX}\nADD arch.tgz /extracted/\nADD plain-archive-no-extension /from-tar\nADD notes.txt /notes/\nCOPY arch.tgz /copied/\nADD --chown=app:app arch.tgz /not-chowned/\nADD --chown=app:app notes.txt /chowned/\n`,
    });
  });

  test("ARG scoping: meta ARGs for FROM only, re-declared per stage; ENV shadows ARG", async () => {
    await expectSameAsClassic({
      files: {},
      dockerfile: `ARG IMAGE=${BUSYBOX}
ARG GLOBAL=g1
FROM \${IMAGE} AS first
RUN echo "global=[$GLOBAL]" > /no-redeclare
ARG GLOBAL
RUN echo "global=[$GLOBAL]" > /redeclared
ARG FOO=argval
ENV FOO=envval
RUN echo "$FOO" > /shadowed
FROM \${IMAGE}
COPY --from=first /no-redeclare /redeclared /shadowed /results/
RUN echo "[$FOO]" > /second-stage
`,
      args: ["--build-arg", "GLOBAL=fromcli"],
    });
  });

  test("a meta ARG re-declared in a stage without --build-arg takes the meta value; a default there wins over it", async () => {
    await expectSameAsClassic({
      files: {},
      dockerfile: `ARG V=meta
ARG W=meta-w
ARG UNSET
FROM ${BUSYBOX}
ARG V
ARG W=stage-w
ARG UNSET
RUN echo "v=[$V] w=[$W] unset=[\${UNSET-none}]" > /args
ENV FROM_ARG=$V
`,
    });
  });

  test("MAINTAINER sets the image's Author for the commits after it, not for a later stage built on it", async () => {
    await expectSameAsClassic({
      files: {},
      dockerfile: `FROM ${BUSYBOX} AS maintained\nRUN echo before > /before\nMAINTAINER Jane Doe <jane@example.com>\nRUN echo after > /after\nFROM maintained\nRUN echo child > /child\n`,
    });
    await expectSameAsClassic({
      files: {},
      dockerfile: `FROM ${BUSYBOX}\nMAINTAINER first\nENV A=1\nMAINTAINER second <s@example.com>\n`,
    });
  });

  test("CMD and ENTRYPOINT: an inherited CMD is cleared, one set here is kept; SHELL; exec form", async () => {
    await expectSameAsClassic({
      files: {},
      dockerfile: `FROM ${BUSYBOX} AS base
CMD ["base-cmd"]
FROM base AS cleared
ENTRYPOINT ["/bin/echo"]
FROM base
ENTRYPOINT ["/bin/true"]
CMD ["kept"]
ENTRYPOINT /bin/echo shell form
RUN echo "RUN ignores the image's ENTRYPOINT" > /ran
SHELL ["/bin/sh", "-ec"]
RUN ["echo", "$HOME"]
CMD echo shell cmd
`,
    });
    await expectSameAsClassic({
      files: {},
      dockerfile: `FROM ${BUSYBOX} AS base\nCMD ["base-cmd"]\nFROM base\nENTRYPOINT ["/bin/echo"]\n`,
    });
  });

  test("ONBUILD triggers run at the child's FROM and are cleared", async () => {
    await expectSameAsClassic({
      files: { "trigger.txt": "from the child's context\n" },
      dockerfile: `FROM ${BUSYBOX} AS parent
ONBUILD RUN echo triggered > /triggered
ONBUILD COPY trigger.txt /
ONBUILD ENV FROM_TRIGGER=1
FROM parent
RUN cat /triggered
`,
    });
  });

  test("multi-stage: COPY --from by name, index and image; FROM an earlier stage; --target", async () => {
    const dockerfile = `FROM ${BUSYBOX} AS one
RUN echo one > /one.txt
FROM ${BUSYBOX}
RUN echo two > /two.txt
FROM one AS three
COPY --from=1 /two.txt /
COPY --from=one /one.txt /copy-of-one.txt
COPY --from=${BUSYBOX} /bin/busybox /from-image
COPY --from=one /one* /wild/
COPY --from=one /bin/s[h] /etc/pass* /wild2/
FROM ${BUSYBOX} AS unused
RUN exit 1
`;
    await expectSameAsClassic({ files: {}, dockerfile, args: ["--target", "three"] });
  });

  test("FROM an earlier stage named through a meta ARG", async () => {
    await expectSameAsClassic({
      files: {},
      dockerfile: `ARG STAGE=builder\nFROM ${BUSYBOX} AS builder\nRUN echo b > /b\nFROM \${STAGE}\nRUN cat /b\n`,
    });
  });

  test(".dockerignore: exclusions, exceptions, ** and the Dockerfile itself", async () => {
    await expectSameAsClassic({
      files: {
        ".dockerignore":
          "# comment\n *.log\n*.md\n!keep.md\nbuild/**\n!build/keep/**\nsecret\nnode_modules\n**/*.tmp\nDockerfile\n" +
          "wild\n!*/keep.txt\nlit\n!lit/keep.txt\n./dotslash.txt\n/rooted.txt\nprefix**\n",
        "a.txt": "a\n",
        "readme.md": "r\n",
        "keep.md": "k\n",
        "build/out.bin": "o\n",
        "build/keep/k.txt": "k\n",
        "secret/s.txt": "s\n",
        "node_modules/m/index.js": "m\n",
        "src/x.tmp": "t\n",
        "src/x.ts": "x\n",
        "wild/keep.txt": "not back: the exception is a wildcard\n",
        "wild/other.txt": "o\n",
        "lit/keep.txt": "back: the exception names it\n",
        "lit/other.txt": "o\n",
        "dotslash.txt": "d\n",
        "rooted.txt": "r\n",
        "prefixed-name.txt": "p\n",
        "a.log": "l\n",
      },
      dockerfile: `FROM ${BUSYBOX}\nCOPY . /ctx/\n`,
    });
  });

  test(".dockerignore: `*` then `!src` sends src and everything under it", async () => {
    const { dfbuild: image } = await expectSameAsClassic({
      files: { ".dockerignore": "*\n!src\n", "src/a.txt": "a\n", "src/deep/b.txt": "b\n", "other.txt": "o\n", "lib/c.txt": "c\n" },
      dockerfile: `FROM ${BUSYBOX}\nCOPY . /ctx/\n`,
    });
    // Not only the same as the classic builder: the files are there (an empty /ctx/src would match an
    // equally wrong classic builder).
    const files = [...(await filesystemOf(image)).keys()].filter((name) => name.startsWith("ctx/")).sort();
    expect(files).toEqual(["ctx/src", "ctx/src/a.txt", "ctx/src/deep", "ctx/src/deep/b.txt"]);
  });

  test("FROM scratch", async () => {
    await expectSameAsClassic({
      files: { "hello.txt": "hello\n" },
      dockerfile: `FROM scratch\nENV A=1\nCOPY hello.txt /\nCMD ["/hello"]\n`,
    });
  });

  test("WORKDIR, USER, EXPOSE, HEALTHCHECK NONE, STOPSIGNAL and expansion", async () => {
    await expectSameAsClassic({
      files: {},
      dockerfile: `FROM ${BUSYBOX}
ENV BASE=/srv NAME=app PORTS="81 82"
WORKDIR $BASE
WORKDIR rel/\${NAME}
USER \${NAME}
EXPOSE $PORTS 90/tcp 91/UDP
HEALTHCHECK --interval=1m30s --timeout=10s CMD ["wget", "-q", "localhost"]
HEALTHCHECK NONE
STOPSIGNAL 9
LABEL "key with space"="\${NAME} value" other=$BASE
`,
    });
  });
});
