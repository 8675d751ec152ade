/**
 * How the chat reads and how it can be used, in real Chromium: accessibility scans with
 * axe-core, keyboard-only use, phone width and dark mode, with screenshots as artifacts.
 */
import { describe, expect, it } from "vitest";
import { seriousViolations } from "./support/axe";
import { hasChromium, warnIfNoChromium } from "./support/chromium";
import { setUpDemoApp } from "./support/demo-app-lifecycle";

warnIfNoChromium("browser tests of the chat (tests/e2e/browser/chat-quality.test.ts)");

describe.skipIf(!hasChromium)("the chat's accessibility and looks in Chromium", () => {
  const { app, openPage } = setUpDemoApp();

  for (const colorScheme of ["light", "dark"] as const) {
    it(`/ws-demo has no serious or critical axe violations in ${colorScheme} mode, empty, with an answer and with an error`, async () => {
      const demo = await openPage({ colorScheme });
      expect(await seriousViolations(demo.page)).toEqual([]);

      await demo.ask("What is osmosis?");
      await demo.page.locator('[data-testid="message-assistant"][data-state="done"]').waitFor();
      expect(await seriousViolations(demo.page)).toEqual([]);

      await demo.ask("/demo error");
      await demo.page.getByTestId("retry-button").waitFor();
      expect(await seriousViolations(demo.page)).toEqual([]);
    });
  }

  for (const [device, size] of [
    ["phone", { width: 390, height: 844 }],
    ["desktop", { width: 1280, height: 900 }],
  ] as const) {
    for (const colorScheme of ["light", "dark"] as const) {
      it(`fits a ${device} screen in ${colorScheme} mode without sideways scrolling`, async () => {
        const demo = await openPage({ ...size, colorScheme });
        await demo.ask("Make a table comparing mitosis and meiosis.");
        await demo.page.locator('[data-testid="message-assistant"][data-state="done"]').waitFor();
        await demo.screenshot(`ws-demo-${device}-${colorScheme}`);
        const overflow = await demo.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        expect(await demo.page.getByTestId("chat-input").isVisible()).toBe(true);
      });
    }
  }

  it("works with the keyboard alone, with a visible focus ring", async () => {
    const demo = await openPage();
    const focused = () => demo.page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? document.activeElement?.tagName);
    for (let presses = 0; presses < 30 && (await focused()) !== "chat-input"; presses += 1) await demo.page.keyboard.press("Tab");
    expect(await focused()).toBe("chat-input");

    await demo.page.keyboard.type("First line");
    await demo.page.keyboard.press("Shift+Enter");
    await demo.page.keyboard.type("second line");
    expect(await demo.page.getByTestId("chat-input").inputValue()).toBe("First line\nsecond line");
    await demo.page.keyboard.press("Enter");
    await demo.page.locator('[data-testid="message-assistant"][data-state="done"]').waitFor();
    expect(await focused()).toBe("chat-input");

    // Shift+Tab walks back to the answer's Copy button, whose focus ring must show.
    for (let presses = 0; presses < 10 && !(await demo.page.evaluate(() => document.activeElement?.textContent?.includes("Copy"))); presses += 1) {
      await demo.page.keyboard.press("Shift+Tab");
    }
    const outline = await demo.page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      const style = getComputedStyle(element);
      return { text: element.textContent, style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(outline.text).toContain("Copy");
    expect(outline.style).not.toBe("none");
    expect(outline.width).toBeGreaterThan(0);
    await demo.screenshot("keyboard-focus-desktop-light");
  });

  it("links the home page to /ws-demo and shows where answers come from", async () => {
    const demo = await openPage();
    await demo.page.goto(app().server.url);
    await demo.page.getByRole("link", { name: /streaming demo/i }).click();
    await demo.page.waitForURL(/\/ws-demo$/);
    expect(await demo.page.getByTestId("upstream-badge").getAttribute("data-upstream")).toBe("createai");
  });
});
