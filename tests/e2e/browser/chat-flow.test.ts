/**
 * The chat as a student uses it, in real Chromium against a production build, with the
 * CreateAI stand-in on a real socket: streaming, Stop, errors and Retry, reload, scrolling.
 */
import { describe, expect, it, vi } from "vitest";
import { composeAnswer } from "@/scripts/standin/server";
import { hasChromium, warnIfNoChromium } from "./support/chromium";
import { setUpDemoApp } from "./support/demo-app-lifecycle";

warnIfNoChromium("browser tests of the chat (tests/e2e/browser/chat-flow.test.ts)");

describe.skipIf(!hasChromium)("the chat in Chromium", () => {
  const { app, openPage } = setUpDemoApp();

  it("streams an answer that grows through several visible states, then shows it done as Markdown", async () => {
    const demo = await openPage();
    // Record every length the answer shows on screen, as the reader would see it grow.
    await demo.page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { __answerLengths: number[] }).__answerLengths = seen;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="answer-text"]')?.textContent ?? "";
        if (seen.at(-1) !== text.length) seen.push(text.length);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });

    await demo.ask("What is osmosis?");
    await demo.page.getByTestId("stop-button").waitFor();
    await demo.page.locator('[data-testid="message-assistant"][data-state="done"]').waitFor();

    // Rendered length is not monotonic (a half-arrived table row shows its pipes until the
    // header row completes it), so: several distinct states, ending with the whole answer.
    const lengths = await demo.page.evaluate(() => (window as unknown as { __answerLengths: number[] }).__answerLengths);
    const visible = lengths.filter((length) => length > 0);
    expect(new Set(visible).size).toBeGreaterThanOrEqual(3);
    expect(visible.at(-1)).toBe((await demo.page.getByTestId("answer-text").textContent())?.length);

    const answer = demo.page.getByTestId("message-assistant");
    expect(await answer.locator("table td").first().textContent()).toBe("1");
    expect(await answer.locator("pre code").textContent()).toContain("const turn = 1;");
    expect(await answer.locator("li").count()).toBe(3);
    expect(await answer.locator("strong").first().textContent()).toBe("Turn 1.");
    // The whole answer arrived: its last sentence is there, and nothing says it is incomplete.
    expect(await answer.textContent()).toContain(composeAnswer("What is osmosis?", 1).split("\n").at(-1));
    expect(await demo.page.getByTestId("answer-end-note").count()).toBe(0);
    expect(await demo.page.getByTestId("send-button").isVisible()).toBe(true);
    await demo.screenshot("answer-done-desktop-light");
  });

  it("Stop mid-answer makes the chat ready again and closes the upstream socket", async () => {
    const demo = await openPage();
    await demo.ask("/demo slow");
    await demo.page.waitForFunction(() => (document.querySelector('[data-testid="answer-text"]')?.textContent?.length ?? 0) > 0);
    expect(app().standin().openSockets()).toBeGreaterThan(0);

    await demo.page.getByTestId("stop-button").click();

    await demo.page.getByTestId("send-button").waitFor();
    expect(await demo.settled()).toBe("ready");
    expect(await demo.page.getByTestId("message-assistant").getAttribute("data-state")).toBe("stopped");
    expect((await demo.page.getByTestId("answer-text").textContent())?.length).toBeGreaterThan(0);
    expect(await demo.page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("chat-input");
    await vi.waitFor(() => expect(app().standin().openSockets()).toBe(0), { timeout: 5_000 });
    await demo.screenshot("stopped-desktop-light");
  });

  it("shows an error with the partial answer kept, and Retry asks again and succeeds once the upstream is back", async () => {
    // The upstream drops every answer halfway for the first attempt…
    await app().swapStandin("drop-mid-answer");
    const demo = await openPage();
    await demo.ask("Explain diffusion");
    await demo.page.getByTestId("retry-button").waitFor();
    expect(await demo.page.getByTestId("message-assistant").getAttribute("data-state")).toBe("interrupted");
    expect((await demo.page.getByTestId("answer-text").textContent())?.length).toBeGreaterThan(0);
    expect(await demo.page.getByTestId("chat-error").textContent()).toContain("lost before the answer was complete");
    await demo.screenshot("error-retry-desktop-light");

    // …then it recovers, as a real outage does, and Retry sends the same question again.
    const healthy = await app().swapStandin("none");
    await demo.page.getByTestId("retry-button").click();
    await demo.page.locator('[data-testid="message-assistant"][data-state="done"]').waitFor();

    expect(healthy.requests.map((request) => request.query)).toEqual(["Explain diffusion"]);
    expect(await demo.page.getByTestId("message-user").count()).toBe(1);
    expect(await demo.answerCount()).toBe(1);
    expect(await demo.page.getByTestId("retry-button").count()).toBe(0);
    expect(await demo.page.getByTestId("answer-text").textContent()).toContain("You asked: “Explain diffusion”");
  });

  it("Retry after /demo error sends the same question to the upstream again", async () => {
    const demo = await openPage();
    const before = app().standin().requests.length;
    await demo.ask("/demo error");
    await demo.page.getByTestId("retry-button").waitFor();
    await demo.page.getByTestId("retry-button").click();
    // /demo error always fails, so the second attempt ends in the same error: what matters is that it went out.
    await vi.waitFor(() => expect(app().standin().requests.length).toBe(before + 2), { timeout: 10_000 });
    expect(app().standin().requests.slice(before).map((request) => request.query)).toEqual(["/demo error", "/demo error"]);
    await demo.page.getByTestId("retry-button").waitFor();
    expect(await demo.answerCount()).toBe(1);
  });

  it("keeps the conversation across a reload, and New chat starts an empty one, keeping the first in the list", async () => {
    const demo = await openPage();
    await demo.ask("Remember this question");
    await demo.page.locator('[data-testid="message-assistant"][data-state="done"]').waitFor();
    const answer = await demo.page.getByTestId("answer-text").textContent();

    await demo.page.reload();
    await demo.page.locator('[data-testid="chat"][data-hydrated="true"]').waitFor();
    await demo.page.getByTestId("message-user").waitFor();
    expect(await demo.page.getByTestId("message-user").textContent()).toContain("Remember this question");
    expect(await demo.page.getByTestId("answer-text").textContent()).toBe(answer);

    await demo.page.getByTestId("new-chat-button").click();
    expect(await demo.page.getByTestId("message-user").count()).toBe(0);
    await demo.page.reload();
    await demo.page.locator('[data-testid="chat"][data-hydrated="true"]').waitFor();
    expect(await demo.page.getByTestId("message-user").count()).toBe(0);
    expect(await demo.page.getByTestId("conversation-item").allTextContents()).toEqual(["Remember this question"]);
  });

  it("follows a long answer, stops following when the reader scrolls up, and Jump to latest catches up", async () => {
    const demo = await openPage({ width: 390, height: 844 });
    const list = demo.page.getByTestId("message-list");
    const distanceFromBottom = () => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    await demo.ask("/demo long");
    await demo.page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="message-list"]');
      return el !== null && el.scrollHeight > el.clientHeight * 1.5;
    });
    expect(await distanceFromBottom()).toBeLessThanOrEqual(40);

    await list.hover();
    await demo.page.mouse.wheel(0, -400);
    await demo.page.getByTestId("jump-to-latest").waitFor();
    await demo.screenshot("jump-to-latest-phone-light");
    await demo.page.locator('[data-testid="message-assistant"][data-state="done"]').waitFor();
    expect(await distanceFromBottom()).toBeGreaterThan(40);

    await demo.page.getByTestId("jump-to-latest").click();
    expect(await distanceFromBottom()).toBeLessThanOrEqual(40);
    await demo.page.getByTestId("jump-to-latest").waitFor({ state: "detached" });
  });
});
