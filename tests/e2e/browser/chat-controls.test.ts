/**
 * The chat as students who know other chat apps use it, in real Chromium against a production
 * build: conversations kept across reloads (sidebar on a desktop, drawer on a phone), rename and
 * delete, Regenerate, Edit, Escape, settings behind a button and kept, and no sideways scroll at
 * phone widths in light and dark, with axe finding nothing serious in any of these states.
 */
import type { Page } from "playwright-core";
import { describe, expect, it, vi } from "vitest";
import { hasChromium, warnIfNoChromium } from "./support/chromium";
import { seriousViolations } from "./support/axe";
import { setUpDemoApp } from "./support/demo-app-lifecycle";
import type { DemoPage } from "./support/demo-app";

warnIfNoChromium("browser tests of the chat's controls (tests/e2e/browser/chat-controls.test.ts)");

const done = '[data-testid="message-assistant"][data-state="done"]';

async function askAndWait(demo: DemoPage, question: string): Promise<void> {
  const before = await demo.page.locator(done).count();
  await demo.ask(question);
  await demo.page.waitForFunction(
    ([selector, count]) => document.querySelectorAll(selector as string).length > (count as number),
    [done, before] as const,
  );
  await demo.settled();
}

async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.locator('[data-testid="chat"][data-hydrated="true"]').waitFor();
}

const titles = (page: Page) => page.getByTestId("conversation-open").allTextContents();

/** How far the page can be scrolled sideways: 0 when nothing is wider than the screen. */
const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe.skipIf(!hasChromium)("the chat's controls in Chromium", () => {
  const { app, openPage } = setUpDemoApp();

  it("keeps conversations across reloads in the sidebar, switches between them, renames and deletes", async () => {
    const demo = await openPage();
    await askAndWait(demo, "What is osmosis?");
    await demo.page.getByTestId("new-chat-button").click();
    await askAndWait(demo, "Define diffusion");
    expect(await titles(demo.page)).toEqual(["Define diffusion", "What is osmosis?"]);

    await reload(demo.page);
    await demo.page.getByTestId("message-user").waitFor();
    expect(await titles(demo.page)).toEqual(["Define diffusion", "What is osmosis?"]);
    expect(await demo.page.getByTestId("message-user").textContent()).toContain("Define diffusion");

    await demo.page.getByTestId("conversation-open").filter({ hasText: "What is osmosis?" }).click();
    await demo.page.getByTestId("message-user").filter({ hasText: "What is osmosis?" }).waitFor();
    expect(await demo.page.getByTestId("answer-text").textContent()).toContain("You asked: “What is osmosis?”");
    await demo.screenshot("conversations-desktop-light");

    const osmosis = demo.page.getByTestId("conversation-item").filter({ hasText: "What is osmosis?" });
    await osmosis.hover();
    await osmosis.getByTestId("conversation-rename").click();
    await demo.page.getByTestId("conversation-rename-input").fill("Osmosis revision");
    await demo.page.getByTestId("conversation-rename-input").press("Enter");
    const diffusion = demo.page.getByTestId("conversation-item").filter({ hasText: "Define diffusion" });
    await diffusion.hover();
    await diffusion.getByTestId("conversation-delete").click();
    await demo.page.getByTestId("conversation-delete-confirm").click();

    await reload(demo.page);
    expect(await titles(demo.page)).toEqual(["Osmosis revision"]);
    expect(await demo.page.getByTestId("message-user").textContent()).toContain("What is osmosis?");
  });

  it("Regenerate asks the last question again and replaces its answer", async () => {
    const demo = await openPage();
    const asked = app().standin().requests.length;
    await askAndWait(demo, "Explain active transport");
    await demo.page.getByTestId("regenerate-button").click();
    await demo.page.getByTestId("stop-button").waitFor();
    await demo.page.locator(done).waitFor();
    expect(await demo.settled()).toBe("ready");

    expect(app().standin().requests.slice(asked).map((request) => request.query)).toEqual(["Explain active transport", "Explain active transport"]);
    expect(await demo.page.getByTestId("message-user").count()).toBe(1);
    expect(await demo.answerCount()).toBe(1);
    // The stand-in counts turns per session: the second answer is turn 2 of the same conversation.
    expect(await demo.page.getByTestId("answer-text").textContent()).toContain("Turn 2.");
  });

  it("Edit puts the last question back in the box, and sending replaces it and its answer", async () => {
    const demo = await openPage();
    const asked = app().standin().requests.length;
    await askAndWait(demo, "Waht is a cell membrane");
    await demo.page.getByTestId("edit-button").click();
    expect(await demo.page.getByTestId("chat-input").inputValue()).toBe("Waht is a cell membrane");
    await demo.screenshot("editing-desktop-light");
    await demo.page.getByTestId("chat-input").fill("What is a cell membrane?");
    await demo.page.getByTestId("send-button").click();
    await demo.page.locator(done).waitFor();
    await demo.settled();

    expect(await demo.page.getByTestId("message-user").allTextContents()).toEqual(["You: What is a cell membrane?"]);
    expect(await demo.page.getByTestId("answer-text").textContent()).toContain("You asked: “What is a cell membrane?”");
    expect(app().standin().requests.slice(asked).map((request) => request.query)).toEqual(["Waht is a cell membrane", "What is a cell membrane?"]);
  });

  it("Escape stops a streaming answer, keeps its text and closes the upstream socket", async () => {
    const demo = await openPage();
    await demo.ask("/demo slow");
    await demo.page.waitForFunction(() => (document.querySelector('[data-testid="answer-text"]')?.textContent?.length ?? 0) > 0);
    await demo.page.keyboard.press("Escape");
    expect(await demo.settled()).toBe("ready");
    expect(await demo.page.getByTestId("message-assistant").getAttribute("data-state")).toBe("stopped");
    expect((await demo.page.getByTestId("answer-text").textContent())?.length).toBeGreaterThan(0);
    await vi.waitFor(() => expect(app().standin().openSockets()).toBe(0), { timeout: 5_000 });
  });

  it("keeps the settings, search included, across a reload, and sends them", async () => {
    const demo = await openPage();
    await demo.page.getByTestId("settings-button").click();
    await demo.page.getByTestId("search-toggle").click();
    await demo.page.getByTestId("system-prompt").fill("Answer like a patient tutor.");
    await demo.page.keyboard.press("Escape");
    await demo.page.getByTestId("settings-dialog").waitFor({ state: "hidden" });

    await reload(demo.page);
    await demo.page.getByTestId("settings-button").click();
    expect(await demo.page.getByTestId("search-toggle").getAttribute("aria-checked")).toBe("true");
    expect(await demo.page.getByTestId("system-prompt").inputValue()).toBe("Answer like a patient tutor.");
    await demo.page.keyboard.press("Escape");

    await askAndWait(demo, "What is osmosis?");
    const params = app().standin().requests.at(-1)?.model_params as { enable_search?: boolean; system_prompt?: string };
    expect(params.enable_search).toBe(true);
    expect(params.system_prompt).toBe("Answer like a patient tutor.");
  });

  for (const colorScheme of ["light", "dark"] as const) {
    it(`never scrolls sideways at 320, 390 and 430 px in ${colorScheme} mode, with chips, an answer, the drawer and the settings; axe finds nothing serious`, async () => {
      for (const width of [320, 390, 430]) {
        const demo = await openPage({ width, height: 800, colorScheme });
        const name = `${width}-${colorScheme}`;
        expect(await sidewaysOverflow(demo.page), `empty chat at ${name}`).toBeLessThanOrEqual(0);
        expect(await seriousViolations(demo.page), `empty chat at ${name}`).toEqual([]);
        if (width === 390) await demo.screenshot(`phone-empty-${name}`);

        await askAndWait(demo, "Make a table comparing mitosis and meiosis, with a long unbroken word: pneumonoultramicroscopicsilicovolcanoconiosis");
        expect(await sidewaysOverflow(demo.page), `answer at ${name}`).toBeLessThanOrEqual(0);
        expect(await demo.page.getByTestId("example-prompt").count()).toBe(0);
        expect(await seriousViolations(demo.page), `answer at ${name}`).toEqual([]);
        if (width === 390) await demo.screenshot(`phone-answer-${name}`);

        await demo.page.getByTestId("conversations-button").click();
        await demo.page.getByTestId("conversation-list").waitFor();
        expect(await demo.page.getByTestId("conversation-item").count()).toBe(1);
        expect(await sidewaysOverflow(demo.page), `drawer at ${name}`).toBeLessThanOrEqual(0);
        expect(await seriousViolations(demo.page), `drawer at ${name}`).toEqual([]);
        if (width === 390) await demo.screenshot(`phone-drawer-${name}`);
        await demo.page.keyboard.press("Escape");

        await demo.page.getByTestId("settings-button").click();
        await demo.page.getByTestId("search-toggle").waitFor();
        expect(await sidewaysOverflow(demo.page), `settings at ${name}`).toBeLessThanOrEqual(0);
        expect(await seriousViolations(demo.page), `settings at ${name}`).toEqual([]);
        if (width === 390) await demo.screenshot(`phone-settings-${name}`);
        await demo.page.keyboard.press("Escape");
        await demo.page.close();
      }
    });
  }

  it(`the desktop chat in dark mode, with the sidebar, has no serious axe violation`, async () => {
    const demo = await openPage({ colorScheme: "dark" });
    await askAndWait(demo, "What is osmosis?");
    await demo.page.getByTestId("conversation-list").waitFor();
    expect(await seriousViolations(demo.page)).toEqual([]);
    await demo.screenshot("conversations-desktop-dark");
  });
});
