/**
 * `POST /api/ai-sdk-example`: the AI SDK's `streamText(…).toUIMessageStreamResponse()` over the
 * CreateAI provider, against the real stand-in, read back the way `useChat` reads it. The route
 * runs on the Node.js runtime only, so this file does too.
 */
import { parseJsonEventStream, readUIMessageStream, uiMessageChunkSchema, type UIMessage, type UIMessageChunk } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCreateAI } from "@/lib/ai-sdk";
import { silentLogger } from "@/lib/chat-stream/logger";
import { loadCreateAIConfig } from "@/lib/createai/config";
import { createExampleChatHandler } from "@/app/api/ai-sdk-example/handler";
import { composeAnswer, startStandin, type Standin } from "@/scripts/standin/server";

const TOKEN = "example-route-token";
const URL_ = "http://127.0.0.1:3000/api/ai-sdk-example";
let standin: Standin;
let handle: (request: Request) => Promise<Response>;

beforeAll(async () => {
  standin = await startStandin({ port: 0, token: TOKEN, paceMs: 1 });
  const createai = createCreateAI({
    config: loadCreateAIConfig({ CREATE_AI_API_TOKEN: TOKEN, CREATE_AI_PROJECT_ID: "example", CREATE_AI_WS_URL: standin.url }),
    logger: silentLogger,
  });
  handle = createExampleChatHandler({ model: createai("claude4_5_sonnet"), originPolicy: { siteOrigins: [], allowedOrigins: [] }, logger: silentLogger });
});
afterAll(() => standin.close());

const userMessage = (id: string, text: string): UIMessage => ({ id, role: "user", parts: [{ type: "text", text }] });

function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return handle(
    new Request(URL_, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "http://127.0.0.1:3000", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

/** The response read as `useChat` reads it: chunks, and the assistant message they build. */
async function readAnswer(response: Response): Promise<{ chunks: UIMessageChunk[]; message: UIMessage | undefined }> {
  const chunks: UIMessageChunk[] = [];
  const stream = parseJsonEventStream({ stream: response.body as ReadableStream<Uint8Array>, schema: uiMessageChunkSchema }).pipeThrough(
    new TransformStream({
      transform(result, controller) {
        if (!result.success) throw result.error;
        chunks.push(result.value);
        controller.enqueue(result.value);
      },
    }),
  );
  let message: UIMessage | undefined;
  for await (const snapshot of readUIMessageStream({ stream })) message = snapshot;
  return { chunks, message };
}

const textOf = (message: UIMessage | undefined) =>
  message?.parts.map((part) => (part.type === "text" ? part.text : "")).join("") ?? "";

describe("POST /api/ai-sdk-example", () => {
  it("answers a UIMessage body in the UI message stream protocol with the whole answer", async () => {
    const response = await post({ id: "chat-1", trigger: "submit-message", messages: [userMessage("u1", "What is a gene?")] });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-vercel-ai-ui-message-stream")).toBe("v1");
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const { chunks, message } = await readAnswer(response);
    expect(textOf(message)).toBe(composeAnswer("What is a gene?", 1));
    expect(chunks.map((chunk) => chunk.type)).toEqual(expect.arrayContaining(["start", "text-start", "text-delta", "text-end", "finish"]));
    expect(chunks.at(-1)).toMatchObject({ type: "finish", finishReason: "stop" });
  });

  it("sends the earlier turns as CreateAI history", async () => {
    const response = await post({
      messages: [
        userMessage("u1", "First question"),
        { id: "a1", role: "assistant", parts: [{ type: "step-start" }, { type: "text", text: "First answer" }] },
        userMessage("u2", "Second question"),
      ],
    });
    expect(textOf((await readAnswer(response)).message)).toBe(composeAnswer("Second question", 2));
    expect(standin.requests.at(-1)).toMatchObject({ query: "Second question", model_params: { history: [{ query: "First question", response: "First answer" }] } });
  });

  it("ends with an error chunk carrying a message fit for a user when the answer breaks off", async () => {
    const { chunks } = await readAnswer(await post({ messages: [userMessage("u1", "/fault drop-mid-answer")] }));
    expect(chunks.some((chunk) => chunk.type === "text-delta")).toBe(true);
    expect(chunks.find((chunk) => chunk.type === "error")).toEqual({
      type: "error",
      errorText: "The connection to the AI service was lost before the answer was complete.",
    });
  });

  it("closes the CreateAI socket when the browser goes away mid-answer", async () => {
    const browser = new AbortController();
    const response = await handle(
      new Request(URL_, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ messages: [userMessage("u1", "/demo slow")] }),
        signal: browser.signal,
      }),
    );
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let received = "";
    while (!received.includes('"text-delta"')) received += decoder.decode((await reader.read()).value);
    expect(standin.openSockets()).toBe(1);
    browser.abort();
    await standin.whenIdle();
    expect(standin.openSockets()).toBe(0);
  });

  it.each<[string, unknown]>([
    ["a body that is not JSON", "{not json"],
    ["no messages", { id: "chat" }],
    ["an empty message list", { messages: [] }],
    ["messages that are not UIMessages", { messages: [{ role: "user", content: "Hi" }] }],
    ["an unknown role", { messages: [{ id: "x", role: "tool", parts: [{ type: "text", text: "Hi" }] }] }],
    ["a text part without text", { messages: [{ id: "x", role: "user", parts: [{ type: "text" }] }] }],
    ["an assistant message last", { messages: [userMessage("u1", "Q"), { id: "a1", role: "assistant", parts: [{ type: "text", text: "A" }] }] }],
    ["a question without text", { messages: [{ id: "x", role: "user", parts: [{ type: "text", text: "  " }] }] }],
    ["a question over 32,000 characters", { messages: [userMessage("u1", "x".repeat(32_001))] }],
  ])("answers 400 to %s without calling CreateAI", async (_name, body) => {
    const before = standin.connectionAttempts();
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "bad_request", message: expect.any(String) } });
    expect(standin.connectionAttempts()).toBe(before);
  });

  it("refuses another site's page (403) and a body that is not sent as JSON (415), as /api/ws-chat does", async () => {
    const before = standin.connectionAttempts();
    const body = { messages: [userMessage("u1", "Hi")] };
    expect((await post(body, { Origin: "https://elsewhere.example" })).status).toBe(403);
    expect((await post(body, { "Content-Type": "text/plain" })).status).toBe(415);
    expect(standin.connectionAttempts()).toBe(before);
  });
});
