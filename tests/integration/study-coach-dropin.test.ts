/**
 * The ASU Study Coach's own callers, with their request bodies and call shapes exactly as its
 * pages and routes send them, against the real stand-in (under Node and under the Edge runtime).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createChatHandler } from "@/lib/chat-stream/handler";
import type { LogRecord } from "@/lib/chat-stream/logger";
import { loadCreateAIConfig } from "@/lib/createai/config";
import { defaultSocketFactory } from "@/lib/createai/socket";
import { chatWithWebSocket, createWebSocketPayload } from "@/lib/createAIWebsocket";
import { StreamResponse } from "@/lib/utils";
import { composeAnswer, startStandin, type Standin } from "@/scripts/standin/server";
import { chatRequest, readText } from "../support/chat-client";

const TOKEN = "coach-token-81";
let standin: Standin;
const logs: LogRecord[] = [];
const logger = { info: (r: LogRecord) => logs.push(r), warn: (r: LogRecord) => logs.push(r), error: (r: LogRecord) => logs.push(r) };
const env = () => ({ CREATE_AI_API_TOKEN: TOKEN, CREATE_AI_PROJECT_ID: "proj-coach", CREATE_AI_WS_URL: standin.url, WS_CHAT_MAX_STREAMS_PER_CLIENT: "100" });
const handler = () => createChatHandler({ env: env(), logger });

beforeAll(async () => {
  standin = await startStandin({ port: 0, token: TOKEN, paceMs: 1 });
});
afterEach(() => {
  logs.length = 0;
});
afterAll(() => standin.close());

/** What `components/preparation/WebSocketChat.tsx` of the Study Coach posts, byte for byte in shape. */
function componentBody(messages: Array<{ role: "user" | "assistant"; content: string }>, courseId: string | null) {
  return { messages, studentId: "987654", courseId, stream: true };
}

describe("the Study Coach chat component's requests", () => {
  it("answers a page with no ?courseId= (courseId: null) in plain text", async () => {
    const response = await handler()(chatRequest(componentBody([{ role: "user", content: "What is a derivative?" }], null)));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await readText(response)).toEqual({ text: composeAnswer("What is a derivative?", 1), failed: false });
  });

  it("starts every fresh chat of a student in a course on a new session (no shared CreateAI memory)", async () => {
    const chat = handler();
    const first = await readText(await chat(chatRequest(componentBody([{ role: "user", content: "Hello" }], "CSE110"))));
    const second = await readText(await chat(chatRequest(componentBody([{ role: "user", content: "Hello" }], "CSE110"))));
    expect(first.text).toContain("**Turn 1.**");
    expect(second.text).toContain("**Turn 1.**");
    const [a, b] = standin.requests.slice(-2);
    expect(a?.session_id).not.toEqual(b?.session_id);
    expect(JSON.stringify([a?.session_id, b?.session_id])).not.toMatch(/987654|CSE110/);
  });

  it("carries the conversation through the messages it sends", async () => {
    const messages = [
      { role: "user" as const, content: "Hello" },
      { role: "assistant" as const, content: "Hi! What are we studying?" },
      { role: "user" as const, content: "Limits" },
    ];
    const { text } = await readText(await handler()(chatRequest(componentBody(messages, "MAT265"))));
    expect(text).toBe(composeAnswer("Limits", 2));
  });
});

describe("JSON answers (stream: false) for the Study Coach's panels", () => {
  it("carry response, timing and upstream next to text", async () => {
    const response = await handler()(chatRequest({ messages: [{ role: "user", content: "Summarise" }], studentId: null, stream: false }));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      text: composeAnswer("Summarise", 1),
      response: composeAnswer("Summarise", 1),
      finishReason: "stop",
      upstream: "createai",
      model: { provider: "aws", name: "claude4_5_sonnet" },
      timing: { firstTokenMs: expect.any(Number), totalMs: expect.any(Number) },
    });
  });

  it("log the answer's real size, not 0 bytes", async () => {
    const response = await handler()(chatRequest({ messages: [{ role: "user", content: "Size?" }], stream: false }));
    const size = (await response.arrayBuffer()).byteLength;
    await vi.waitFor(() => expect(logs.some((line) => line.event === "ws-chat.stream")).toBe(true));
    expect(logs.find((line) => line.event === "ws-chat.stream")).toMatchObject({ format: "json", bytes: size });
  });
});

describe("the Study Coach route's call to chatWithWebSocket", () => {
  /** `app/api/ws-chat/route.ts` of the Study Coach: an object context, and its own session id. */
  async function studyCoachRouteCall(messages: Array<{ role: "user" | "assistant"; content: string }>, courseId?: string) {
    const lastMessage = messages[messages.length - 1] as { content: string };
    const context = { studentId: "987654", courseId, preparationPageId: undefined, previousMessages: messages.slice(0, -1) };
    const streamingResponse = await chatWithWebSocket(lastMessage.content, {
      modelProvider: "aws",
      modelName: "claude4_5_sonnet",
      sessionId: `student_987654_course_${courseId || "unknown"}_${Date.now()}`,
      systemPrompt: "You are the ASU Study Coach, an AI-powered study assistant that helps students with their courses.",
      temperature: 0.5,
      context,
      // Test wiring only: where the stand-in is.
      config: loadCreateAIConfig(env()),
      createSocket: await defaultSocketFactory(),
      logger,
    });
    return new StreamResponse(streamingResponse);
  }

  it("accepts an object context: its previousMessages become history, its other fields labelled lines", async () => {
    const messages = [
      { role: "user" as const, content: "What is recursion?" },
      { role: "assistant" as const, content: "A function calling itself." },
      { role: "user" as const, content: "Show me one." },
    ];
    const response = await studyCoachRouteCall(messages, "CSE110");
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await response.text()).toBe(composeAnswer("Show me one.", 2));
    const sent = standin.requests.at(-1) as { model_params: { history: unknown; system_prompt: string } };
    expect(sent.model_params.history).toEqual([{ query: "What is recursion?", response: "A function calling itself." }]);
    expect(sent.model_params.system_prompt).toContain("studentId: 987654");
    expect(sent.model_params.system_prompt).toContain("courseId: CSE110");
    expect(sent.model_params.system_prompt).not.toContain("preparationPageId");
    expect(sent.model_params.system_prompt).not.toContain("previousMessages");
  });

  it("builds the same payload through createWebSocketPayload with an object context", () => {
    const payload = createWebSocketPayload("Next?", {
      sessionId: "s-1",
      context: { courseId: "CSE110", previousMessages: [{ role: "user", content: "Q1" }, { role: "assistant", content: "A1" }] },
      config: loadCreateAIConfig(env()),
    });
    expect(payload).toMatchObject({ query: "Next?", session_id: "s-1", model_params: { history: [{ query: "Q1", response: "A1" }] } });
    expect(payload.model_params.system_prompt).toContain("courseId: CSE110");
  });
});

describe("long conversations never dead-end", () => {
  it("answers the 61st question of a conversation with long answers, sending CreateAI a trimmed history", async () => {
    // Pages-long answers (12,000 characters), the latest one over a question's own limit: the
    // whole unwindowed conversation the Study Coach's component sends stays under the body limit.
    const answer = (turn: number) => "Worked example. ".repeat(turn === 60 ? 2_500 : 750);
    const messages = Array.from({ length: 60 }, (_, index) => [
      { role: "user" as const, content: `question ${index + 1}` },
      { role: "assistant" as const, content: answer(index + 1) },
    ]).flat();
    const before = standin.requests.length;
    const response = await handler()(chatRequest(componentBody([...messages, { role: "user", content: "question 61" }], null)));
    expect(response.status).toBe(200);
    const { text, failed } = await readText(response);
    expect(failed).toBe(false);
    expect(text).toContain("question 61");
    const sent = standin.requests[before] as { model_params: { history: Array<{ query: string }> } };
    expect(sent.model_params.history.at(-1)?.query).toBe("question 60");
    expect(JSON.stringify(sent).length).toBeLessThan(128 * 1024);
  });
});
