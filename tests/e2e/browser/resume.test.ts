/**
 * Resumable answers in real Chromium against a production build: a reload mid-answer reads the
 * same answer on from where the page stood, Stop stops it on the server, and a second tab shows
 * the same answer streaming.
 */
import type { Page } from "playwright-core";
import { describe, expect, it, vi } from "vitest";
import { titleFromQuestion } from "@/lib/chat-client/conversation-title";
import { composeAnswer } from "@/scripts/standin/server";
import { hasChromium, warnIfNoChromium } from "./support/chromium";
import { setUpDemoApp } from "./support/demo-app-lifecycle";

warnIfNoChromium("browser tests of resumable answers (tests/e2e/browser/resume.test.ts)");

/** `/demo slow`: the usual answer at 250 ms a chunk, about 21 s in all. */
const SLOW = "/demo slow";
/** Its title in the conversation list. */
const SLOW_TITLE = titleFromQuestion(SLOW);
const SLOW_ANSWER = composeAnswer(SLOW, 1);
const SLOW_ANSWER_MS = 40_000;

interface RecordedAnswerStream {
  lastEventId: string | null;
  text: string;
}

/**
 * Runs in the page before its scripts: records each `GET …/streams/{id}` the chat makes, with
 * its `Last-Event-ID` and the SSE body it received (teed, so the chat reads it untouched).
 */
function recordAnswerStreams(): void {
  const recorded: RecordedAnswerStream[] = [];
  (window as unknown as { __answerStreams: RecordedAnswerStream[] }).__answerStreams = recorded;
  const originalFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const response = await originalFetch(input, init);
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!url.includes("/streams/") || (init?.method ?? "GET") !== "GET" || response.body === null) return response;
    const record: RecordedAnswerStream = { lastEventId: new Headers(init?.headers).get("last-event-id"), text: "" };
    recorded.push(record);
    const [mine, theirs] = response.body.tee();
    void (async () => {
      const reader = mine.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        record.text += decoder.decode(value, { stream: true });
      }
    })();
    return new Response(theirs, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** The SSE events of a recorded body: id, name and data of each. */
function parseSse(text: string): { id: number; type: string; data: { text?: string } }[] {
  return text
    .split("\n\n")
    .filter((block) => block.startsWith("event:"))
    .map((block) => ({
      id: Number(/^id: (.+)$/m.exec(block)?.[1]),
      type: /^event: (.+)$/m.exec(block)?.[1] ?? "",
      data: JSON.parse(/^data: (.+)$/m.exec(block)?.[1] ?? "null") as { text?: string },
    }));
}

/** The last message of the conversation this tab shows, as the chat saved it. */
async function savedAnswer(page: Page): Promise<{ content: string; lastEventId?: number; serverMessageId?: string; state: string }> {
  return page.evaluate(() => {
    // This tab's pointer (`<namespace>#active` in sessionStorage) names the conversation in localStorage.
    const pointer = Object.keys(sessionStorage).find((name) => name.startsWith("createai-chat:v2:") && name.endsWith("#active")) ?? "";
    const key = `${pointer.slice(0, -"#active".length)}#${sessionStorage.getItem(pointer) ?? ""}`;
    const saved = JSON.parse(localStorage.getItem(key) ?? "null") as { messages: { role: string }[] } | null;
    return saved?.messages.at(-1) as never;
  });
}

const answerLength = (page: Page) => page.evaluate(() => document.querySelector('[data-testid="answer-text"]')?.textContent?.length ?? 0);

async function answerLongerThan(page: Page, chars: number): Promise<void> {
  await page.waitForFunction((min) => (document.querySelector('[data-testid="answer-text"]')?.textContent?.length ?? 0) > min, chars);
}

/** Waits for the colour transitions a switch of colour scheme starts, so a screenshot shows one scheme. */
async function transitionsDone(page: Page): Promise<void> {
  await page.evaluate(() => Promise.all(document.getAnimations().filter((animation) => animation instanceof CSSTransition).map((animation) => animation.finished)));
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe.skipIf(!hasChromium)("resumable answers in Chromium", () => {
  const { app, openPage } = setUpDemoApp();

  it("a reload mid-answer reads the same answer on from where the page stood, and it ends whole with nothing repeated", async () => {
    const demo = await openPage();
    const asked = app().standin().requests.length;
    await demo.ask(SLOW);
    await answerLongerThan(demo.page, 60);
    await demo.page.addInitScript(recordAnswerStreams);

    await demo.page.reload();
    await demo.page.locator('[data-testid="chat"][data-hydrated="true"]').waitFor();
    // Saved as the page went away; nothing is saved mid-answer after that, so this is what the resume started from.
    const saved = await savedAnswer(demo.page);
    expect(saved).toMatchObject({ state: "streaming", serverMessageId: expect.any(String), lastEventId: expect.any(Number) });
    expect(saved.content.length).toBeGreaterThan(0);

    // Live again, with Stop, and growing past what was there before the reload.
    await demo.page.locator('[data-testid="message-assistant"][data-state="streaming"]').waitFor();
    await demo.page.getByTestId("stop-button").waitFor();
    await answerLongerThan(demo.page, (await answerLength(demo.page)) + 20);
    for (const [width, height, device] of [[390, 844, "phone"], [1280, 900, "desktop"]] as const) {
      for (const colorScheme of ["light", "dark"] as const) {
        await demo.page.setViewportSize({ width, height });
        await demo.page.emulateMedia({ colorScheme });
        await transitionsDone(demo.page);
        await demo.screenshot(`resumed-streaming-${device}-${colorScheme}`);
      }
    }
    await demo.page.emulateMedia({ colorScheme: "light" });

    await demo.page.locator('[data-testid="message-assistant"][data-state="done"]').waitFor({ timeout: SLOW_ANSWER_MS });
    expect(await demo.settled()).toBe("ready");
    await demo.screenshot("resumed-done-desktop-light");

    // One resume, from the last event the page had applied; the text saved plus the text
    // replayed and streamed after it is exactly the stand-in's answer: nothing lost, nothing twice.
    const streams = await demo.page.evaluate(() => (window as unknown as { __answerStreams: RecordedAnswerStream[] }).__answerStreams);
    expect(streams).toHaveLength(1);
    expect(streams[0]?.lastEventId).toBe(String(saved.lastEventId));
    const events = parseSse(streams[0]?.text ?? "");
    expect(events[0]?.id).toBe((saved.lastEventId ?? 0) + 1);
    expect(events.at(-1)?.type).toBe("done");
    const resumedText = events.filter((event) => event.type === "delta").map((event) => event.data.text).join("");
    expect(saved.content + resumedText).toBe(SLOW_ANSWER);

    // The answer went on: the upstream was asked once, not again after the reload.
    expect(app().standin().requests.slice(asked).map((request) => request.query)).toEqual([SLOW]);
    const shown = (await demo.page.getByTestId("answer-text").textContent()) ?? "";
    for (const passage of ["You asked", "It streams word by word", "学习", "This text comes from a stand-in, not a real model."]) {
      expect(occurrences(shown, passage), passage).toBe(1);
    }
    expect(await demo.answerCount()).toBe(1);
    expect(await demo.page.getByTestId("answer-end-note").count()).toBe(0);
    expect((await savedAnswer(demo.page)).content).toBe(SLOW_ANSWER);
  });

  it("Stop sends DELETE for the answer, which closes the upstream socket long before the detached rule would", async () => {
    const demo = await openPage();
    const deletes: string[] = [];
    demo.page.on("request", (request) => {
      if (request.method() === "DELETE") deletes.push(new URL(request.url()).pathname);
    });
    await demo.ask(SLOW);
    await answerLongerThan(demo.page, 0);
    expect(app().standin().openSockets()).toBeGreaterThan(0);
    // Saved as the answer began: the route's id for it.
    const { serverMessageId } = await savedAnswer(demo.page);

    await demo.page.getByTestId("stop-button").click();

    expect(await demo.settled()).toBe("ready");
    expect(await demo.page.getByTestId("message-assistant").getAttribute("data-state")).toBe("stopped");
    await vi.waitFor(() => expect(deletes).toEqual([`/api/ws-chat/streams/${serverMessageId}`]));
    // The POST going away alone would leave the answer running for WS_CHAT_DETACHED_MS (30 s).
    await vi.waitFor(() => expect(app().standin().openSockets()).toBe(0), { timeout: 5_000 });
  });

  it("a second tab opened mid-answer shows the same conversation and the same answer streaming to its end", async () => {
    const first = await openPage();
    const asked = app().standin().requests.length;
    await first.ask(SLOW);
    await answerLongerThan(first.page, 40);

    // A new tab of the same student opens a new chat; the one in flight is in the list (a drawer
    // on a phone), and picking it shows the answer arriving.
    const second = await openPage({ width: 390, height: 844, freshStorage: false });
    await second.page.getByTestId("conversations-button").click();
    await second.page.getByTestId("conversation-open").filter({ hasText: SLOW_TITLE }).click();
    await second.page.locator('[data-testid="message-assistant"][data-state="streaming"]').waitFor();
    expect(await second.page.getByTestId("message-user").textContent()).toContain(SLOW);
    await second.page.getByTestId("stop-button").waitFor();
    await answerLongerThan(second.page, 60);
    await second.screenshot("second-tab-streaming-phone-light");

    for (const demo of [first, second]) {
      await demo.page.locator('[data-testid="message-assistant"][data-state="done"]').waitFor({ timeout: SLOW_ANSWER_MS });
    }
    const texts = await Promise.all([first, second].map((demo) => demo.page.getByTestId("answer-text").textContent()));
    expect(texts[1]).toBe(texts[0]);
    expect(occurrences(texts[1] ?? "", "You asked")).toBe(1);
    expect((await savedAnswer(second.page)).content).toBe(SLOW_ANSWER);
    expect(app().standin().requests.slice(asked)).toHaveLength(1);
  });
});
