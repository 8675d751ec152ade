/**
 * What a student sees when something goes wrong or takes long: sentences instead of the route's
 * developer messages, Retry only where asking again can help, a refused question back in the
 * box, the question box's limit, and a word when an answer goes quiet.
 */
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { StudyCoachChat } from "@/components/chat/StudyCoachChat";
import { SLOW_ANSWER_AFTER_MS } from "@/components/chat/use-slow-answer";
import { MAX_QUESTION_CHARS } from "@/lib/chat-client/limits";
import { REQUEST_LIMITS } from "@/lib/chat-stream/request-schema";
import { server } from "./support/msw-server";
import { routeAnswers, scriptedStream } from "./support/sse-stream";

function setup(answers: Parameters<typeof routeAnswers>[0]) {
  const route = routeAnswers(answers);
  server.use(route.handler);
  const user = userEvent.setup();
  render(<StudyCoachChat storageKey={false} />);
  return { ...route, user };
}

const input = () => screen.getByTestId("chat-input") as HTMLTextAreaElement;
const refusal = (status: number, code: string, message: string, headers?: Record<string, string>) => () =>
  HttpResponse.json({ error: { code, message } }, { status, headers });

async function ask(user: ReturnType<typeof userEvent.setup>, question: string): Promise<void> {
  await user.type(input(), question);
  await user.keyboard("{Enter}");
}

describe("chat failures, as a student reads them", () => {
  it("shows a plain sentence for a 400, never the route's developer message", async () => {
    const { user } = setup([refusal(400, "bad_request", "Invalid request: messages[0].content the question must not be empty.")]);
    await ask(user, "What is osmosis?");

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("couldn't be sent as written");
    expect(alert.textContent).not.toMatch(/messages\[|Invalid request/);
  });

  it.each([
    [400, "bad_request", "Invalid request: messages[2].content must be at most 32000 characters."],
    [413, "payload_too_large", "The request body is larger than the limit of 1048576 bytes (WS_CHAT_MAX_BODY_BYTES)."],
    [415, "bad_request", "The body must be JSON sent as Content-Type: application/json (got text/plain)."],
  ])("offers no Retry for a %i, which would fail again as sent", async (status, code, message) => {
    const { user } = setup([refusal(status, code, message)]);
    await ask(user, "My question");

    const alert = await screen.findByRole("alert");
    expect(alert.dataset.code).toBe(code);
    expect(alert.textContent).not.toContain(message);
    expect(screen.queryByTestId("retry-button")).toBeNull();
  });

  it("tells a student to shorten the question or start a new chat when the conversation is too large", async () => {
    const { user } = setup([refusal(413, "payload_too_large", "The request body is larger than the limit of 1048576 bytes (WS_CHAT_MAX_BODY_BYTES).")]);
    await ask(user, "One more question");
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toMatch(/shorten your question/i);
    expect(alert.textContent).toMatch(/new chat/i);
  });

  it("offers Retry for a 502", async () => {
    const { user } = setup([refusal(502, "upstream_unavailable", "CreateAI refused the connection (ECONNREFUSED).")]);
    await ask(user, "Anyone there?");
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("can't be reached right now");
    expect(alert.textContent).not.toContain("ECONNREFUSED");
    expect(screen.getByTestId("retry-button")).toBeTruthy();
  });

  it("says how long to wait when rate limited, from Retry-After", async () => {
    const { user } = setup([
      refusal(429, "rate_limited", "Too many requests: the limit is 20 per 60 s (WS_CHAT_RATE_LIMIT). Try again in 25 s.", { "Retry-After": "25" }),
    ]);
    await ask(user, "Quick question");
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("wait 25 seconds");
    expect(alert.textContent).not.toContain("WS_CHAT_RATE_LIMIT");
    expect(screen.getByTestId("retry-button")).toBeTruthy();
  });

  it("says the same for the same code whatever the route's message, and nothing about settings", async () => {
    const { user } = setup([refusal(409, "duplicate", "This message (abc) was already sent within the last 60000 ms (WS_CHAT_DEDUP_MS); the first request answers it.")]);
    await ask(user, "Again?");
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).not.toMatch(/WS_CHAT_DEDUP_MS|ms\b/);
    expect(alert.textContent).toContain("already sent");
  });
});

describe("a refused question", () => {
  it("comes back into the question box, out of the conversation, to be edited and sent again", async () => {
    const healthy = scriptedStream();
    const { user, requests } = setup([refusal(400, "bad_request", "Invalid request: messages[0].content must be at most 32000 characters."), healthy]);
    await ask(user, "A question that was refused");

    await screen.findByRole("alert");
    expect(input().value).toBe("A question that was refused");
    expect(screen.queryAllByTestId("message-user")).toHaveLength(0);

    await user.clear(input());
    await ask(user, "A shorter question");
    await act(async () => healthy.done("An answer."));
    await waitFor(() => expect(screen.getByTestId("message-assistant").dataset.state).toBe("done"));
    expect(screen.queryByRole("alert")).toBeNull();
    expect(requests[1]?.body.messages).toEqual([{ role: "user", content: "A shorter question" }]);
    expect(screen.getAllByTestId("message-user").map((element) => element.textContent)).toEqual(["You: A shorter question"]);
  });

  it("is sent as it was by Retry, which empties the box again", async () => {
    const healthy = scriptedStream();
    const { user, requests } = setup([refusal(503, "overloaded", "The server is answering its maximum of 200 streams at once (WS_CHAT_MAX_STREAMS)."), healthy]);
    await ask(user, "Busy?");
    await screen.findByRole("alert");
    expect(input().value).toBe("Busy?");

    await user.click(screen.getByTestId("retry-button"));
    expect(input().value).toBe("");
    await act(async () => healthy.done("Not any more."));
    await waitFor(() => expect(screen.getByTestId("message-assistant").dataset.state).toBe("done"));
    expect(requests.map((request) => request.body.messages)).toEqual([
      [{ role: "user", content: "Busy?" }],
      [{ role: "user", content: "Busy?" }],
    ]);
    expect(screen.getAllByTestId("message-user")).toHaveLength(1);
  });
});

describe("the question box's limit", () => {
  it("is the route's per-message limit", () => {
    expect(MAX_QUESTION_CHARS).toBe(REQUEST_LIMITS.maxMessageChars);
    setup([]);
    expect(input().maxLength).toBe(MAX_QUESTION_CHARS);
  });

  it("shows characters left from 80% of the limit, and says so, accessibly, when the limit is reached", async () => {
    const { user } = setup([]);
    const announcer = screen.getByTestId("question-limit-announcer");
    expect(announcer.getAttribute("aria-live")).toBe("polite");
    await user.click(input());

    await user.paste("x".repeat(MAX_QUESTION_CHARS * 0.8 - 1));
    expect(screen.queryByTestId("question-counter")).toBeNull();
    expect(announcer.textContent).toBe("");

    await user.paste("x");
    const counter = screen.getByTestId("question-counter");
    expect(counter.textContent).toBe("6,400 characters left");
    expect(input().getAttribute("aria-describedby")).toContain(counter.id);
    expect(announcer.textContent).toContain("nearing the limit of 32,000 characters");

    await user.paste("y".repeat(10_000));
    expect(input().value).toHaveLength(MAX_QUESTION_CHARS);
    expect(screen.getByTestId("question-counter").textContent).toBe("You've reached the limit of 32,000 characters.");
    expect(announcer.textContent).toBe("You've reached the limit of 32,000 characters.");
    expect((screen.getByTestId("send-button") as HTMLButtonElement).disabled).toBe(false);
  });
});

describe("a slow answer", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Sends a question with fake timers, so the silence is measured on a clock the test moves. */
  function askWithFakeClock() {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const stream = scriptedStream();
    setup([stream]);
    fireEvent.change(input(), { target: { value: "Take your time" } });
    fireEvent.click(screen.getByTestId("send-button"));
    return stream;
  }

  const notice = () => screen.queryByTestId("slow-answer-notice");
  const advance = (ms: number) => act(() => vi.advanceTimersByTime(ms));
  /**
   * Waits for what the stream sent to reach the screen: the response settles in real time, the
   * frames that publish it run on the fake clock. (Testing Library's waitFor would wait on a fake timer.)
   */
  const until = (check: () => void) =>
    vi.waitFor(
      async () => {
        await act(async () => vi.advanceTimersByTime(16));
        check();
      },
      { timeout: 2_000, interval: 5 },
    );

  it("shows only the typing dots at first, then says it is taking longer than usual, with Stop at hand", async () => {
    askWithFakeClock();
    expect(screen.getByTestId("typing-indicator")).toBeTruthy();

    advance(SLOW_ANSWER_AFTER_MS - 1);
    expect(notice()).toBeNull();
    advance(1);
    expect(notice()?.textContent).toContain("This answer is taking longer than usual…");
    expect(screen.getByTestId("chat-announcer").textContent).toContain("taking longer than usual");

    fireEvent.click(screen.getByTestId("slow-answer-stop"));
    expect(screen.getByTestId("message-assistant").dataset.state).toBe("stopped");
    expect(notice()).toBeNull();
    expect(document.activeElement).toBe(input());
  });

  it("counts the silence from the latest text, and goes away when text arrives", async () => {
    const stream = askWithFakeClock();
    stream.start();
    stream.delta("The first words");
    await until(() => expect(screen.getByTestId("answer-text").textContent).toContain("The first words"));

    // The text reached the screen within a poll (a frame or so) of the moment the silence began.
    advance(SLOW_ANSWER_AFTER_MS - 50);
    expect(notice()).toBeNull();
    advance(50);
    expect(notice()).not.toBeNull();

    stream.delta(", and more.");
    await until(() => expect(screen.getByTestId("answer-text").textContent).toContain("and more."));
    expect(notice()).toBeNull();

    stream.done("The first words, and more.");
    await until(() => expect(screen.getByTestId("message-assistant").dataset.state).toBe("done"));
    advance(SLOW_ANSWER_AFTER_MS * 2);
    expect(notice()).toBeNull();
  });
});
