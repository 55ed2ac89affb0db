import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, statSync } from "node:fs";
import { type Server, createServer } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { formatDockerfile } from "@dfbuild/fmt";
import { type Finding, RuleRegistry, fixText, lintText } from "@dfbuild/linter";
import { rules } from "@dfbuild/rules";
import { type BrowserContext, type Page, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { tempDir } from "../temp-dir.js";

/**
 * The playground in a real headless Chromium (Debian's, installed by scripts/chromium.sh from the
 * global setup): built with its build script, served on loopback, typed into as a person would,
 * its findings read off the page and compared with lintText's, then formatted.
 */
const repo = resolve(fileURLToPath(import.meta.url), "../../..");
const screenshotPath = join(repo, "examples/playground/screenshot.png");
const registry = new RuleRegistry(rules);

/** The flags this closed network needs: no background connections Chromium would have refused. */
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const TYPED = `from ubuntu:latest as Build
run apt-get update
run apt-get install curl
workdir app
RUN make
from alpine:3.20
COPY --from=build /app/out /usr/local/bin/
CMD ["app","--serve"]
`;

const CONTENT_TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8" };

let outDir = "";
let userDataDir = "";
let server: Server | undefined;
let browser: BrowserContext | undefined;
let page: Page;
let origin = "";
const pageErrors: string[] = [];

beforeAll(async () => {
  outDir = tempDir("dfbuild-playground-");
  const built = spawnSync(process.execPath, [join(repo, "examples/playground/build.mjs"), outDir], { encoding: "utf8" });
  if (built.status !== 0) throw new Error(`examples/playground/build.mjs failed (exit ${String(built.status)}):\n${built.stderr}`);

  server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const file = resolve(outDir, `.${path === "/" ? "/index.html" : path}`);
    if (!file.startsWith(outDir + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(file);
      response.writeHead(200, { "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server?.listen(0, "127.0.0.1", done));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the test server has no TCP address");
  origin = `http://127.0.0.1:${String(address.port)}`;

  userDataDir = tempDir("dfbuild-chromium-");
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1000, height: 560 },
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(message.text());
  });
  await page.goto(`${origin}/`);
});

afterAll(async () => {
  await browser?.close();
  const running = server;
  if (running) {
    await new Promise<void>((done) => {
      running.close(() => {
        done();
      });
    });
  }
  for (const dir of [outDir, userDataDir]) if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

interface Shown {
  rule: string;
  range: string;
  severity: string;
  message: string;
  docs: string;
}

/** The findings as the page lists them. */
async function shownFindings(): Promise<Shown[]> {
  return page.locator("#findings li").evaluateAll((items) =>
    items.map((item) => ({
      rule: (item as HTMLElement).dataset.rule ?? "",
      range: (item as HTMLElement).dataset.range ?? "",
      severity: (item as HTMLElement).dataset.severity ?? "",
      message: item.querySelector(".message")?.textContent ?? "",
      docs: item.querySelector("a.rule")?.getAttribute("href") ?? "",
    })),
  );
}

function expectedFindings(findings: readonly Finding[]): Shown[] {
  return findings.map((finding) => ({
    rule: finding.ruleId,
    range: `${String(finding.range.start.line)}:${String(finding.range.start.column)}-${String(finding.range.end.line)}:${String(finding.range.end.column)}`,
    severity: finding.severity,
    message: finding.message,
    docs: registry.get(finding.ruleId)?.meta.docs.url ?? "",
  }));
}

/** The underlined stretches of the editor: [start, end) offsets and the severity drawn. */
async function underlines(): Promise<[number, number, string][]> {
  return page.locator("#highlight").evaluate((pre) => {
    const marks: [number, number, string][] = [];
    let offset = 0;
    for (const node of Array.from(pre.childNodes)) {
      const length = node.textContent?.length ?? 0;
      if (node instanceof HTMLElement && node.tagName === "MARK") marks.push([offset, offset + length, node.className]);
      offset += length;
    }
    return marks;
  });
}

describe("the playground in headless Chromium", { timeout: 120_000 }, () => {
  test("the bundle holds no Node built-ins", () => {
    const code = readFileSync(join(outDir, "playground.js"), "utf8");
    expect(code).not.toMatch(/require\(["']node:|from\s*["']node:|import\(["']node:/);
    expect(statSync(join(outDir, "playground.js")).size).toBeLessThan(2_000_000);
  });

  test("the sample it opens with is linted as dfbuild lint lints it", async () => {
    await expect.poll(() => page.locator("#findings li").count()).toBeGreaterThan(0);
    const sample = await page.locator("#source").inputValue();
    expect(await shownFindings()).toEqual(expectedFindings(lintText(sample, { registry, filePath: "Dockerfile" }).findings));
  });

  test("typing a Dockerfile underlines and lists lintText's findings; Format formats it, Fix all fixes it", async () => {
    const editor = page.locator("#source");
    await editor.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    // An empty file is BuildKit's "file with no instructions".
    await expect.poll(() => shownFindings()).toEqual(expectedFindings(lintText("", { registry, filePath: "Dockerfile" }).findings));
    await page.keyboard.type(TYPED);
    expect(await editor.inputValue()).toBe(TYPED);

    const expected = lintText(TYPED, { registry, filePath: "Dockerfile" }).findings;
    expect(expected.length).toBeGreaterThan(6);
    await expect.poll(() => shownFindings()).toEqual(expectedFindings(expected));
    // Every finding of some width is underlined in its own colour or a more serious one's.
    expect(await page.locator("#highlight").textContent()).toBe(`${TYPED}\n`);
    const marks = await underlines();
    for (const finding of expected) {
      const { offset: start } = finding.range.start;
      const end = Math.max(finding.range.end.offset, start + 1);
      for (let at = start; at < end; at++) {
        if (TYPED[at] === "\n") continue;
        const mark = marks.find(([from, to]) => from <= at && at < to);
        expect(mark, `${finding.ruleId} at offset ${String(at)}`).toBeDefined();
      }
    }
    expect(new Set(marks.map(([, , severity]) => severity))).toEqual(new Set(expected.map((finding) => finding.severity)));
    await expect.poll(() => page.locator("#status").textContent()).toMatch(/\d+ (error|warning|info|style)/);

    // Clicking a finding selects its range in the editor.
    const picked = expected.find((finding) => finding.range.end.offset > finding.range.start.offset);
    if (!picked) throw new Error("no finding with a width");
    await page.locator("#findings li").nth(expected.indexOf(picked)).locator(".message").click();
    const selection = await editor.evaluate((textarea: HTMLTextAreaElement) => [textarea.selectionStart, textarea.selectionEnd]);
    expect(selection).toEqual([picked.range.start.offset, picked.range.end.offset]);

    const shot = await page.screenshot({ type: "png" });
    expect(shot.subarray(1, 4).toString("latin1")).toBe("PNG");
    // The README's picture: refreshed only on request, so test runs leave the checkout alone.
    if (process.env.DFBUILD_UPDATE_SCREENSHOT === "1") await page.screenshot({ path: screenshotPath, type: "png" });

    await page.locator("#format").click();
    const formatted = formatDockerfile(TYPED).text;
    expect(formatted).not.toBe(TYPED);
    await expect.poll(() => editor.inputValue()).toBe(formatted);
    await expect.poll(() => page.locator("#status").textContent()).toBe("Formatted");
    expect(await shownFindings()).toEqual(expectedFindings(lintText(formatted, { registry, filePath: "Dockerfile" }).findings));

    await page.locator("#fix").click();
    const fixed = fixText(formatted, { registry, filePath: "Dockerfile" });
    expect(fixed.fixed).toBe(true);
    await expect.poll(() => editor.inputValue()).toBe(fixed.output);
    expect(await shownFindings()).toEqual(expectedFindings(fixed.findings));
    expect(pageErrors).toEqual([]);
  });
});
