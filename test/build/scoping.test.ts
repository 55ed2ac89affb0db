/**
 * The semantic model against Docker itself: each Dockerfile below is built by BuildKit (the
 * engine's `POST /build?version=2`) and by the classic builder, and every LABEL value the image
 * ends up with must be what `analyze(…).evaluate` says that builder expands it to. LABEL is
 * expanded by the builder with the stage's ARG/ENV scope, so it shows the scoping exactly; the
 * files are `FROM scratch` and need no image.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type BuilderSemantics, type BuildStage, type SemanticModel, analyze, parse } from "@dfbuild/parser";
import * as tar from "tar-stream";
import { Agent, request } from "undici";
import { afterAll, describe, expect, test } from "vitest";
import { docker, dockerEnv, dockerOk } from "./helpers.js";
import { tempDir } from "../temp-dir.js";

interface Case {
  name: string;
  dockerfile: string;
  buildArgs?: Record<string, string>;
  /**
   * Labels an older BuildKit gives differently from the current one the model follows: the
   * engine here (Docker 20.10) embeds BuildKit v0.8.
   */
  olderBuildKit?: { since: string; labels: Record<string, string> };
}

const cases: Case[] = [
  {
    name: "global ARGs, a stage's bare ARG, build args and defaults",
    dockerfile: "ARG G=g1 OTHER=o\nFROM scratch\nLABEL before=$G\nARG G OTHER\nARG L=local\nLABEL g=$G o=$OTHER l=$L u=${UNSET:-dflt}\n",
    buildArgs: { OTHER: "cli" },
  },
  {
    name: "ENV and ARG of the same name, in both orders",
    dockerfile: "FROM scratch\nARG A=arg\nENV A=env\nENV B=env\nARG B=arg\nARG C\nENV C=env\nLABEL a=$A b=$B c=$C\n",
    buildArgs: { C: "cli" },
  },
  {
    name: "the defaults of one ARG and the values of one ENV",
    dockerfile: "ARG GA=1 GB=x$GA\nFROM scratch\nARG GB\nARG A=1 B=y$A\nENV E=old\nENV E=new F=$E\nLABEL gb=$GB b=$B f=$F\n",
    // BuildKit v0.14 (dockerfile 1.8, moby/buildkit 47a52a17b) expands a stage ARG's defaults one by one.
    olderBuildKit: { since: "v0.14.0", labels: { gb: "x1", b: "y", f: "old" } },
  },
  {
    name: "re-declaring an ARG without a value",
    dockerfile: "ARG M=meta\nFROM scratch\nARG M=stage\nARG M\nARG S=1\nARG S\nLABEL m=$M s=$S\n",
  },
  {
    name: "re-declaring a global ARG without a value",
    dockerfile: "ARG V=1\nARG V\nFROM scratch\nARG V\nLABEL v=$V\n",
    // BuildKit v0.17 (dockerfile 1.11, moby/buildkit b9a4a6eed) keeps the earlier value.
    olderBuildKit: { since: "v0.17.0", labels: { v: "" } },
  },
  {
    name: "a stage built on a stage: ENV always, ARG in BuildKit only",
    dockerfile: "FROM scratch AS base\nARG A=arg\nENV E=env\nLABEL base=$A\nFROM base\nLABEL a=$A e=$E path=$PATH\n",
  },
  {
    name: "proxy build args",
    dockerfile: "ARG PROXY_SEEN=${http_proxy}\nFROM scratch\nARG PROXY_SEEN\nLABEL p=$http_proxy seen=$PROXY_SEEN\n",
    buildArgs: { http_proxy: "http://proxy.invalid:3128" },
  },
  {
    name: "BuildKit's platform ARGs",
    dockerfile: "FROM scratch\nARG TARGETOS TARGETARCH TARGETPLATFORM BUILDOS\nLABEL os=$TARGETOS arch=$TARGETARCH platform=$TARGETPLATFORM build=$BUILDOS\n",
  },
  {
    // Docker 20.10's lexer knows only the `:` forms (`${V%.*}` is `missing ':' in substitution`).
    name: "modifiers and quotes",
    dockerfile: "FROM scratch\nARG V=a.b.c\nENV W=\"x y\" EMPTY=\nLABEL q=\"$W\" e=${W:+set} d=${EMPTY:-dflt} s='$V' x=\\$V\n",
  },
];

const socketPath = "/var/run/docker.sock";
/** Docker 20.10 embeds BuildKit v0.8 (moby/moby v20.10.24 `vendor.conf`); later engines are taken to embed a current one. */
const engineBuildKitIsV08 = dockerOk(["version", "--format", "{{.Server.Version}}"]).trim().startsWith("20.10.");
const agent = new Agent({ connect: { socketPath } });
const images: string[] = [];

afterAll(async () => {
  if (images.length > 0) docker(["rmi", "-f", ...images]);
  await agent.close();
});

function engineVersion(): { os: string; architecture: string } {
  const [os = "linux", architecture = "amd64"] = dockerOk(["version", "--format", "{{.Server.Os}}/{{.Server.Arch}}"]).trim().split("/");
  return { os, architecture };
}

async function contextTar(dockerfile: string): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name: "Dockerfile" }, dockerfile);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Builds with BuildKit through the engine API; returns the tag. */
async function buildkitBuild(testCase: Case): Promise<string> {
  const tag = `dfbuild-e2e/scoping:${randomUUID().slice(0, 8)}`;
  images.push(tag);
  const query = new URLSearchParams({ version: "2", networkmode: "none", t: tag, buildargs: JSON.stringify(testCase.buildArgs ?? {}) });
  const response = await request(`http://localhost/v1.41/build?${query.toString()}`, {
    method: "POST",
    headers: { "content-type": "application/x-tar" },
    body: await contextTar(testCase.dockerfile),
    dispatcher: agent,
  });
  const output = await response.body.text();
  const failure = /"error(?:Detail)?":\s*("(?:[^"\\]|\\.)*")/.exec(output);
  if (response.statusCode !== 200 || failure) throw new Error(`BuildKit build failed (${String(response.statusCode)}): ${failure?.[1] ?? output.slice(0, 500)}`);
  return tag;
}

/** Builds with the classic builder (`DOCKER_BUILDKIT=0 docker build`); returns the tag. */
async function classicBuild(testCase: Case): Promise<string> {
  const tag = `dfbuild-e2e/scoping:${randomUUID().slice(0, 8)}`;
  images.push(tag);
  const dir = tempDir("dfbuild-scoping-");
  try {
    await writeFile(join(dir, "Dockerfile"), testCase.dockerfile);
    const args = Object.entries(testCase.buildArgs ?? {}).flatMap(([name, value]) => ["--build-arg", `${name}=${value}`]);
    // Asynchronous, so the builds of all cases run side by side.
    await new Promise<void>((resolve, reject) => {
      execFile("docker", ["build", "-q", "-t", tag, ...args, dir], { env: dockerEnv }, (error, _stdout, stderr) => {
        if (error) reject(new Error(`classic build failed: ${stderr}`));
        else resolve();
      });
    });
    return tag;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function labelsOf(image: string): Record<string, string> {
  const [inspected] = JSON.parse(dockerOk(["image", "inspect", image])) as { Config: { Labels: Record<string, string> | null } }[];
  return inspected?.Config.Labels ?? {};
}

/** The labels the model says the last stage's image has: those of its FROM chain, expanded in order. */
function predictedLabels(model: SemanticModel): Record<string, string> {
  const chain: BuildStage[] = [];
  for (let stage = model.stages.at(-1) ?? null; stage; stage = stage.baseStage) chain.unshift(stage);
  const labels: Record<string, string> = {};
  for (const stage of chain) {
    for (const instruction of stage.instructions) {
      if (instruction.type !== "Label") continue;
      for (const pair of instruction.pairs) {
        const key = model.evaluate(pair.key, instruction).value ?? "?";
        labels[key] = model.evaluate(pair.value, instruction).value ?? "?";
      }
    }
  }
  return labels;
}

describe.concurrent("ARG/ENV scoping: the model predicts what Docker's builders expand", () => {
  const platform = engineVersion();
  const builders: [BuilderSemantics, (testCase: Case) => Promise<string>][] = [
    ["buildkit", buildkitBuild],
    ["classic", classicBuild],
  ];
  for (const testCase of cases) {
    for (const [builder, build] of builders) {
      test(`${builder}: ${testCase.name}`, async () => {
        const model = analyze(parse(testCase.dockerfile).ast, { builder, buildArgs: testCase.buildArgs ?? {}, targetPlatform: platform });
        const tag = await build(testCase);
        const older = builder === "buildkit" && engineBuildKitIsV08 ? testCase.olderBuildKit : undefined;
        if (older) {
          // The engine's BuildKit predates the change: it must show the old behaviour, and the model the new one.
          expect(labelsOf(tag)).toEqual(older.labels);
          expect(predictedLabels(model)).not.toEqual(older.labels);
        } else {
          expect(labelsOf(tag)).toEqual(predictedLabels(model));
        }
      });
    }
  }

  test("the builders disagree where the model says they do", () => {
    // Guards the cases above against testing nothing: each difference shows in some case.
    const differing = cases.filter((testCase) => {
      const [buildkit, classic] = (["buildkit", "classic"] as const).map((builder) =>
        predictedLabels(analyze(parse(testCase.dockerfile).ast, { builder, buildArgs: testCase.buildArgs ?? {}, targetPlatform: platform })),
      );
      return JSON.stringify(buildkit) !== JSON.stringify(classic);
    });
    expect(differing.map((testCase) => testCase.name)).toEqual([
      "ENV and ARG of the same name, in both orders",
      "the defaults of one ARG and the values of one ENV",
      "re-declaring an ARG without a value",
      "re-declaring a global ARG without a value",
      "a stage built on a stage: ENV always, ARG in BuildKit only",
      "proxy build args",
      "BuildKit's platform ARGs",
    ]);
  });
});
