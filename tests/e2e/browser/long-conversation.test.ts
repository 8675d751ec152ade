/**
 * A conversation never dead-ends: in real Chromium against a production build, a student holds
 * a 60-turn conversation with long answers and still gets answer 60.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_CONVERSATION_WINDOW } from "@/lib/chat-client/conversation-window";
import { hasChromium, warnIfNoChromium } from "./support/chromium";
import { setUpDemoApp } from "./support/demo-app-lifecycle";

warnIfNoChromium("browser test of a long conversation (tests/e2e/browser/long-conversation.test.ts)");

/** A 12,000-character answer, sent by the stand-in at once (its `/bench` command). */
const LONG_ANSWER_QUESTION = "/bench chunks=4 size=3000 interval=0";

describe.skipIf(!hasChromium)("a long conversation in Chromium", () => {
  const { openPage } = setUpDemoApp();

  it("holds 60 turns with long answers and gets answer 60, sending a bounded window each time", async () => {
    const demo = await openPage();
    const answerCountReaches = (count: number) =>
      demo.page.waitForFunction((expected) => document.querySelectorAll('[data-testid="message-assistant"]').length === expected, count);
    const bodySizes: number[] = [];
    demo.page.on("request", (request) => {
      if (request.method() === "POST" && request.url().endsWith("/api/ws-chat")) bodySizes.push(request.postData()?.length ?? 0);
    });

    for (let turn = 1; turn < 60; turn += 1) {
      await demo.ask(LONG_ANSWER_QUESTION);
      await answerCountReaches(turn);
      expect(await demo.settled(), `turn ${turn}`).toBe("ready");
    }
    await demo.ask("Question sixty: what is a limit?");
    await answerCountReaches(60);
    expect(await demo.settled()).toBe("ready");

    const answers = demo.page.getByTestId("message-assistant");
    expect(await answers.count()).toBe(60);
    const last = answers.last();
    expect(await last.getAttribute("data-state")).toBe("done");
    expect(await last.textContent()).toContain("Question sixty: what is a limit?");
    expect(await demo.page.getByTestId("chat-error").count()).toBe(0);

    expect(bodySizes).toHaveLength(60);
    // Growing at first, then held by the window: never near the route's 1 MiB body limit.
    expect(Math.max(...bodySizes)).toBeLessThan(DEFAULT_CONVERSATION_WINDOW.maxBytes + 8_000);
    await demo.screenshot("long-conversation-turn-60");
  });
});
