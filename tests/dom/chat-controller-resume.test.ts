/**
 * Resumable answers in the chat controller: re-attaching after a dropped connection, after a
 * reload (restore) and from a second tab, and Stop reaching the server.
 */
import { HttpResponse } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { createChatController, type ChatController } from "@/lib/chat-client/chat-controller";
import { RESUME_DELAYS_MS } from "@/lib/chat-client/follow-answer";
import { SSE_HEADERS } from "@/lib/chat-stream/sse-encoder";
import { controllerHarness, instantResume, lastAnswer, untilSnapshot } from "./support/controller";
import { server } from "./support/msw-server";
import { answerStreamRoutes, answerNotFound, routeAnswers, scriptedStream, signalRecordingFetch } from "./support/sse-stream";

const ANSWER_ID = "6f1c2a9e-1111-4000-8000-000000000001";

/** Controllers with a storage key listen to other tabs until disposed. */
const opened: ChatController[] = [];
afterEach(() => {
  for (const chat of opened.splice(0)) chat.dispose();
});

function tab(storageKey: string, options: Parameters<typeof createChatController>[0] = {}): ChatController {
  const chat = createChatController({ storageKey, ...options }, { resume: instantResume() });
  opened.push(chat);
  chat.restore();
  return chat;
}

/** A controller whose answer `ANSWER_ID` has shown "Water moves " (events 1–3) when `post` drops. */
async function midAnswer(resume = instantResume()) {
  const post = scriptedStream({ messageId: ANSWER_ID });
  const route = routeAnswers([post]);
  server.use(route.handler);
  const harness = controllerHarness({}, { resume });
  harness.chat.send("What is osmosis?");
  post.start();
  post.delta("Water ");
  post.delta("moves ");
  await harness.until((s) => lastAnswer(s)?.content === "Water moves ");
  return { ...harness, post, route, resume };
}

describe("chat controller: resumable answers", () => {
  it("asks for a resumable answer and keeps the route's id and the last event id with it", async () => {
    const { chat, route } = await midAnswer();
    expect(route.requests[0]?.body.resumable).toBe(true);
    expect(lastAnswer(chat.getSnapshot())).toMatchObject({ serverMessageId: ANSWER_ID, lastEventId: 3, state: "streaming" });
  });

  it("re-attaches after the connection drops mid-answer, from the last event applied, without repeating or losing text", async () => {
    const { chat, until, post, resume } = await midAnswer();
    const rest = scriptedStream({ messageId: ANSWER_ID, firstId: 4 });
    const streams = answerStreamRoutes([rest]);
    server.use(...streams.handlers);

    post.drop();
    await until(() => streams.reads.length === 1);
    expect(streams.reads[0]).toEqual({ id: ANSWER_ID, lastEventId: "3" });
    expect(chat.getSnapshot().status).toBe("streaming");
    rest.delta("across ");
    rest.delta("a membrane.");
    // Checked before `done`, whose text would replace whatever was concatenated.
    await until((s) => lastAnswer(s)?.content === "Water moves across a membrane.");
    rest.done("Water moves across a membrane.");
    const end = await until((s) => s.status === "ready");

    expect(lastAnswer(end)).toMatchObject({ content: "Water moves across a membrane.", state: "done", lastEventId: 6 });
    expect(end.error).toBeUndefined();
    expect(resume.waits).toEqual([RESUME_DELAYS_MS[0]]);
  });

  it("re-attaches when the body ends without done or error, too", async () => {
    const { until, post } = await midAnswer();
    const rest = scriptedStream({ firstId: 4 });
    const streams = answerStreamRoutes([rest]);
    server.use(...streams.handlers);
    post.end();
    await until(() => streams.reads.length === 1);
    rest.done("Water moves on.");
    expect(lastAnswer(await until((s) => s.status === "ready"))).toMatchObject({ content: "Water moves on.", state: "done" });
  });

  it("skips events it already applied when a replay starts earlier than asked", async () => {
    const { until, post } = await midAnswer();
    const replay = scriptedStream({ messageId: ANSWER_ID, firstId: 2 });
    server.use(...answerStreamRoutes([replay]).handlers);
    post.drop();
    replay.delta("Water ");
    replay.delta("moves ");
    replay.delta("on.");
    await until((s) => lastAnswer(s)?.content === "Water moves on.");
  });

  it("waits 250 ms, 1 s, 2 s between attempts and continues on the attempt that works", async () => {
    const { until, post, resume } = await midAnswer();
    const rest = scriptedStream({ firstId: 4 });
    const streams = answerStreamRoutes([
      () => HttpResponse.error(),
      () => HttpResponse.json({ error: { code: "store_unavailable", message: "Briefly down." } }, { status: 503 }),
      rest,
    ]);
    server.use(...streams.handlers);
    post.drop();
    await until(() => streams.reads.length === 3);
    rest.delta("on.");
    rest.done("Water moves on.");
    expect(lastAnswer(await until((s) => s.status === "ready"))).toMatchObject({ content: "Water moves on.", state: "done" });
    expect(resume.waits).toEqual([250, 1_000, 2_000]);
    expect(streams.reads.map((read) => read.lastEventId)).toEqual(["3", "3", "3"]);
  });

  it("starts the attempts over once a re-attached stream brought new text", async () => {
    const { until, post, resume } = await midAnswer();
    const second = scriptedStream({ firstId: 4 });
    const third = scriptedStream({ firstId: 5 });
    const streams = answerStreamRoutes([second, third]);
    server.use(...streams.handlers);
    post.drop();
    await until(() => streams.reads.length === 1);
    second.delta("across ");
    second.drop();
    await until(() => streams.reads.length === 2);
    third.done("Water moves across.");
    await until((s) => s.status === "ready");
    expect(streams.reads.map((read) => read.lastEventId)).toEqual(["3", "4"]);
    expect(resume.waits).toEqual([250, 250]);
  });

  it("ends as interrupted with Retry, keeping its text, when the answer is gone (404)", async () => {
    const { until, post } = await midAnswer();
    const streams = answerStreamRoutes([answerNotFound]);
    server.use(...streams.handlers);
    post.drop();
    const failed = await until((s) => s.status === "error");
    expect(failed.error).toMatchObject({ code: "interrupted", retryable: true });
    expect(lastAnswer(failed)).toMatchObject({ content: "Water moves ", state: "interrupted" });
    expect(streams.reads).toHaveLength(1);
  });

  it("ends as interrupted once three attempts failed", async () => {
    const { until, post, resume } = await midAnswer();
    const streams = answerStreamRoutes([() => HttpResponse.error(), () => HttpResponse.error(), () => HttpResponse.error()]);
    server.use(...streams.handlers);
    post.drop();
    const failed = await until((s) => s.status === "error");
    expect(failed.error?.code).toBe("interrupted");
    expect(lastAnswer(failed)).toMatchObject({ content: "Water moves ", state: "interrupted" });
    expect(streams.reads).toHaveLength(3);
    expect(resume.waits).toEqual([250, 1_000, 2_000]);
  });

  it("ends as interrupted when the resume has nothing after the last event but the answer never ended", async () => {
    const { until, post } = await midAnswer();
    const streams = answerStreamRoutes([() => new HttpResponse("", { status: 200, headers: SSE_HEADERS })]);
    server.use(...streams.handlers);
    post.drop();
    expect((await until((s) => s.status === "error")).error?.code).toBe("interrupted");
    expect(streams.reads).toHaveLength(1);
  });

  it("reports a drop as network when the answer has no id to resume with", async () => {
    const post = scriptedStream();
    server.use(routeAnswers([post]).handler);
    const { chat, until } = controllerHarness({}, { resume: instantResume() });
    chat.send("Old server?");
    post.delta("Half");
    await until((s) => lastAnswer(s)?.content === "Half");
    post.drop();
    expect((await until((s) => s.status === "error")).error?.code).toBe("network");
  });
});

describe("chat controller: stopping a resumable answer", () => {
  it("Stop aborts the reading and sends DELETE for the answer, so it stops on the server too", async () => {
    const post = scriptedStream({ messageId: ANSWER_ID });
    server.use(routeAnswers([post]).handler);
    const streams = answerStreamRoutes([]);
    server.use(...streams.handlers);
    const recorder = signalRecordingFetch();
    const { chat, until } = controllerHarness({ fetch: recorder.fetch });
    chat.send("/demo slow");
    post.start();
    post.delta("Slowly ");
    await until((s) => lastAnswer(s)?.content === "Slowly ");

    chat.stop();
    expect(recorder.signals[0]?.aborted).toBe(true);
    expect(lastAnswer(chat.getSnapshot())).toMatchObject({ content: "Slowly ", state: "stopped" });
    await until(() => streams.stops.length === 1);
    expect(streams.stops).toEqual([ANSWER_ID]);
    expect(streams.reads).toHaveLength(0);
  });

  it("New chat during an answer stops it on the server too", async () => {
    const post = scriptedStream({ messageId: ANSWER_ID });
    server.use(routeAnswers([post]).handler);
    const streams = answerStreamRoutes([]);
    server.use(...streams.handlers);
    const { chat, until } = controllerHarness();
    chat.send("Long one");
    post.start();
    await until((s) => s.status === "streaming");
    chat.reset();
    await until(() => streams.stops.length === 1);
    expect(streams.stops).toEqual([ANSWER_ID]);
  });
});

/** What a page saved as it went away mid-answer. */
function savedMidAnswer(key: string, answer: Record<string, unknown>) {
  localStorage.setItem(
    key,
    JSON.stringify({
      sessionId: "s1.saved",
      messages: [
        { id: "q1", role: "user", content: "What is osmosis?" },
        { id: "a1", role: "assistant", content: "Water moves ", state: "streaming", ...answer },
      ],
    }),
  );
}

describe("chat controller: restoring an answer in flight", () => {
  it("re-attaches from the saved last event id and continues live to the end", async () => {
    savedMidAnswer("restore-live", { serverMessageId: ANSWER_ID, lastEventId: 3 });
    const rest = scriptedStream({ messageId: ANSWER_ID, firstId: 4 });
    const streams = answerStreamRoutes([rest]);
    server.use(...streams.handlers);

    const chat = tab("restore-live");
    expect(chat.getSnapshot().status).toBe("streaming");
    await untilSnapshot(chat, () => streams.reads.length === 1);
    expect(streams.reads[0]).toEqual({ id: ANSWER_ID, lastEventId: "3" });
    rest.delta("across.");
    await untilSnapshot(chat, (s) => lastAnswer(s)?.content === "Water moves across.");
    rest.done("Water moves across.");
    const end = await untilSnapshot(chat, (s) => s.status === "ready");
    expect(lastAnswer(end)).toMatchObject({ content: "Water moves across.", state: "done" });
    expect(end.sessionId).toBe("s1.saved");
  });

  it("marks the answer interrupted with Retry, keeping its text, when the route no longer has it", async () => {
    savedMidAnswer("restore-gone", { serverMessageId: ANSWER_ID, lastEventId: 3 });
    server.use(...answerStreamRoutes([answerNotFound]).handlers);
    const chat = tab("restore-gone");
    const failed = await untilSnapshot(chat, (s) => s.status === "error");
    expect(failed.error).toMatchObject({ code: "interrupted", retryable: true });
    expect(lastAnswer(failed)).toMatchObject({ content: "Water moves ", state: "interrupted" });
  });

  it("leaves an answer saved without the route's id interrupted, asking nothing", () => {
    savedMidAnswer("restore-no-id", {});
    const streams = answerStreamRoutes([]);
    server.use(...streams.handlers);
    const chat = tab("restore-no-id");
    expect(chat.getSnapshot().status).toBe("ready");
    expect(lastAnswer(chat.getSnapshot())?.state).toBe("interrupted");
    expect(streams.reads).toHaveLength(0);
  });

  it("saves where the answer stands when disposed, without stopping it on the server, and a new controller reads on", async () => {
    const post = scriptedStream({ messageId: ANSWER_ID });
    const rest = scriptedStream({ messageId: ANSWER_ID, firstId: 4 });
    server.use(routeAnswers([post]).handler);
    const streams = answerStreamRoutes([rest]);
    server.use(...streams.handlers);
    const first = tab("remount");
    first.send("What is osmosis?");
    post.start();
    post.delta("Water ");
    post.delta("moves ");
    await untilSnapshot(first, (s) => lastAnswer(s)?.content === "Water moves ");
    first.dispose();

    const second = tab("remount");
    await untilSnapshot(second, () => streams.reads.length === 1);
    expect(streams.reads[0]?.lastEventId).toBe("3");
    rest.done("Water moves across.");
    expect(lastAnswer(await untilSnapshot(second, (s) => s.status === "ready"))?.content).toBe("Water moves across.");
    expect(streams.stops).toEqual([]);
  });
});

describe("chat controller: disposing with nothing kept", () => {
  it("stops the answer on the server too: nobody could read it again", async () => {
    const post = scriptedStream({ messageId: ANSWER_ID });
    server.use(routeAnswers([post]).handler);
    const streams = answerStreamRoutes([]);
    server.use(...streams.handlers);
    const { chat, until } = controllerHarness();
    chat.send("Going away");
    post.start();
    await until((s) => s.status === "streaming");
    chat.dispose();
    await until(() => streams.stops.length === 1);
    expect(streams.stops).toEqual([ANSWER_ID]);
  });
});

describe("chat controller: a second tab of the same conversation", () => {
  it("a tab opened mid-answer shows the conversation and follows the answer from where the first tab stands", async () => {
    const post = scriptedStream({ messageId: ANSWER_ID });
    const follower = scriptedStream({ messageId: ANSWER_ID, firstId: 4 });
    server.use(routeAnswers([post]).handler);
    const streams = answerStreamRoutes([follower]);
    server.use(...streams.handlers);
    const first = tab("two-tabs-mid");
    first.send("What is osmosis?");
    post.start("local", "s1.shared");
    post.delta("Water ");
    post.delta("moves ");
    await untilSnapshot(first, (s) => lastAnswer(s)?.content === "Water moves ");

    // A tab that found nothing of it in storage (storage off, or saved before it began): the first tab tells it.
    localStorage.clear();
    const second = tab("two-tabs-mid");
    await untilSnapshot(second, (s) => s.status === "streaming" && lastAnswer(s)?.content === "Water moves ");
    expect(streams.reads).toEqual([{ id: ANSWER_ID, lastEventId: "3" }]);
    for (const stream of [post, follower]) {
      stream.delta("across.");
      stream.done("Water moves across.");
    }
    for (const chat of [first, second]) {
      const end = await untilSnapshot(chat, (s) => s.status === "ready");
      expect(end.messages.map((m) => m.content)).toEqual(["What is osmosis?", "Water moves across."]);
      expect(end.sessionId).toBe("s1.shared");
    }
  });

  it("a tab open before the question follows the answer from its start", async () => {
    const post = scriptedStream({ messageId: ANSWER_ID });
    const follower = scriptedStream({ messageId: ANSWER_ID, firstId: 2 });
    server.use(routeAnswers([post]).handler);
    const streams = answerStreamRoutes([follower]);
    server.use(...streams.handlers);
    const watcher = tab("two-tabs-before");
    const asker = tab("two-tabs-before");
    asker.send("What is osmosis?");
    post.start();
    await untilSnapshot(watcher, () => streams.reads.length === 1);
    expect(streams.reads[0]?.lastEventId).toBe("1");
    follower.delta("Water.");
    follower.done("Water.");
    expect(lastAnswer(await untilSnapshot(watcher, (s) => s.status === "ready"))?.content).toBe("Water.");
  });

  it.each([
    { leave: "stop", stops: [ANSWER_ID], what: "Stop in the following tab stops the answer on the server" },
    { leave: "reset", stops: [], what: "New chat in the following tab leaves the answer running for the tab that asked" },
  ] as const)("$what", async ({ leave, stops }) => {
    const key = `two-tabs-${leave}`;
    const post = scriptedStream({ messageId: ANSWER_ID });
    server.use(routeAnswers([post]).handler);
    const streams = answerStreamRoutes([scriptedStream({ firstId: 2 })]);
    server.use(...streams.handlers);
    const watcherMethods: string[] = [];
    const watcher = tab(key, { fetch: (input, init) => (watcherMethods.push(init?.method ?? "GET"), fetch(input, init)) });
    const asker = tab(key);
    asker.send("What is osmosis?");
    post.start();
    await untilSnapshot(watcher, () => streams.reads.length === 1);

    watcher[leave]();
    expect(watcher.getSnapshot().status).toBe("ready");
    expect(watcherMethods).toEqual(leave === "stop" ? ["GET", "DELETE"] : ["GET"]);
    post.done("Done.");
    await untilSnapshot(asker, (s) => s.status === "ready");
    expect(streams.stops).toEqual(stops);
  });

  it("a tab showing another conversation under the same key keeps its own", async () => {
    savedMidAnswer("two-tabs-other", { state: "done" });
    const other = tab("two-tabs-other");
    localStorage.clear();
    const post = scriptedStream({ messageId: ANSWER_ID });
    server.use(routeAnswers([post]).handler);
    const streams = answerStreamRoutes([]);
    server.use(...streams.handlers);
    const asker = tab("two-tabs-other");
    asker.send("Something else");
    post.start();
    post.done("Done.");
    await untilSnapshot(asker, (s) => s.status === "ready");
    expect(other.getSnapshot().messages.map((m) => m.content)).toEqual(["What is osmosis?", "Water moves "]);
    expect(streams.reads).toHaveLength(0);
  });
});
