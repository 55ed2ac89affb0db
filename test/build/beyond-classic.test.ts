/**
 * What the classic builder does not have (heredocs, COPY --chmod, RUN --network, ADD of a URL, the
 * tty/json/quiet outputs, --iidfile): checked on the image and on a running container.
 */
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runCli } from "../cli.js";
import { BUSYBOX, dfbuild, dockerOk, makeContext, uniqueTag, testScope } from "./helpers.js";

const { contexts, images } = testScope();

async function buildOk(files: Record<string, string>, args: string[] = []): Promise<string> {
  const context = await makeContext(files);
  contexts.push(context);
  const result = await dfbuild(context, args);
  images.push(result.tag);
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  return result.tag;
}

function run(image: string, ...command: string[]): string {
  return dockerOk(["run", "--rm", "--network", "none", "--entrypoint", command[0] ?? "sh", image, ...command.slice(1)]);
}

describe("features beyond the classic builder", () => {
  test("heredocs: RUN script, RUN with a heredoc redirection, COPY with and without expansion", async () => {
    const image = await buildOk({
      Dockerfile: `FROM ${BUSYBOX}
ENV WHO=world
RUN <<EOF
echo "script line 1" > /script.out
echo "hello $WHO" >> /script.out
EOF
RUN cat <<'EOF' > /redirected
literal $WHO
EOF
COPY <<EOF /expanded.txt
hello $WHO
EOF
COPY <<'EOF' /verbatim.txt
hello $WHO
EOF
`,
    });
    expect(run(image, "cat", "/script.out")).toBe("script line 1\nhello world\n");
    expect(run(image, "cat", "/redirected")).toBe("literal $WHO\n");
    expect(run(image, "cat", "/expanded.txt")).toBe("hello world\n");
    expect(run(image, "cat", "/verbatim.txt")).toBe("hello $WHO\n");
  });

  test("a RUN heredoc starting with #! runs as a file through its interpreter, as BuildKit does", async () => {
    const image = await buildOk({
      Dockerfile: `FROM ${BUSYBOX}
RUN <<EOF
#!/bin/sh -e
echo "run as $0" > /shebang.out
EOF
`,
    });
    expect(run(image, "cat", "/shebang.out")).toBe("run as /dev/pipes/EOF\n");
    // The script lived on the container's /dev tmpfs: nothing of it is in the image's layers.
    const container = dockerOk(["create", image, "true"]).trim();
    try {
      // A tar header names the entry NUL-padded; the script's own output mentions the path too.
      expect(dockerOk(["export", container])).not.toContain("dev/pipes/EOF\u0000");
    } finally {
      dockerOk(["rm", "-v", container]);
    }
  });

  test("COPY --chmod sets the mode of what it copies", async () => {
    const image = await buildOk({
      Dockerfile: `FROM ${BUSYBOX}\nCOPY --chmod=0750 run.sh /bin/run.sh\nCOPY --chmod=600 --chown=app:app dir /secrets\n`,
      "run.sh": "#!/bin/sh\necho ran\n",
      "dir/key": "k\n",
    });
    expect(run(image, "stat", "-c", "%a %u:%g", "/bin/run.sh", "/secrets/key").trim().split("\n")).toEqual(["750 0:0", "600 1000:1000"]);
    expect(run(image, "/bin/run.sh")).toBe("ran\n");
  });

  test("RUN --network=none", async () => {
    const image = await buildOk({
      Dockerfile: `FROM ${BUSYBOX}\nRUN --network=none ip -o link | cut -d: -f2 | tr -d ' ' > /none-links\n`,
    });
    expect(run(image, "cat", "/none-links")).toBe("lo\n");
  });

  test("ADD <url> downloads the file (0600, never extracted)", async () => {
    const server = createServer((request, response) => {
      response.setHeader("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
      response.end(request.url === "/file.txt" ? "downloaded\n" : "");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      const image = await buildOk({ Dockerfile: `FROM ${BUSYBOX}\nADD http://127.0.0.1:${String(port)}/file.txt /downloads/\n` });
      expect(run(image, "stat", "-c", "%a %s", "/downloads/file.txt")).toBe("600 11\n");
      expect(run(image, "cat", "/downloads/file.txt")).toBe("downloaded\n");
    } finally {
      server.close();
    }
  });

  test("-q prints only the image ID; --iidfile writes it; json prints one event a line", async () => {
    const context = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nRUN echo out\nLABEL x=y\n` });
    contexts.push(context);
    const iidfile = join(context, "iid");
    const tag = uniqueTag("quiet");
    images.push(tag);
    const quiet = await runCli(["build", "-q", "-t", tag, "--iidfile", iidfile, context]);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    expect(await readFile(iidfile, "utf8")).toBe(quiet.stdout.trim());
    expect(dockerOk(["image", "inspect", "--format", "{{.Id}}", tag]).trim()).toBe(quiet.stdout.trim());

    const json = await runCli(["build", "--progress", "json", "--no-cache", context]);
    expect(json.code, json.stderr).toBe(0);
    const events = json.stdout.trim().split("\n").map((line) => JSON.parse(line) as { type: string; data?: string });
    expect(events.filter((event) => event.type === "step")).toHaveLength(3);
    expect(events.some((event) => event.type === "output" && event.data === "out\n")).toBe(true);
    expect(events.at(-1)?.type).toBe("built");
  });

  test("tty progress shows each step with its time", async () => {
    const context = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nRUN echo hello-tty\n` });
    contexts.push(context);
    const result = await runCli(["build", "--progress", "tty", "--no-cache", context]);
    expect(result.code, result.stderr).toBe(0);
    // eslint-disable-next-line no-control-regex -- the output is a terminal's, with its escapes
    const text = result.stdout.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
    expect(text).toMatch(/✔ \[1\/2\] FROM dfbuild-test\/busybox:latest \d+\.\ds/);
    expect(text).toMatch(/│ hello-tty/);
    expect(text).toMatch(/✔ \[2\/2\] RUN echo hello-tty \d+\.\ds [0-9a-f]{12}/);
  });
});
