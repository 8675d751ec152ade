import { http, HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import { createChatController } from "@/lib/chat-client/chat-controller";
import { controllerHarness, lastAnswer, manualFrames } from "./support/controller";
import { server } from "./support/msw-server";
import { routeAnswers, scriptedStream, signalRecordingFetch } from "./support/sse-stream";

describe("chat controller: one answer", () => {
  it("goes ready → submitted → streaming → ready, growing the answer and ending with done's text", async () => {
    const stream = scriptedStream();
    const { handler, requests } = routeAnswers([stream]);
    server.use(handler);
    const { chat, until, statuses } = controllerHarness();

    expect(chat.send("  What is osmosis?  ")).toBe(true);
    expect(chat.getSnapshot().status).toBe("submitted");
    stream.start();
    stream.delta("Water moves ");
    await until((s) => lastAnswer(s)?.content === "Water moves ");
    expect(chat.getSnapshot().status).toBe("streaming");
    stream.delta("across a membrane.");
    await until((s) => lastAnswer(s)?.content === "Water moves across a membrane.");
    stream.done("Water moves across a membrane.");
    const end = await until((s) => s.status === "ready");

    expect(statuses()).toEqual(["submitted", "streaming", "ready"]);
    expect(end.messages).toMatchObject([
      { role: "user", content: "What is osmosis?" },
      { role: "assistant", content: "Water moves across a membrane.", state: "done", upstream: "local", figures: { chunks: 2, chars: 30 } },
    ]);
    expect(requests[0]?.accept).toBe("text/event-stream");
  });

  it("sends the conversation, its session, a client message id and the scoping options", async () => {
    const first = scriptedStream();
    const second = scriptedStream();
    const { handler, requests } = routeAnswers([first, second]);
    server.use(handler);
    const { chat, until } = controllerHarness({
      courseId: "BIO-101",
      studentId: "s-42",
      preparationPageId: "week-3",
      systemPrompt: "Be brief.",
      temperature: 0.3,
      model: { provider: "openai", name: "gpt4o" },
    });

    chat.send("First?");
    first.start("local", "s1.issued-by-the-route");
    first.delta("One.");
    first.done("One.");
    await until((s) => s.status === "ready");
    chat.send("Second?");
    second.done("");
    await until((s) => s.status === "ready");

    const [a, b] = requests.map((request) => request.body);
    expect(a).toMatchObject({
      messages: [{ role: "user", content: "First?" }],
      courseId: "BIO-101",
      studentId: "s-42",
      preparationPageId: "week-3",
      systemPrompt: "Be brief.",
      temperature: 0.3,
      model: { provider: "openai", name: "gpt4o" },
    });
    expect(b?.messages).toEqual([
      { role: "user", content: "First?" },
      { role: "assistant", content: "One." },
      { role: "user", content: "Second?" },
    ]);
    // A new conversation sends no session; the route issues one and the next question sends it back.
    expect(a).not.toHaveProperty("sessionId");
    expect(b?.sessionId).toBe("s1.issued-by-the-route");
    expect(a?.clientMessageId).toBe(chat.getSnapshot().messages[0]?.id);
    expect(b?.clientMessageId).not.toBe(a?.clientMessageId);
  });

  it("refuses an empty question and a second question while one is answered", async () => {
    const stream = scriptedStream();
    const { handler, requests } = routeAnswers([stream]);
    server.use(handler);
    const { chat, until } = controllerHarness();
    expect(chat.send("   ")).toBe(false);
    expect(chat.send("Real question")).toBe(true);
    expect(chat.send("Impatient follow-up")).toBe(false);
    stream.done("ok");
    await until((s) => s.status === "ready");
    expect(requests).toHaveLength(1);
  });
});

describe("chat controller: failures", () => {
  it("takes a refused question back out of the conversation, keeping its text and the route's own message", async () => {
    const { handler } = routeAnswers([
      () => HttpResponse.json({ error: { code: "upstream_timeout", message: "The AI service took too long to answer." } }, { status: 504 }),
    ]);
    server.use(handler);
    const { chat, until } = controllerHarness({ initialMessages: [{ role: "assistant", content: "Hi!" }] });
    chat.send("Anyone there?");
    const failed = await until((s) => s.status === "error");
    expect(failed.error).toMatchObject({
      code: "upstream_timeout",
      status: 504,
      retryable: true,
      question: "Anyone there?",
      detail: "The AI service took too long to answer.",
    });
    expect(failed.error?.message).not.toBe(failed.error?.detail);
    expect(failed.messages.map((m) => m.content)).toEqual(["Hi!"]);
  });

  it("retry after a refusal sends the refused question again", async () => {
    const healthy = scriptedStream();
    const { handler, requests } = routeAnswers([
      () => HttpResponse.json({ error: { code: "rate_limited", message: "Too many requests." } }, { status: 429, headers: { "Retry-After": "12" } }),
      healthy,
    ]);
    server.use(handler);
    const { chat, until } = controllerHarness();
    chat.send("Twice?");
    const failed = await until((s) => s.status === "error");
    expect(failed.error).toMatchObject({ code: "rate_limited", retryAfterSeconds: 12, retryable: true });
    expect(failed.error?.message).toContain("12 seconds");

    expect(chat.retry()).toBe(true);
    healthy.done("Once.");
    const done = await until((s) => s.status === "ready");
    expect(done.messages.map((m) => m.content)).toEqual(["Twice?", "Once."]);
    expect(requests[1]?.body.messages).toEqual([{ role: "user", content: "Twice?" }]);
  });

  it("shows a generic message for an error response that is not the route's JSON", async () => {
    const { handler } = routeAnswers([() => new HttpResponse("<html>Bad gateway</html>", { status: 502, headers: { "Content-Type": "text/html" } })]);
    server.use(handler);
    const { chat, until } = controllerHarness();
    chat.send("Hello?");
    const failed = await until((s) => s.status === "error");
    expect(failed.error?.code).toBe("upstream_unavailable");
    expect(failed.error?.message).not.toContain("html");
  });

  it("reports a network failure as code network", async () => {
    server.use(http.post("/api/ws-chat", () => HttpResponse.error()));
    const { chat, until } = controllerHarness();
    chat.send("Hello?");
    expect((await until((s) => s.status === "error")).error?.code).toBe("network");
  });

  it("treats a 200 that is not an event stream as a bad response", async () => {
    server.use(http.post("/api/ws-chat", () => HttpResponse.text("plain answer")));
    const { chat, until } = controllerHarness();
    chat.send("Hello?");
    expect((await until((s) => s.status === "error")).error?.code).toBe("bad_response");
  });

  it("keeps the partial answer, marked interrupted, when the stream ends without done", async () => {
    const stream = scriptedStream();
    server.use(routeAnswers([stream]).handler);
    const { chat, until } = controllerHarness();
    chat.send("Tell me everything");
    stream.delta("The first half");
    stream.end();
    const failed = await until((s) => s.status === "error");
    expect(failed.error?.code).toBe("interrupted");
    expect(lastAnswer(failed)).toMatchObject({ content: "The first half", state: "interrupted" });
  });

  it("keeps the partial answer when the stream ends with an error event", async () => {
    const stream = scriptedStream();
    server.use(routeAnswers([stream]).handler);
    const { chat, until } = controllerHarness();
    chat.send("/demo error");
    stream.delta("Some text");
    stream.error("upstream_closed", "The connection to the AI service was lost before the answer was complete.");
    const failed = await until((s) => s.status === "error");
    expect(failed.error).toMatchObject({ code: "upstream_closed", retryable: true, detail: "The connection to the AI service was lost before the answer was complete." });
    expect(failed.error?.question).toBeUndefined();
    expect(lastAnswer(failed)).toMatchObject({ content: "Some text", state: "interrupted" });
  });
});

/** A controller whose answer to `question` is under way with `partial` shown; `next` answers the question after it. */
async function midAnswer(question: string, partial: string) {
  const stream = scriptedStream();
  const next = scriptedStream();
  server.use(routeAnswers([stream, next]).handler);
  const recorder = signalRecordingFetch();
  const harness = controllerHarness({ fetch: recorder.fetch });
  harness.chat.send(question);
  stream.delta(partial);
  await harness.until((s) => lastAnswer(s)?.content === partial);
  return { ...harness, stream, next, recorder };
}

describe("chat controller: stop, retry, reset", () => {
  it("stop aborts the request, keeps the text, marks it stopped and is ready at once", async () => {
    const { chat, until, stream, next, recorder } = await midAnswer("/demo slow", "Slowly ");
    expect(recorder.signals[0]?.aborted).toBe(false);

    chat.stop();
    expect(recorder.signals[0]?.aborted).toBe(true);
    expect(chat.getSnapshot().status).toBe("ready");
    expect(lastAnswer(chat.getSnapshot())).toMatchObject({ content: "Slowly ", state: "stopped" });
    expect(chat.getSnapshot().error).toBeUndefined();

    // Text of the stopped answer that arrives late is ignored, even once the next answer is complete.
    stream.delta("and more");
    stream.done("Slowly and more");
    chat.send("Next question");
    next.done("Next answer");
    const end = await until((s) => s.status === "ready" && s.messages.length === 4);
    expect(end.messages.map((m) => m.content)).toEqual(["/demo slow", "Slowly ", "Next question", "Next answer"]);
  });

  it("stop before the answer starts leaves an empty stopped answer and no error", async () => {
    server.use(routeAnswers([scriptedStream()]).handler);
    const { chat } = controllerHarness();
    chat.send("Question");
    chat.stop();
    expect(chat.getSnapshot()).toMatchObject({ status: "ready", error: undefined });
    expect(lastAnswer(chat.getSnapshot())).toMatchObject({ content: "", state: "stopped" });
  });

  it("retry asks the last question again, with a new client message id, replacing the failed answer", async () => {
    const broken = scriptedStream();
    const healthy = scriptedStream();
    const { handler, requests } = routeAnswers([broken, healthy]);
    server.use(handler);
    const { chat, until } = controllerHarness();
    chat.send("Explain diffusion");
    broken.delta("Diffusion is");
    broken.end();
    await until((s) => s.status === "error");

    expect(chat.retry()).toBe(true);
    healthy.delta("Diffusion is the spread of particles.");
    healthy.done("Diffusion is the spread of particles.");
    const done = await until((s) => s.status === "ready");

    expect(done.messages.map((m) => [m.role, m.content])).toEqual([
      ["user", "Explain diffusion"],
      ["assistant", "Diffusion is the spread of particles."],
    ]);
    expect(done.error).toBeUndefined();
    expect(requests[1]?.body.messages).toEqual([{ role: "user", content: "Explain diffusion" }]);
    expect(requests[1]?.body.clientMessageId).not.toBe(requests[0]?.body.clientMessageId);
  });

  it("reset starts a new conversation with a new session", async () => {
    const first = scriptedStream();
    const second = scriptedStream();
    const { handler, requests } = routeAnswers([first, second]);
    server.use(handler);
    const { chat, until } = controllerHarness({ initialMessages: [{ role: "assistant", content: "Hi! Ask me anything." }] });
    chat.send("One");
    first.start("local", "s1.first-conversation");
    first.done("1");
    await until((s) => s.status === "ready");

    chat.reset();
    expect(chat.getSnapshot().messages.map((m) => m.content)).toEqual(["Hi! Ask me anything."]);
    chat.send("Two");
    second.done("2");
    await until((s) => s.status === "ready");
    expect(requests[1]?.body).not.toHaveProperty("sessionId");
    expect(requests[1]?.body.messages).toEqual([
      { role: "assistant", content: "Hi! Ask me anything." },
      { role: "user", content: "Two" },
    ]);
  });

  it("reset during an answer aborts it and ignores anything that still arrives", async () => {
    const { chat, until, stream, next, recorder } = await midAnswer("Long one", "partial");
    chat.reset();
    expect(recorder.signals[0]?.aborted).toBe(true);
    expect(chat.getSnapshot()).toMatchObject({ status: "ready", messages: [], error: undefined });

    stream.delta(" more");
    stream.done("partial more");
    chat.send("Fresh start");
    next.done("Fresh answer");
    const end = await until((s) => s.status === "ready" && s.messages.length === 2);
    expect(end.messages.map((m) => m.content)).toEqual(["Fresh start", "Fresh answer"]);
  });
});

describe("chat controller: notifications", () => {
  it("publishes what the stream says at most once per animation frame, however much arrives", async () => {
    const frames = manualFrames();
    const stream = scriptedStream();
    server.use(routeAnswers([stream]).handler);
    const chat = createChatController({ storageKey: false }, { scheduler: frames });
    const publishedInFrame: number[] = [];
    chat.subscribe(() => publishedInFrame.push(frames.count()));

    chat.send("Go");
    stream.start();
    for (let i = 0; i < 500; i += 1) stream.delta("x");
    stream.done("x".repeat(500));
    await vi.waitFor(
      () => {
        frames.runFrame();
        expect(chat.getSnapshot().status).toBe("ready");
      },
      { timeout: 2_000, interval: 5 },
    );

    expect(lastAnswer(chat.getSnapshot())?.content).toBe("x".repeat(500));
    // No two publications between the same two frames: the start, 500 deltas and the end
    // (which came in one burst) cost a handful of publications, not 502.
    expect(new Set(publishedInFrame).size).toBe(publishedInFrame.length);
    expect(publishedInFrame.length).toBeLessThanOrEqual(5);
  });

  it("publishes what the user does at once, even in a frame that already published", async () => {
    const frames = manualFrames();
    const stream = scriptedStream();
    server.use(routeAnswers([stream]).handler);
    const chat = createChatController({ storageKey: false }, { scheduler: frames });
    chat.send("Go");
    stream.delta("a");
    await vi.waitFor(
      () => {
        frames.runFrame();
        expect(lastAnswer(chat.getSnapshot())?.content).toBe("a");
      },
      { timeout: 2_000, interval: 5 },
    );
    chat.stop();
    expect(chat.getSnapshot().status).toBe("ready");
    expect(lastAnswer(chat.getSnapshot())?.state).toBe("stopped");
  });
});

describe("chat controller: persistence", () => {
  it("restores a stored conversation and keeps saving it", async () => {
    const stream = scriptedStream();
    server.use(routeAnswers([stream]).handler);
    const first = createChatController({ storageKey: "test-chat" });
    first.restore();
    first.send("Remember me");
    stream.done("I will.");
    await vi.waitFor(() => expect(first.getSnapshot().status).toBe("ready"));

    const second = createChatController({ storageKey: "test-chat" });
    expect(second.getSnapshot().messages).toEqual([]);
    second.restore();
    expect(second.getSnapshot().messages.map((m) => m.content)).toEqual(["Remember me", "I will."]);
    expect(second.getSnapshot().sessionId).toBe(first.getSnapshot().sessionId);
  });

  it("ignores stored data that is not a conversation", () => {
    localStorage.setItem("test-chat", JSON.stringify({ messages: [{ role: "hacker", content: 1 }] }));
    const chat = createChatController({ storageKey: "test-chat", initialMessages: [{ role: "assistant", content: "Hello" }] });
    chat.restore();
    expect(chat.getSnapshot().messages.map((m) => m.content)).toEqual(["Hello"]);
  });
});

describe("chat controller: sessions the route issues", () => {
  it("asks again at once in a new session when the route no longer knows the conversation's session", async () => {
    const stale = () =>
      HttpResponse.json({ error: { code: "bad_request", message: "sessionId was not issued by this server.", field: "sessionId" } }, { status: 400 });
    const fresh = scriptedStream();
    const { handler, requests } = routeAnswers([stale, fresh]);
    server.use(handler);
    const { chat, until } = controllerHarness({ sessionId: "s1.from-before-a-restart" });

    chat.send("Still there?");
    await until(() => requests.length === 2);
    fresh.start("local", "s1.new-session");
    fresh.done("Yes.");
    await until((s) => s.status === "ready");

    expect(requests[0]?.body.sessionId).toBe("s1.from-before-a-restart");
    expect(requests[1]?.body).not.toHaveProperty("sessionId");
    expect(requests[1]?.body.messages).toEqual([{ role: "user", content: "Still there?" }]);
    expect(chat.getSnapshot()).toMatchObject({ status: "ready", error: undefined, sessionId: "s1.new-session" });
  });
});
