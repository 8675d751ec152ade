/**
 * `npm run bench:render -- [--chunks 5000] [--size 32] [--interval 4] [--content plain|rich|both] [--renderer <label>] [--no-md]`
 *
 * Streams long `/bench` answers into `/ws-demo` in Chromium, each on a fresh page, and measures
 * how the page keeps up: React commits per second and per frame, and long tasks. By default two
 * answers: the plain worst case (one 160 KB line) and a rich one (`content=rich`: headings,
 * formulas, prices and code blocks, so KaTeX and Shiki work while it streams). A measurement,
 * not a test: it reports what it saw and exits 0 unless something broke. Set E2E_SKIP_BUILD=1 to
 * reuse the last production build in .next-e2e (E2E_DIST_DIR picks another); `--renderer` names
 * the build's Markdown renderer in the report when it is not the one package.json describes.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startStandin } from "../standin/server";
import buildOnce from "../../tests/e2e/global-setup";
import { launchChromium, hasChromium, CHROMIUM_PATH } from "../../tests/e2e/browser/support/chromium";
import { startNextServer } from "../../tests/e2e/support/next-server";
import { ROOT } from "../../tests/e2e/support/paths";
import type { Page } from "playwright-core";
import { PROBE_SCRIPT, summarize, type ProbeData } from "./probe";
import { renderTable, updateBenchmarksFile, writeJson, type BenchContent, type RenderReport } from "./report";

const TOKEN = "bench-render-token";

function readPlan() {
  const { values } = parseArgs({
    options: {
      chunks: { type: "string", default: "5000" },
      size: { type: "string", default: "32" },
      interval: { type: "string", default: "4" },
      content: { type: "string", default: "both" },
      renderer: { type: "string" },
      "no-md": { type: "boolean", default: false },
    },
  });
  const contents: BenchContent[] = values.content === "both" ? ["plain", "rich"] : values.content === "rich" ? ["rich"] : ["plain"];
  return {
    chunks: Number(values.chunks),
    sizeBytes: Number(values.size),
    intervalMs: Number(values.interval),
    contents,
    renderer: values.renderer ?? rendererOfPackage(),
    writeMarkdown: !values["no-md"],
  };
}

/** The Markdown renderer as package.json pins it. */
function rendererOfPackage(): string {
  const { dependencies } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  const version = (name: string) => `${name} ${dependencies[name] ?? "?"}`;
  return `${version("react-markdown")} + ${version("remark-math")} + ${version("katex")} + ${version("shiki")}`;
}

async function main(): Promise<void> {
  if (!hasChromium) throw new Error(`${CHROMIUM_PATH} is missing: apt-get update && apt-get install -y chromium`);
  const plan = readPlan();
  buildOnce();
  const standin = await startStandin({ port: 0, token: TOKEN });
  const server = await startNextServer({ CREATE_AI_API_TOKEN: TOKEN, CREATE_AI_PROJECT_ID: "bench-render", CREATE_AI_WS_URL: standin.url });
  const chromium = await launchChromium();
  try {
    const reports: RenderReport[] = [];
    for (const content of plan.contents) {
      const loadBefore = os.loadavg()[0] ?? 0;
      const page = await chromium.context.newPage();
      try {
        const { data, deltas, firstText, chars } = await streamOnce(page, server.url, `/bench chunks=${plan.chunks} size=${plan.sizeBytes} interval=${plan.intervalMs} content=${content}`, plan);
        const render = summarize(data);
        const report: RenderReport = {
          date: new Date().toISOString().slice(0, 10),
          machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
          load: { before: loadBefore, after: os.loadavg()[0] ?? 0 },
          chromium: execFileSync(CHROMIUM_PATH, ["--version"], { encoding: "utf8" }).trim() + " headless",
          renderer: plan.renderer,
          plan: { chunks: plan.chunks, sizeBytes: plan.sizeBytes, intervalMs: plan.intervalMs, content },
          stream: { deltas, chars, deltasPerSecond: deltas / render.seconds, firstTextMs: firstText },
          render,
          goals: { noLongTask: render.longTasks === 0, atMostOneCommitPerFrame: render.maxCommitsInOneFrame <= 1 },
        };
        reports.push(report);
        writeJson(report, path.join(ROOT, "bench-results", `render-${content}.json`));
        // The raw timings, for looking into a surprising number.
        writeJson(data, path.join(ROOT, "bench-results", `render-${content}-raw.json`));
      } finally {
        await page.close();
      }
    }
    if (plan.writeMarkdown) updateBenchmarksFile(path.join(ROOT, "BENCHMARKS.md"), reports);
    console.log(`\n${renderTable(reports)}\n`);
    console.log(`[bench:render] wrote bench-results/render-*.json${plan.writeMarkdown ? " and the Rendering section of BENCHMARKS.md" : ""}`);
  } finally {
    await chromium.close();
    await server.stop();
    await standin.close();
  }
}

/** Streams one `/bench` answer into a fresh chat and returns what the probe and the answer's figures saw. */
async function streamOnce(page: Page, baseUrl: string, question: string, plan: { chunks: number; intervalMs: number }) {
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  // The chat keeps conversations in localStorage: each answer starts from an empty one.
  await page.goto(baseUrl);
  await page.evaluate(() => localStorage.clear());
  await page.addInitScript({ content: PROBE_SCRIPT });
  await page.goto(`${baseUrl}/ws-demo`);
  await page.locator('[data-testid="chat"][data-hydrated="true"]').waitFor();

  console.log(`[bench:render] streaming ${question}`);
  await page.evaluate("window.__chatRenderProbe.start()");
  await page.getByTestId("chat-input").fill(question);
  await page.getByTestId("chat-input").press("Enter");
  const timeoutMs = 60_000 + plan.chunks * plan.intervalMs * 3;
  // A function, not a string: the app's CSP forbids the eval a string predicate needs.
  await page.waitForFunction(
    () =>
      ["ready", "error"].includes(document.querySelector<HTMLElement>('[data-testid="chat"]')?.dataset.status ?? "") &&
      document.querySelector('[data-testid="message-assistant"]') !== null,
    undefined,
    { timeout: timeoutMs, polling: 250 },
  );
  const data = (await page.evaluate("window.__chatRenderProbe.stop()")) as ProbeData;
  const status = await page.getByTestId("chat").getAttribute("data-status");
  if (status !== "ready") throw new Error(`the answer ended in ${status}: ${await page.getByTestId("chat-error").textContent()}`);
  if (pageErrors.length > 0) throw new Error(`errors in the page: ${pageErrors.join("; ")}`);

  const figures = (await page.getByTestId("answer-figures").textContent()) ?? "";
  const deltas = Number(/chunks\s*([\d,]+)/.exec(figures)?.[1]?.replace(/,/g, "") ?? NaN);
  const firstText = /first text\s*([\d,]+)\s*ms/.exec(figures)?.[1];
  const chars = ((await page.getByTestId("answer-text").textContent()) ?? "").length;
  return { data, deltas, chars, firstText: firstText === undefined ? null : Number(firstText.replace(/,/g, "")) };
}

main().catch((error: unknown) => {
  console.error(`[bench:render] failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
