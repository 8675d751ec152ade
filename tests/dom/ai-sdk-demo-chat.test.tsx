/**
 * The AI SDK demo's chat: `useChat` with `DefaultChatTransport` under our chat view, against a
 * route answer the test writes event by event in the UI message stream protocol (encoded by the
 * route's own encoder, so the page reads exactly what `/api/ws-chat` sends).
 */
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { ChatView } from "@/components/chat/ChatView";
import { newStoredChat, type StoredChat } from "@/components/ai-sdk-demo/stored-chat";
import { useAiSdkChat } from "@/components/ai-sdk-demo/use-ai-sdk-chat";
import type { ChatEvent } from "@/lib/chat-stream/events";
import { createUiMessageEncoder, UI_MESSAGE_STREAM_HEADERS } from "@/lib/chat-stream/ui-message-stream-encoder";
import { server } from "./support/msw-server";

const encoder = new TextEncoder();

/** One answer of the route, written by the test. */
function scriptedAnswer(messageId: string) {
  const encode = createUiMessageEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const send = (event: ChatEvent) => controller.enqueue(encoder.encode(encode.encode(event)));
  return {
    response: () => new HttpResponse(body, { status: 200, headers: UI_MESSAGE_STREAM_HEADERS }),
    start: () => send({ type: "start", data: { messageId, sessionId: "s-1", model: { provider: "aws", name: "claude4_5_sonnet" }, upstream: "local" } }),
    delta: (text: string) => send({ type: "delta", data: { text } }),
    done: (text: string) => {
      send({ type: "done", data: { text, finishReason: "stop", timing: { firstTokenMs: 1, totalMs: 2 } } });
      controller.close();
    },
    fail: () => {
      send({ type: "error", data: { code: "upstream_closed", message: "The connection to the AI service was lost before the answer was complete.", retryable: true } });
      controller.close();
    },
  };
}

type Answer = ReturnType<typeof scriptedAnswer>;

/** The route: POSTs answered in turn by `answers`, the resume GET with 204, and DELETEs recorded. */
function routeAnswers(answers: Array<Answer | (() => Response)>) {
  const posts: unknown[] = [];
  const deletes: string[] = [];
  const resumeChecks: string[] = [];
  server.use(
    http.post("*/api/ws-chat", async ({ request }) => {
      posts.push(await request.json());
      const next = answers.shift();
      if (next === undefined) throw new Error("no answer scripted for this POST");
      return typeof next === "function" ? next() : next.response();
    }),
    http.get("*/api/ws-chat/:chatId/stream", ({ params }) => {
      resumeChecks.push(String(params.chatId));
      return new HttpResponse(null, { status: 204 });
    }),
    http.delete("*/api/ws-chat/streams/:id", ({ params }) => {
      deletes.push(String(params.id));
      return new HttpResponse(null, { status: 202 });
    }),
  );
  return { posts, deletes, resumeChecks };
}

function DemoChat({ initial }: { initial: StoredChat }) {
  const chat = useAiSdkChat({ api: "/api/ws-chat", stopApi: "/api/ws-chat/streams", resume: true, initial, onNewChat: () => undefined });
  return <ChatView chat={chat} />;
}

const lastAnswer = () => screen.queryAllByTestId("message-assistant").at(-1) as HTMLElement;

async function ask(route: { resumeChecks: string[] }, question: string) {
  const user = userEvent.setup();
  const initial = newStoredChat();
  render(<DemoChat initial={initial} />);
  // `resume: true` asks once on mount whether this chat has an answer streaming; a question sent
  // before that 204 is read would have useChat's status reset to ready under it.
  await waitFor(() => expect(route.resumeChecks).toEqual([initial.id]));
  await act(async () => undefined);
  await user.type(screen.getByTestId("chat-input"), question);
  await user.keyboard("{Enter}");
  return user;
}

describe("the AI SDK demo's chat", () => {
  it("posts what DefaultChatTransport sends and renders the growing answer as Markdown until it is done", async () => {
    const answer = scriptedAnswer("answer-1");
    const route = routeAnswers([answer]);
    await ask(route, "What is osmosis?");

    await waitFor(() => expect(route.posts).toHaveLength(1));
    expect(route.posts[0]).toMatchObject({ trigger: "submit-message", messages: [{ role: "user", parts: [{ type: "text", text: "What is osmosis?" }] }] });
    await act(async () => {
      answer.start();
      answer.delta("**Osmosis** is water ");
    });
    await waitFor(() => expect(lastAnswer().querySelector("strong")?.textContent).toBe("Osmosis"));
    expect(lastAnswer().dataset.state).toBe("streaming");

    await act(async () => {
      answer.delta("moving.");
      answer.done("**Osmosis** is water moving.");
    });
    await waitFor(() => expect(lastAnswer().dataset.state).toBe("done"));
    expect(lastAnswer().textContent).toContain("Osmosis is water moving.");
    expect(screen.getByTestId("chat").dataset.status).toBe("ready");
  });

  it("Stop sends DELETE for the answer's id from `start` and marks the answer stopped", async () => {
    const answer = scriptedAnswer("answer-to-stop");
    const route = routeAnswers([answer]);
    const user = await ask(route, "/demo slow");
    await act(async () => {
      answer.start();
      answer.delta("Part of it");
    });
    await waitFor(() => expect(lastAnswer().textContent).toContain("Part of it"));

    await user.click(screen.getByTestId("stop-button"));
    await waitFor(() => expect(route.deletes).toEqual(["answer-to-stop"]));
    await waitFor(() => expect(lastAnswer().dataset.state).toBe("stopped"));
    expect(screen.getByTestId("answer-end-note").textContent).toContain("Stopped");
  });

  it("shows a failure mid-answer in the students' words, keeps the partial answer, and Retry asks again", async () => {
    const broken = scriptedAnswer("answer-broken");
    const again = scriptedAnswer("answer-again");
    const route = routeAnswers([broken, again]);
    const user = await ask(route, "Explain diffusion");
    await act(async () => {
      broken.start();
      broken.delta("Diffusion is");
      broken.fail();
    });
    await screen.findByTestId("chat-error");
    expect(screen.getByTestId("chat-error").dataset.code).toBe("upstream_closed");
    expect(screen.getByTestId("chat-error").textContent).toContain("The connection was lost before the answer was complete.");
    expect(lastAnswer().dataset.state).toBe("interrupted");

    await user.click(screen.getByTestId("retry-button"));
    await waitFor(() => expect(route.posts).toHaveLength(2));
    expect(route.posts[1]).toMatchObject({ trigger: "regenerate-message" });
    await act(async () => {
      again.start();
      again.done("Diffusion is spreading out.");
    });
    await waitFor(() => expect(lastAnswer().dataset.state).toBe("done"));
    expect(screen.queryByTestId("chat-error")).toBeNull();
  });

  it("shows a refusal before the answer from the route's JSON error", async () => {
    const route = routeAnswers([() => HttpResponse.json({ error: { code: "rate_limited", message: "Rate limit: 100 requests per 60 s." } }, { status: 429 })]);
    await ask(route, "Too fast");
    const notice = await screen.findByTestId("chat-error");
    expect(notice.dataset.code).toBe("rate_limited");
    expect(notice.textContent).toContain("You've sent several questions in a short time.");
  });
});
