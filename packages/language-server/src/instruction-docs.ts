/**
 * Short documentation of each instruction and flag, for hover and completion. Written for this
 * project from the Dockerfile reference (https://docs.docker.com/reference/dockerfile/); the flags
 * are BuildKit's (`frontend/dockerfile/instructions/parse.go`, the parser's `FLAG_SPECS`).
 */

export interface InstructionDoc {
  /** The keyword as Docker's documentation writes it. */
  keyword: string;
  /** The forms it takes. */
  syntax: readonly string[];
  summary: string;
}

/** The Dockerfile reference's section for an instruction. */
export function instructionDocsUrl(keyword: string): string {
  return `https://docs.docker.com/reference/dockerfile/#${keyword.toLowerCase()}`;
}

export const INSTRUCTION_DOCS: readonly InstructionDoc[] = [
  {
    keyword: "FROM",
    syntax: ["FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>]"],
    summary: "Starts a build stage on a base image, an earlier stage or `scratch`. `AS <name>` names the stage for `COPY --from`, `RUN --mount=from=`, a later `FROM` and `--target`.",
  },
  {
    keyword: "RUN",
    syntax: ["RUN [--mount=…] [--network=…] [--security=…] <command>", 'RUN ["executable", "param"…]'],
    summary: "Runs a command in a new layer on top of the image and commits the result. The shell form runs under `SHELL` (default `/bin/sh -c`); the exec form runs the program directly, with no variable expansion.",
  },
  {
    keyword: "CMD",
    syntax: ['CMD ["executable", "param"…]', 'CMD ["param"…]', "CMD <command>"],
    summary: "The container's default command, or the default arguments of `ENTRYPOINT`. Only the last `CMD` of a stage counts.",
  },
  {
    keyword: "LABEL",
    syntax: ["LABEL <key>=<value> [<key>=<value>…]"],
    summary: "Adds metadata to the image as key/value pairs; labels of the base image are inherited.",
  },
  {
    keyword: "MAINTAINER",
    syntax: ["MAINTAINER <name>"],
    summary: "Deprecated: sets the image's author field. Use `LABEL org.opencontainers.image.authors=…` instead.",
  },
  {
    keyword: "EXPOSE",
    syntax: ["EXPOSE <port>[/<protocol>]…"],
    summary: "Documents the ports the container listens on (`tcp` unless `/udp` is given). It publishes nothing: `docker run -p` does.",
  },
  {
    keyword: "ENV",
    syntax: ["ENV <key>=<value> [<key>=<value>…]"],
    summary: "Sets environment variables for the rest of the stage, later stages built `FROM` it, and containers run from the image.",
  },
  {
    keyword: "ADD",
    syntax: ["ADD [--chown=…] [--chmod=…] [--link] [--checksum=…] [--keep-git-dir] [--unpack] [--exclude=…] <src>… <dest>"],
    summary: "Copies files from the context, URLs or Git repositories into the image; local tar archives are unpacked. Prefer `COPY` for plain files.",
  },
  {
    keyword: "COPY",
    syntax: ["COPY [--from=<stage|image>] [--chown=…] [--chmod=…] [--link] [--parents] [--exclude=…] <src>… <dest>"],
    summary: "Copies files from the build context, an earlier stage or an image (`--from`) into the image.",
  },
  {
    keyword: "ENTRYPOINT",
    syntax: ['ENTRYPOINT ["executable", "param"…]', "ENTRYPOINT <command>"],
    summary: "The program the container runs; `CMD` and `docker run` arguments are appended to the exec form. The shell form ignores them and does not receive signals.",
  },
  {
    keyword: "VOLUME",
    syntax: ['VOLUME ["/data"]', "VOLUME /data…"],
    summary: "Marks paths as volumes: changes to them by later build steps are discarded.",
  },
  {
    keyword: "USER",
    syntax: ["USER <user>[:<group>]", "USER <UID>[:<GID>]"],
    summary: "The user (and group) for the rest of the stage's `RUN`, `CMD` and `ENTRYPOINT`.",
  },
  {
    keyword: "WORKDIR",
    syntax: ["WORKDIR /path/to/workdir"],
    summary: "The working directory for the instructions that follow, created if missing; a relative path is relative to the previous `WORKDIR`.",
  },
  {
    keyword: "ARG",
    syntax: ["ARG <name>[=<default>] [<name>[=<default>]…]"],
    summary: "Declares a build argument, set with `--build-arg`. Before the first `FROM` it is global (usable in `FROM`); a stage must declare it again to use it.",
  },
  {
    keyword: "ONBUILD",
    syntax: ["ONBUILD <instruction>"],
    summary: "Records an instruction that runs when another build uses this image as its base, right after its `FROM`.",
  },
  {
    keyword: "STOPSIGNAL",
    syntax: ["STOPSIGNAL <signal>"],
    summary: "The signal `docker stop` sends to the container (default `SIGTERM`).",
  },
  {
    keyword: "HEALTHCHECK",
    syntax: ["HEALTHCHECK [--interval=…] [--timeout=…] [--start-period=…] [--start-interval=…] [--retries=…] CMD <command>", "HEALTHCHECK NONE"],
    summary: "How to test that the container still works; `NONE` turns off a check inherited from the base image.",
  },
  {
    keyword: "SHELL",
    syntax: ['SHELL ["executable", "param"…]'],
    summary: 'The shell the shell form of `RUN`, `CMD` and `ENTRYPOINT` runs under (default `["/bin/sh", "-c"]`).',
  },
];

const BY_KEYWORD = new Map(INSTRUCTION_DOCS.map((doc) => [doc.keyword, doc]));

export function instructionDoc(keyword: string): InstructionDoc | undefined {
  return BY_KEYWORD.get(keyword.toUpperCase());
}

/** `(instruction, flag)` → what it does; every flag of BuildKit's `FLAG_SPECS` has an entry (a unit test checks). */
export const FLAG_DOCS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  FROM: {
    platform: "The platform of the base image, e.g. `linux/amd64` or `$BUILDPLATFORM` (default: the build's target platform).",
  },
  RUN: {
    mount: "A mount for this command only: `type=bind|cache|tmpfs|secret|ssh` with its options, e.g. `--mount=type=cache,target=/root/.cache`.",
    network: "The network of the command: `default`, `none` or `host`.",
    security: "`insecure` runs the command with all privileges (needs the `security.insecure` entitlement); `sandbox` is the default.",
    device: "Makes a CDI device available to the command (experimental).",
  },
  COPY: {
    from: "Copies from an earlier stage (name or index) or an image instead of the build context.",
    chown: "The owner of the copied files: `<user>[:<group>]`, names or ids.",
    chmod: "The mode of the copied files: octal (`0755`) or symbolic (`u=rwX,go=rX`).",
    link: "Copies into a layer of its own, independent of the layers below, so it can be reused when they change.",
    exclude: "A pattern of files not to copy (may be repeated).",
    parents: "Keeps the source paths' parent directories under the destination.",
  },
  ADD: {
    chown: "The owner of the added files: `<user>[:<group>]`, names or ids.",
    chmod: "The mode of the added files: octal (`0755`) or symbolic.",
    link: "Adds into a layer of its own, independent of the layers below.",
    checksum: "The expected digest of a remote source (`sha256:…`): the build fails when it differs.",
    "keep-git-dir": "Keeps the `.git` directory when adding a Git repository.",
    unpack: "Whether to unpack an archive source (local archives are unpacked by default, remote ones not).",
    exclude: "A pattern of files not to add (may be repeated).",
  },
  HEALTHCHECK: {
    interval: "Time between checks (default `30s`).",
    timeout: "Time after which a check counts as failed (default `30s`).",
    "start-period": "Start-up time during which failures do not count (default `0s`).",
    "start-interval": "Time between checks during the start period (default `5s`).",
    retries: "Consecutive failures that make the container unhealthy (default `3`).",
  },
};
