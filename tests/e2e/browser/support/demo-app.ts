/**
 * The app as a browser meets it: a production `next start` whose CreateAI is a stand-in on a
 * fixed loopback port (so a test can swap it for a faulty one and back), and Chromium pages
 * on `/ws-demo` (or another page with the chat, such as `/ai-sdk-demo`).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { startStandin, type Standin, type StandinFault } from "@/scripts/standin/server";
import { freePort, startNextServer, type NextServer } from "../../support/next-server";
import { ROOT } from "../../support/paths";
import { launchChromium, type Chromium } from "./chromium";

const TOKEN = "browser-e2e-token";
export const SCREENSHOT_DIR = path.join(ROOT, "test-results", "browser");

export interface DemoApp {
  server: NextServer;
  /** The stand-in answering right now, and how it misbehaves. */
  standin(): Standin & { fault: StandinFault };
  /** Replaces the stand-in with a new one on the same address, misbehaving with `fault`. */
  swapStandin(fault: StandinFault): Promise<Standin>;
  openPage(options?: OpenPageOptions): Promise<DemoPage>;
  close(): Promise<void>;
}

export interface OpenPageOptions {
  width?: number;
  height?: number;
  colorScheme?: "light" | "dark";
  /** The page with the chat; default `/ws-demo`. */
  path?: string;
  /**
   * Start from a browser that keeps nothing of this app (default): every page of a file shares
   * one browser profile, and the chat keeps conversations in localStorage. False for a second
   * tab of the same student.
   */
  freshStorage?: boolean;
}

export interface DemoPage {
  page: Page;
  /** Uncaught errors and console errors the page produced (a missing favicon excepted). */
  errors: string[];
  ask(question: string): Promise<void>;
  /** Waits until the chat is idle again and returns its status. */
  settled(): Promise<string>;
  answerCount(): Promise<number>;
  screenshot(name: string): Promise<void>;
}

export async function startDemoApp(): Promise<DemoApp> {
  const port = await freePort();
  let standin = Object.assign(await startStandin({ port, token: TOKEN, paceMs: 40 }), { fault: "none" as StandinFault });
  const server = await startNextServer({
    CREATE_AI_API_TOKEN: TOKEN,
    CREATE_AI_PROJECT_ID: "browser-e2e",
    CREATE_AI_WS_URL: standin.url,
  });
  const chromium: Chromium = await launchChromium();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  return {
    server,
    standin: () => standin,
    async swapStandin(fault) {
      await standin.close();
      standin = Object.assign(await startStandin({ port, token: TOKEN, paceMs: 40, fault }), { fault });
      return standin;
    },
    openPage: (options) => openDemoPage(chromium, server.url, options),
    async close() {
      await chromium.close();
      await server.stop();
      await standin.close();
    },
  };
}

async function openDemoPage(
  chromium: Chromium,
  baseUrl: string,
  { width = 1280, height = 900, colorScheme = "light", path: pagePath = "/ws-demo", freshStorage = true }: OpenPageOptions = {},
): Promise<DemoPage> {
  const page = await chromium.context.newPage();
  if (freshStorage) {
    // Any document of the origin gives access to its storage; the home page is static and small.
    await page.goto(baseUrl);
    await page.evaluate(() => localStorage.clear());
  }
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.location().url.endsWith("/favicon.ico")) errors.push(`console: ${message.text()}`);
  });
  await page.setViewportSize({ width, height });
  await page.emulateMedia({ colorScheme });
  await page.goto(`${baseUrl}${pagePath}`);
  await page.locator('[data-testid="chat"][data-hydrated="true"]').waitFor();

  return {
    page,
    errors,
    async ask(question) {
      await page.getByTestId("chat-input").fill(question);
      await page.getByTestId("chat-input").press("Enter");
    },
    async settled() {
      await page.waitForFunction(() => {
        const status = document.querySelector('[data-testid="chat"]')?.getAttribute("data-status");
        return status === "ready" || status === "error";
      });
      return (await page.getByTestId("chat").getAttribute("data-status")) ?? "";
    },
    answerCount: () => page.getByTestId("message-assistant").count(),
    async screenshot(name) {
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
    },
  };
}
