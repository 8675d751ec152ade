/**
 * Debian's Chromium driven by playwright-core: never a downloaded browser. Each launch gets a
 * fresh temporary profile, removed again on close.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM_PATH);

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Says loudly why browser tests are skipped; call it where the suite is declared. */
export function warnIfNoChromium(what: string): void {
  if (hasChromium) return;
  const line = "!".repeat(78);
  console.warn(
    `\n${line}\n!! SKIPPED: ${what}\n!! ${CHROMIUM_PATH} is missing. Install Debian's Chromium to run them:\n!!   apt-get update && apt-get install -y chromium\n${line}\n`,
  );
}

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium. The profile directory is passed as Playwright's userDataDir,
 * which is how it takes `--user-data-dir` (it refuses that flag in `args`).
 */
export async function launchChromium(): Promise<Chromium> {
  const profile = mkdtempSync(path.join(tmpdir(), "chat-e2e-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
