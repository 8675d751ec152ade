/**
 * Answers a student studies from, in real Chromium against a production build: `/demo math`
 * typeset by KaTeX (under the app's CSP, fonts and all), its code blocks coloured by Shiki in a
 * worker, Copy on a code block, and how it all looks on a phone and a desktop, light and dark.
 */
import type { Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { composeMathAnswer } from "@/scripts/standin/answers";
import { seriousViolations } from "./support/axe";
import { hasChromium, warnIfNoChromium } from "./support/chromium";
import { setUpDemoApp } from "./support/demo-app-lifecycle";
import type { DemoPage } from "./support/demo-app";

warnIfNoChromium("browser tests of answers with math and code (tests/e2e/browser/rich-answers.test.ts)");

const PYTHON = /```python\n([\s\S]*?)\n```/.exec(composeMathAnswer(1))?.[1] ?? "";

/** Asks `/demo math` and waits until it is done and both of its code blocks are coloured. */
async function askMath(demo: DemoPage): Promise<Locator> {
  await demo.ask("/demo math");
  await demo.page.locator('[data-testid="message-assistant"][data-state="done"]').waitFor();
  const answer = demo.page.getByTestId("message-assistant").last();
  await answer.locator('[data-testid="code-block"][data-highlighted="true"]').nth(1).waitFor();
  // KaTeX's fonts are loaded by the time anything is measured or photographed.
  await demo.page.evaluate(() => document.fonts.ready.then(() => undefined));
  return answer;
}

describe.skipIf(!hasChromium)("answers with math and code in Chromium", () => {
  const { app, openPage } = setUpDemoApp();

  it("typesets inline and display math in all four delimiters, and leaves prices as text", async () => {
    const demo = await openPage();
    const answer = await askMath(demo);
    const formulas = await answer.locator(".katex").evaluateAll((nodes) => nodes.map((node) => ({
      display: node.closest(".katex-display") !== null,
      tex: node.querySelector('annotation[encoding="application/x-tex"]')?.textContent ?? "",
    })));
    expect(formulas.filter((formula) => !formula.display).map((formula) => formula.tex)).toEqual(["r", "A = \\pi r^2", "C = 2\\pi r", "\\frac{C}{A} = \\frac{2}{r}"]);
    expect(formulas.filter((formula) => formula.display)).toHaveLength(3);
    expect(await answer.locator(".katex-error").count()).toBe(0);
    expect(await answer.textContent()).toContain("the textbook costs $5 and the lab kit $10, so $15 in all.");
    // KaTeX's own fonts, served by the app itself (the CSP allows no other origin).
    const fonts = await demo.page.evaluate(() => [...document.fonts].filter((font) => font.family.includes("KaTeX") && font.status === "loaded").length);
    expect(fonts).toBeGreaterThan(0);
  });

  it("colours both code blocks with a language label, and Copy copies exactly the code", async () => {
    const demo = await openPage();
    await demo.page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: app().server.url });
    const answer = await askMath(demo);
    expect(await answer.getByTestId("code-language").allTextContents()).toEqual(["Python", "TypeScript"]);

    const python = answer.getByTestId("code-block").first();
    const colours = await python.locator("pre code span[style]").evaluateAll((spans) => new Set(spans.map((span) => getComputedStyle(span).color)).size);
    expect(colours).toBeGreaterThanOrEqual(3);
    expect(await python.locator("pre code").textContent()).toBe(`${PYTHON}\n`);

    await python.getByRole("button", { name: "Copy Python code" }).click();
    await python.getByRole("button", { name: "Copied" }).waitFor();
    expect(await demo.page.evaluate(() => navigator.clipboard.readText())).toBe(PYTHON);
    expect(await seriousViolations(demo.page)).toEqual([]);
  });

  it("switches the code's colours with the colour scheme, and meets contrast in the dark", async () => {
    const demo = await openPage({ colorScheme: "dark" });
    const answer = await askMath(demo);
    const keyword = answer.getByTestId("code-block").first().locator("pre code span", { hasText: /^def$/ });
    expect(await keyword.evaluate((span) => getComputedStyle(span).color)).toBe("rgb(255, 123, 114)");
    expect(await seriousViolations(demo.page)).toEqual([]);
    await demo.page.emulateMedia({ colorScheme: "light" });
    expect(await keyword.evaluate((span) => getComputedStyle(span).color)).toBe("rgb(207, 34, 46)");
  });

  for (const [device, size] of [
    ["phone", { width: 390, height: 844 }],
    ["desktop", { width: 1280, height: 900 }],
  ] as const) {
    for (const colorScheme of ["light", "dark"] as const) {
      it(`fits a ${device} screen in ${colorScheme} mode: wide code and formulas scroll inside the answer`, async () => {
        const demo = await openPage({ ...size, colorScheme });
        const answer = await askMath(demo);
        await answer.locator(".katex-display").first().scrollIntoViewIfNeeded();
        await demo.screenshot(`rich-answer-${device}-${colorScheme}-math`);
        await answer.getByTestId("code-block").last().scrollIntoViewIfNeeded();
        await demo.screenshot(`rich-answer-${device}-${colorScheme}-code`);

        expect(await demo.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
        const answerWidth = await answer.evaluate((node) => node.getBoundingClientRect().width);
        for (const block of await answer.locator("pre, .katex-display").all()) {
          expect(await block.evaluate((node) => node.getBoundingClientRect().width)).toBeLessThanOrEqual(answerWidth);
        }
        if (device === "phone") {
          // The TypeScript lines are longer than a phone is wide: the block scrolls, the page does not.
          const code = answer.getByTestId("code-block").last().locator("pre");
          expect(await code.evaluate((node) => node.scrollWidth > node.clientWidth)).toBe(true);
        }
      });
    }
  }
});
