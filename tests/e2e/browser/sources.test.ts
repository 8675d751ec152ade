/**
 * Search sources as a student sees them, in real Chromium against a production build and the
 * CreateAI stand-in, with no token: "Search course materials" on, the answer ends with its
 * sources, which open into titles, pages, chunks and links, on a phone and a desktop, light and dark.
 */
import { describe, expect, it } from "vitest";
import { pickSources } from "@/scripts/standin/sources";
import { seriousViolations } from "./support/axe";
import { hasChromium, warnIfNoChromium } from "./support/chromium";
import type { DemoPage } from "./support/demo-app";
import { setUpDemoApp } from "./support/demo-app-lifecycle";

warnIfNoChromium("browser tests of search sources (tests/e2e/browser/sources.test.ts)");

// The stand-in answers this with four sources: lecture notes with a page, a textbook chunk, a lab
// handout with a very long file name, and a web page with a link.
const QUESTION = "Explain osmosis across the cell membrane";
const EXPECTED = pickSources(QUESTION);
const WEB_PAGE = EXPECTED.find((source) => source.source_url !== undefined);

/**
 * Sets "Search course materials" in the chat's settings. The setting is kept in localStorage,
 * which every page of this file shares, so it is set to what a test needs, never toggled blindly.
 */
async function setSearch(demo: DemoPage, on: boolean): Promise<void> {
  const toggle = demo.page.getByTestId("search-toggle");
  const opened = !(await toggle.isVisible());
  if (opened) await demo.page.getByTestId("settings-button").click();
  if ((await toggle.getAttribute("aria-checked")) !== String(on)) await toggle.click();
  expect(await toggle.getAttribute("aria-checked")).toBe(String(on));
  if (opened) {
    await demo.page.keyboard.press("Escape");
    await toggle.waitFor({ state: "hidden" });
  }
}

async function askWithSearch(demo: DemoPage, question: string): Promise<void> {
  await setSearch(demo, true);
  await demo.ask(question);
  await demo.page.locator('[data-testid="message-assistant"][data-state="done"]').waitFor();
}

/** How far the page reaches past the viewport's right edge; 0 or less means no sideways scrolling. */
function overflow(demo: DemoPage): Promise<number> {
  return demo.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** A screenshot once the sources' own transitions (the chevron turning) have ended. */
async function screenshotSettled(demo: DemoPage, name: string): Promise<void> {
  await demo.page.getByTestId("sources").evaluate((element) => Promise.all(element.getAnimations({ subtree: true }).map((animation) => animation.finished)));
  await demo.screenshot(name);
}

describe.skipIf(!hasChromium)("search sources in Chromium", () => {
  const { app, openPage } = setUpDemoApp();

  it("shows no sources when search is off", async () => {
    const demo = await openPage();
    await setSearch(demo, false);
    await demo.ask(QUESTION);
    await demo.page.locator('[data-testid="message-assistant"][data-state="done"]').waitFor();
    expect(app().standin().requests.at(-1)?.model_params).not.toHaveProperty("enable_search");
    expect(await demo.page.getByTestId("sources").count()).toBe(0);
  });

  it("lists the answer's sources under it, opens them, and links the web page", async () => {
    expect(EXPECTED).toHaveLength(4);
    expect(WEB_PAGE).toBeDefined();
    const demo = await openPage();
    await askWithSearch(demo, QUESTION);
    expect(app().standin().requests.at(-1)).toMatchObject({ model_params: { enable_search: true } });

    const answer = demo.page.getByTestId("message-assistant");
    const toggle = answer.getByTestId("sources-toggle");
    expect(await toggle.textContent()).toContain(`Sources (${EXPECTED.length})`);
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    expect(await answer.getByTestId("source-chip").first().textContent()).toBe(EXPECTED[0]?.source_name);
    expect(await answer.getByTestId("source-item").first().isVisible()).toBe(false);

    await toggle.click();
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    const items = answer.getByTestId("source-item");
    expect(await items.count()).toBe(EXPECTED.length);
    for (const [index, source] of EXPECTED.entries()) {
      const item = items.nth(index);
      expect(await item.isVisible()).toBe(true);
      expect(await item.textContent()).toContain(source.source_name);
      if (source.page_number !== undefined) expect(await item.getByTestId("source-location").textContent()).toContain(`p. ${source.page_number}`);
      if (source.chunk_id !== undefined) expect(await item.getByTestId("source-location").textContent()).toContain(`chunk ${source.chunk_id}`);
    }
    const links = answer.getByTestId("source-link");
    expect(await links.count()).toBe(1);
    expect(await links.getAttribute("href")).toBe(WEB_PAGE?.source_url);
    expect(await links.getAttribute("target")).toBe("_blank");
    expect(await links.getAttribute("rel")).toBe("noopener noreferrer nofollow");

    // Keyboard: Enter on the focused toggle closes the list again.
    await toggle.focus();
    await demo.page.keyboard.press("Enter");
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
  });

  it("keeps an answer's sources across a reload", async () => {
    const demo = await openPage();
    await askWithSearch(demo, QUESTION);
    await demo.page.reload();
    await demo.page.locator('[data-testid="chat"][data-hydrated="true"]').waitFor();
    await demo.page.getByTestId("sources").waitFor();
    expect(await demo.page.getByTestId("sources-toggle").textContent()).toContain(`Sources (${EXPECTED.length})`);
  });

  for (const [device, width, height] of [
    ["phone", 390, 844],
    ["desktop", 1280, 900],
  ] as const) {
    for (const colorScheme of ["light", "dark"] as const) {
      it(`fits a ${device} screen in ${colorScheme} mode, closed and open, long file names wrapped, nothing for axe`, async () => {
        const demo = await openPage({ width, height, colorScheme });
        await askWithSearch(demo, QUESTION);
        // No scrolling of our own: the chat stays at its bottom, so what opens is what the reader sees.
        await screenshotSettled(demo, `sources-closed-${device}-${colorScheme}`);
        expect(await overflow(demo)).toBeLessThanOrEqual(0);

        await demo.page.getByTestId("sources-toggle").click();
        await screenshotSettled(demo, `sources-open-${device}-${colorScheme}`);
        expect(await overflow(demo)).toBeLessThanOrEqual(0);
        expect(await seriousViolations(demo.page)).toEqual([]);
      });
    }
  }

  it("never widens a 320 px page, even with the longest file name open", async () => {
    const demo = await openPage({ width: 320, height: 640 });
    await askWithSearch(demo, QUESTION);
    await demo.page.getByTestId("sources-toggle").click();
    const box = await demo.page.getByTestId("sources").boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? Infinity)).toBeLessThanOrEqual(320);
    expect(await overflow(demo)).toBeLessThanOrEqual(0);
    await screenshotSettled(demo, "sources-open-320-light");
  });
});
