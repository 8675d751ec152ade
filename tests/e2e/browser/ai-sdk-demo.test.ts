/**
 * `/ai-sdk-demo` in real Chromium against a production build: the AI SDK's `useChat` talking to
 * `/api/ws-chat` in the UI message stream protocol (and to `/api/ai-sdk-example`, `streamText`
 * over the CreateAI provider), with the stand-in on a real socket behind both.
 */
import { describe, expect, it, vi } from "vitest";
import { composeAnswer } from "@/scripts/standin/server";
import { hasChromium, warnIfNoChromium } from "./support/chromium";
import type { DemoPage } from "./support/demo-app";
import { setUpDemoApp } from "./support/demo-app-lifecycle";

warnIfNoChromium("browser tests of the AI SDK demo (tests/e2e/browser/ai-sdk-demo.test.ts)");

const LAST_LINE = composeAnswer("", 1).split("\n").at(-1) as string;

async function doneAnswer(demo: DemoPage): Promise<void> {
  await demo.page.locator('[data-testid="message-assistant"][data-state="done"]').waitFor();
}

describe.skipIf(!hasChromium)("the AI SDK demo in Chromium", () => {
  const { app, openPage } = setUpDemoApp();

  it("is linked from the home page", async () => {
    const demo = await openPage();
    await demo.page.goto(new URL("/", app().server.url).toString());
    await demo.page.getByRole("link", { name: /AI SDK/ }).click();
    await demo.page.waitForURL(/\/ai-sdk-demo$/);
    await demo.page.locator('[data-testid="chat"][data-hydrated="true"]').waitFor();
  });

  it.each([
    ["desktop", 1280, 900, "light"],
    ["desktop", 1280, 900, "dark"],
    ["phone", 390, 844, "light"],
    ["phone", 390, 844, "dark"],
  ] as const)("answers a question over /api/ws-chat with the stand-in's whole answer as Markdown (%s %i×%i, %s)", async (device, width, height, colorScheme) => {
    const demo = await openPage({ path: "/ai-sdk-demo", width, height, colorScheme });
    const posts: string[] = [];
    demo.page.on("request", (request) => {
      if (request.method() === "POST") posts.push(new URL(request.url()).pathname);
    });
    await demo.ask("What is osmosis?");
    await doneAnswer(demo);

    expect(posts).toEqual(["/api/ws-chat"]);
    const answer = demo.page.getByTestId("message-assistant");
    expect(await answer.locator("strong").first().textContent()).toBe("Turn 1.");
    expect(await answer.locator("li").count()).toBe(3);
    expect(await answer.locator("table td").first().textContent()).toBe("1");
    expect(await answer.locator("pre code").textContent()).toContain("const turn = 1;");
    expect(await answer.textContent()).toContain(LAST_LINE);
    expect(await demo.settled()).toBe("ready");
    // The page never scrolls sideways, on a phone either.
    expect(await demo.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await demo.screenshot(`ai-sdk-demo-${device}-${colorScheme}`);
  });

  it("sends the earlier turns along with the next question", async () => {
    const demo = await openPage({ path: "/ai-sdk-demo" });
    await demo.ask("First question");
    await doneAnswer(demo);
    await demo.ask("Second question");
    await demo.page.locator('[data-testid="message-assistant"][data-state="done"]').nth(1).waitFor();
    expect(await demo.page.getByTestId("message-assistant").nth(1).locator("strong").first().textContent()).toBe("Turn 2.");
    expect(app().standin().requests.at(-1)).toMatchObject({ query: "Second question", model_params: { history: [{ query: "First question" }] } });
  });

  it("Stop ends the answer on the server too: DELETE with the answer's id, and the upstream socket closes", async () => {
    const demo = await openPage({ path: "/ai-sdk-demo" });
    const deletes: Array<Promise<number>> = [];
    demo.page.on("request", (request) => {
      if (request.method() === "DELETE") deletes.push(request.response().then((response) => response?.status() ?? 0));
    });
    await demo.ask("/demo slow");
    await demo.page.waitForFunction(() => (document.querySelector('[data-testid="answer-text"]')?.textContent?.length ?? 0) > 0);
    expect(app().standin().openSockets()).toBeGreaterThan(0);

    await demo.page.getByTestId("stop-button").click();
    await demo.page.getByTestId("send-button").waitFor();
    expect(await demo.page.getByTestId("message-assistant").getAttribute("data-state")).toBe("stopped");
    await vi.waitFor(() => expect(deletes).toHaveLength(1));
    expect(await deletes[0]).toBe(202);
    await vi.waitFor(() => expect(app().standin().openSockets()).toBe(0), { timeout: 5_000 });
    await demo.screenshot("ai-sdk-demo-stopped-desktop-light");
  });

  it("re-attaches to the answer after a reload mid-answer (resume), and Stop still reaches it", async () => {
    const demo = await openPage({ path: "/ai-sdk-demo" });
    await demo.ask("/demo slow");
    await demo.page.waitForFunction(() => (document.querySelector('[data-testid="answer-text"]')?.textContent?.length ?? 0) > 0);
    const before = (await demo.page.getByTestId("answer-text").textContent())?.length ?? 0;

    await demo.page.reload();
    await demo.page.locator('[data-testid="chat"][data-hydrated="true"]').waitFor();
    // The replay brings back what was there, and the answer goes on growing live.
    await demo.page.waitForFunction((length) => (document.querySelector('[data-testid="answer-text"]')?.textContent?.length ?? 0) > length, before);
    expect(await demo.page.getByTestId("message-user").textContent()).toContain("/demo slow");
    expect(await demo.page.getByTestId("message-assistant").count()).toBe(1);
    expect(await demo.page.getByTestId("message-assistant").getAttribute("data-state")).toBe("streaming");

    await demo.page.getByTestId("stop-button").click();
    await demo.page.getByTestId("send-button").waitFor();
    expect(await demo.page.getByTestId("message-assistant").getAttribute("data-state")).toBe("stopped");
    await vi.waitFor(() => expect(app().standin().openSockets()).toBe(0), { timeout: 5_000 });
  });

  it("shows an error with the partial answer kept when the upstream drops mid-answer", async () => {
    const demo = await openPage({ path: "/ai-sdk-demo", width: 390, height: 844, colorScheme: "dark" });
    await demo.ask("/demo error");
    await demo.page.getByTestId("chat-error").waitFor();
    expect(await demo.page.getByTestId("chat-error").textContent()).toContain("lost before the answer was complete");
    expect(await demo.page.getByTestId("message-assistant").getAttribute("data-state")).toBe("interrupted");
    expect((await demo.page.getByTestId("answer-text").textContent())?.length).toBeGreaterThan(0);
    await demo.screenshot("ai-sdk-demo-error-phone-dark");
  });

  it("answers over /api/ai-sdk-example (streamText with the CreateAI provider) as well", async () => {
    const demo = await openPage({ path: "/ai-sdk-demo?route=example" });
    const posts: string[] = [];
    demo.page.on("request", (request) => {
      if (request.method() === "POST") posts.push(new URL(request.url()).pathname);
    });
    await demo.ask("What is a gene?");
    await doneAnswer(demo);
    expect(posts).toEqual(["/api/ai-sdk-example"]);
    expect(await demo.page.getByTestId("message-assistant").textContent()).toContain(LAST_LINE);
    expect(await demo.page.getByTestId("route-example").getAttribute("aria-current")).toBe("page");
  });
});
