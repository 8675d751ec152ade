/**
 * Who owns a conversation: sessions are issued and signed by the route, never taken from the
 * body, and bound to the host app's user when it has `identify`. Against the real stand-in,
 * whose answers say which turn of its session they are.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChatHandler, type ChatHandlerOptions } from "@/lib/chat-stream/handler";
import { silentLogger } from "@/lib/chat-stream/logger";
import { startStandin, type Standin } from "@/scripts/standin/server";
import { ask, chatRequest, readSse, readText } from "../support/chat-client";

const TOKEN = "sessions-token-47";
let standin: Standin;

beforeAll(async () => {
  standin = await startStandin({ port: 0, token: TOKEN, paceMs: 1 });
});
afterAll(() => standin.close());

function handler(options: Partial<ChatHandlerOptions> = {}) {
  return createChatHandler({
    env: {
      CREATE_AI_API_TOKEN: TOKEN,
      CREATE_AI_PROJECT_ID: "p",
      CREATE_AI_WS_URL: standin.url,
      WS_CHAT_MAX_STREAMS_PER_CLIENT: "100",
      WS_CHAT_SESSION_SECRET: "a-test-secret-that-is-long-enough-1",
    },
    logger: silentLogger,
    ...options,
  });
}

/** The stand-in answers only from its own memory of a session (no history is sent here). */
async function turnOf(response: Response): Promise<number> {
  const { text } = await readText(response);
  return Number(/\*\*Turn (\d+)\.\*\*/.exec(text)?.[1]);
}

const victimBody = { studentId: "987654", courseId: "CSE110", preparationPageId: "quiz-2" };

describe("sessions the route issues", () => {
  it("issues a new session with every new conversation and says it in start, X-Session-Id and JSON", async () => {
    const chat = handler();
    const sse = await chat(chatRequest(ask("Hello", victimBody), { accept: "text/event-stream" }));
    const { events } = await readSse(sse);
    const start = events[0];
    expect(start?.type === "start" && start.data.sessionId).toBe(sse.headers.get("x-session-id"));
    const json = await (await chat(chatRequest(ask("Hello", { ...victimBody, stream: false })))).json();
    expect(json.sessionId).toMatch(/^s1\./);
    expect(json.sessionId).not.toBe(sse.headers.get("x-session-id"));
  });

  it("continues a conversation whose issued session is sent back", async () => {
    const chat = handler();
    const first = await chat(chatRequest(ask("First", victimBody)));
    const sessionId = first.headers.get("x-session-id");
    expect(await turnOf(first)).toBe(1);
    expect(await turnOf(await chat(chatRequest(ask("Second", { ...victimBody, sessionId }))))).toBe(2);
  });

  it("never lets another caller join a student's conversation by sending the same ids", async () => {
    const chat = handler();
    const victim = await chat(chatRequest(ask("My private question", victimBody)));
    await readText(victim);
    expect(await turnOf(await chat(chatRequest(ask("What did they ask?", victimBody))))).toBe(1);
  });

  it.each([
    ["a raw id a caller made up", "studycoach:CSE110:quiz-2:987654"],
    ["the Study Coach's old id shape", "student_987654_course_CSE110_1733380000000"],
    ["a session signed by another deployment", "s1.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA"],
  ])("refuses %s with 400 before any upstream call", async (_name, sessionId) => {
    const before = standin.connectionAttempts();
    const response = await handler()(chatRequest(ask("Let me in", { sessionId })));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "bad_request", field: "sessionId" } });
    expect(standin.connectionAttempts()).toBe(before);
  });

  it("refuses a session issued under another secret (a restart without WS_CHAT_SESSION_SECRET)", async () => {
    const before = handler({ env: { CREATE_AI_API_TOKEN: TOKEN, CREATE_AI_PROJECT_ID: "p", CREATE_AI_WS_URL: standin.url, WS_CHAT_SESSION_SECRET: "x".repeat(40) } });
    const { sessionId } = await (await before(chatRequest(ask("Hi", { stream: false })))).json();
    expect((await handler()(chatRequest(ask("Hi again", { sessionId })))).status).toBe(400);
  });
});

describe("the host app's identify hook", () => {
  const users: Record<string, { id: string } | null> = { "Bearer alice": { id: "alice" }, "Bearer bob": { id: "bob" } };
  const identified = () => handler({ identify: (request) => users[request.headers.get("authorization") ?? ""] ?? null });
  const as = (who: string, body: unknown) => {
    const request = chatRequest(body);
    request.headers.set("authorization", who);
    return request;
  };

  it("binds a session to its user: the user continues it, another user and nobody are refused", async () => {
    const chat = identified();
    const first = await chat(as("Bearer alice", ask("Mine")));
    const sessionId = first.headers.get("x-session-id");
    await readText(first);
    expect(await turnOf(await chat(as("Bearer alice", ask("Still mine", { sessionId }))))).toBe(2);
    expect((await chat(as("Bearer bob", ask("Let me in", { sessionId })))).status).toBe(400);
    expect((await chat(as("", ask("Let me in", { sessionId })))).status).toBe(400);
  });

  it("answers 500 without calling CreateAI when identify fails", async () => {
    const before = standin.connectionAttempts();
    const chat = handler({
      identify: () => {
        throw new Error("auth service down");
      },
    });
    const response = await chat(chatRequest(ask("Hi")));
    expect(response.status).toBe(500);
    expect((await response.json()).error.code).toBe("internal");
    expect(standin.connectionAttempts()).toBe(before);
  });
});
