/**
 * Incremental linting, as the language server does it on every edit (each version re-parsed from
 * the one before with `reparse`, which keeps the nodes before the edit, the parse shared with the
 * linter, a `LintCache` kept from one version to the next, whose instruction- and stage-scoped
 * findings are reused), gives exactly the findings of a full
 * lint of the new text: random edits, seeded and deterministic, each version linted both ways
 * with every rule (the strict preset) and compared finding by finding — messages, ranges, fixes,
 * suggestions and their order.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { LintCache, type LintConfig, type LintResult, RuleRegistry, defaultConfig, lintText } from "@dfbuild/linter";
import { type PreviousParse, parse, reparse } from "@dfbuild/parser";
import { rules } from "@dfbuild/rules";
import { describe, expect, test } from "vitest";
import { seededRandom } from "../../packages/parser/src/seeded-random.test-helper.js";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const registry = new RuleRegistry(rules);

/** Files that make most rules speak: stages, ARG/ENV scopes, package installs, labels, ONBUILD, heredocs, ignore comments. */
const SEEDS = [
  readFileSync(join(repo, "examples", "rest-service", "Dockerfile"), "utf8"),
  readFileSync(join(repo, "examples", "apt-cache", "Dockerfile"), "utf8"),
  `# syntax=docker/dockerfile:1
# check=skip=StageNameCasing
ARG BASE=debian:12.5
FROM \${BASE} AS Builder
ARG VERSION=1.2.3
ENV APP_HOME=/opt/app \\
    PATH=/opt/app/bin:$PATH
WORKDIR $APP_HOME
# hadolint ignore=DL3008
RUN apt-get update \\
    && apt-get install -y curl git \\
    && rm -rf /var/lib/apt/lists/*
RUN sudo yum install httpd && cd /tmp && pip install flask
COPY --from=builder /opt/app /opt/prev
RUN <<EOF
set -e
apk add curl
EOF
LABEL org.opencontainers.image.version="\${VERSION}" maintainer=me
MAINTAINER someone <a@b.c>
EXPOSE 8080/TCP 22
FROM alpine:latest
# dfbuild-ignore no-sudo
ONBUILD RUN sudo apk add curl
USER root
cmd ["sh", "-c", "echo $HOME"]
CMD echo done
HEALTHCHECK CMD curl -f http://localhost/
RUN useradd -u 100000 app && zypper install vim && dnf install -y gcc
`,
  "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command `\n    Write-Host hi\nCOPY a.txt C:/app/\n",
  // Layer rules: caches left in a stage that ships (or not, once a FROM is added), mounts by variable.
  `FROM debian:12 AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc=4:12.2.0-3
RUN apk add curl && yum install -y httpd-2.4.57 && dnf install -y gcc-12.3.1 && zypper install -y vim=9.0
FROM build
ARG CACHE=/var/lib/apt/lists
RUN --mount=type=cache,target=$CACHE apt-get update
RUN --mount=type=cache,target=$APK apk add curl
`,
];

/** What an edit inserts: whole instructions, the syntax that joins or splits them, and single characters. */
const FRAGMENTS = [
  "\n", "\n", " ", "x", "\\\n", "\\", "$", "\"", "'", "`", "#", "\r\n", "\t", "=", "-",
  "RUN apt-get install curl\n", "RUN sudo make install\n", "FROM ubuntu AS build\n", "FROM build\n", "ARG VERSION\n",
  "ENV A=1 B=$A\n", "MAINTAINER me\n", "ONBUILD RUN yum install -y x\n", "USER root\n", "WORKDIR app\n", "cd /x && ",
  "LABEL a=b\n", "EXPOSE 80/TCP\n", "run ", "<<EOF\n", "EOF\n", "# escape=`\n", "# hadolint ignore=DL3004\n",
  "# dfbuild-ignore apt-get-yes\n", "# check=skip=all\n", "# comment\n", "COPY --from=build /a /b\n", "$VERSION", "--no-cache ",
  // What the layer rules' facts (meta.facts) read: which stages ship, and mount targets in scope.
  "FROM build AS final\n", "ARG CACHE=/var/lib/apt/lists\n", "RUN --mount=type=cache,target=$CACHE apt-get update\n",
  "RUN apk add curl && yum install -y x\n", "--mount=type=cache,target=/var/cache/apk ",
  // What the pinning rules' facts read: the ARG/ENV values a package word expands.
  "ARG PKGS=\"curl=8.5.0 git\"\n", "RUN apt-get install -y $PKGS && pip install \"flask${PIN}\"\n", "ENV PIN===3.0\n",
  // apt configured without recommends by an earlier RUN; a cd the WORKDIR fix replaces.
  "RUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/90norecommends\n", "RUN cd /app && make\n",
  // What the stage-scoped rules read of a stage: its other instructions, its SHELL and base, the global ARGs.
  "RUN apt-get update\n", "RUN curl -k https://x | sh\n", "RUN wget https://x && gpg --verify x.sig\n", "ENV GIT_SSL_NO_VERIFY=1 B=$GIT_SSL_NO_VERIFY\n",
  "COPY . .\nRUN npm install\n", "EXPOSE 99999 80:80\n", "ENTRYPOINT [\"sh\", \"-c\"]\nCMD [\"echo $HOME\"]\n", "COPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz\n",
  "LABEL \"bad key\"=1\n", "FROM ${BASE} AS x\n", "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n", "RUN a | b\n", "ARG BASE=alpine:3.20\n", "FROM $UNDECLARED\n",
];

function edit(text: string, next: () => number): string {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  let at = Math.floor(next() * (text.length + 1));
  // Half the edits start at a line start: where instructions are split, joined and moved.
  if (next() < 0.5) at = text.lastIndexOf("\n", at - 1) + 1;
  const roll = next();
  const removed = roll < 0.55 ? 0 : roll < 0.85 ? 1 + Math.floor(next() * 4) : Math.max(0, text.indexOf("\n", at) + 1 - at);
  const inserted = next() < 0.8 ? pick(FRAGMENTS) : "";
  return text.slice(0, at) + inserted + text.slice(at + removed);
}

/** Everything a lint result says, in order: JSON keeps ranges (line, column, offset), fixes and suggestions. */
const observed = (result: LintResult) => JSON.stringify({ findings: result.findings, parseFailed: result.parseFailed, unavailable: result.unavailableRules });

const configs: [string, LintConfig, number][] = [
  ["recommended", defaultConfig(), 40],
  // Every rule, but ShellCheck's, which runs a program per lint (and is whole-file).
  ["strict", { ...defaultConfig(), preset: "strict", levels: new Map([["shellcheck", "off"]]) }, 40],
  // hadolint's verdicts: other branches of the same rules, other facts (hadolint's shipped layers).
  ["hadolint", { ...defaultConfig(), preset: "hadolint", levels: new Map([["shellcheck", "off"]]) }, 20],
];

describe("incremental linting equals a full lint", () => {
  test.each(configs)("random edits, %s preset", (_name, config, steps) => {
    let reused = 0;
    let checked = 0;
    let stagesReused = 0;
    let stagesChecked = 0;
    let versions = 0;
    for (const [index, seed] of SEEDS.entries()) {
      const next = seededRandom(1000 + index);
      const cache = new LintCache();
      let text = seed;
      let previous: PreviousParse = { text, parsed: parse(text) };
      for (let step = 0; step < steps; step++) {
        text = edit(text, next);
        const parsed = reparse(text, previous);
        previous = { text, parsed };
        const incremental = lintText(text, { registry, config, filePath: "Dockerfile", cache, ...(text.startsWith("\uFEFF") ? {} : { parsed }) });
        reused += cache.stats.reused;
        checked += cache.stats.checked;
        stagesReused += cache.stageStats.reused;
        stagesChecked += cache.stageStats.checked;
        const full = lintText(text, { registry, config, filePath: "Dockerfile" });
        expect(observed(incremental), `seed ${String(index)}, edit ${String(step)}:\n${text}`).toBe(observed(full));
        versions++;
      }
    }
    expect(versions).toBe(SEEDS.length * steps);
    // The cache did its work: most instructions were reused, not checked again.
    expect(reused).toBeGreaterThan(checked * 2);
    // Stages too, though less often: these files have one to three, and an edit that adds or
    // removes a line changes the key of every stage after it (lint-cache.test.ts counts exactly).
    expect(stagesReused).toBeGreaterThan(0);
    expect(stagesChecked).toBeGreaterThan(0);
  });
});
