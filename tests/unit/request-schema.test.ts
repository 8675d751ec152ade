import { describe, expect, it } from "vitest";
import { parseChatRequest, REQUEST_LIMITS } from "@/lib/chat-stream/request-schema";

const ok = { messages: [{ role: "user", content: "hi" }] };

describe("parseChatRequest", () => {
  it("accepts the smallest valid body and defaults stream to true", () => {
    const result = parseChatRequest(ok);
    expect(result).toMatchObject({ ok: true, request: { stream: true } });
  });

  it("accepts the Study Coach fields, numbers included", () => {
    const result = parseChatRequest({ ...ok, studentId: 42, courseId: "CSE110", preparationPageId: "p3", stream: false });
    expect(result).toMatchObject({ ok: true, request: { studentId: "42", courseId: "CSE110", stream: false } });
  });

  it("accepts the Study Coach component's body when the page URL has no courseId (null)", () => {
    const body = { messages: [{ role: "user", content: "hello" }], studentId: "987654", courseId: null, stream: true };
    const result = parseChatRequest(body);
    expect(result).toMatchObject({ ok: true, request: { studentId: "987654", stream: true } });
    if (result.ok) expect(result.request.courseId).toBeUndefined();
  });

  it("accepts labels in any script, as a course title may be", () => {
    expect(parseChatRequest({ ...ok, courseId: "数学 101 — Δ", preparationPageId: "Woche-3" }).ok).toBe(true);
  });

  it("accepts null or absent for every Study Coach label and the session id", () => {
    const result = parseChatRequest({ ...ok, studentId: null, courseId: null, preparationPageId: null, sessionId: null });
    expect(result).toMatchObject({ ok: true, request: { studentId: undefined, courseId: undefined, preparationPageId: undefined, sessionId: undefined } });
  });

  it("accepts a 60-turn conversation whose earlier answers are longer than a question may be", () => {
    const longAnswer = "a".repeat(REQUEST_LIMITS.maxMessageChars + 500);
    const messages = Array.from({ length: 60 }, (_, turn) => [{ role: "user", content: `q${turn}` }, { role: "assistant", content: longAnswer }]).flat();
    expect(parseChatRequest({ messages: [...messages, { role: "user", content: "question 61" }] }).ok).toBe(true);
  });

  it.each([
    ["not an object", [], "The body must be a JSON object"],
    ["no messages", {}, "messages must be an array"],
    ["empty messages", { messages: [] }, "messages must hold at least one message"],
    ["a bad role", { messages: [{ role: "bot", content: "x" }] }, 'messages[0].role must be "user", "assistant" or "system"'],
    ["content not a string", { messages: [{ role: "user", content: 5 }] }, "messages[0].content must be a string"],
    ["last message not from the user", { messages: [{ role: "user", content: "q" }, { role: "assistant", content: "a" }] }, 'messages[1].role the last message must be from "user"'],
    ["an empty question", { messages: [{ role: "user", content: "   " }] }, "messages[0].content the question must not be empty"],
    ["temperature too high", { ...ok, temperature: 1 }, "temperature must be between 0 and 0.99"],
    ["temperature as text", { ...ok, temperature: "0.5" }, "temperature must be a number between 0 and 0.99"],
    ["stream as text", { ...ok, stream: "no" }, "stream must be true or false"],
    ["a model without a name", { ...ok, model: { provider: "aws" } }, "model.name"],
    ["too many messages", { messages: Array.from({ length: REQUEST_LIMITS.maxMessages + 1 }, () => ({ role: "user", content: "q" })) }, `messages must hold at most ${REQUEST_LIMITS.maxMessages} messages`],
    ["a message too long", { messages: [{ role: "user", content: "x".repeat(REQUEST_LIMITS.maxMessageChars + 1) }] }, `messages[0].content must be at most ${REQUEST_LIMITS.maxMessageChars} characters`],
    ["a course id with a line break", { ...ok, courseId: "CSE110\r\nX-Evil: 1" }, "courseId must not contain control characters or line breaks"],
    ["a session id with a NUL", { ...ok, sessionId: "s\u0000" }, "sessionId must not contain control characters"],
    ["a system message over the system prompt's limit", { messages: [{ role: "system", content: "x".repeat(REQUEST_LIMITS.maxSystemPromptChars + 1) }, { role: "user", content: "q" }] }, `messages[0].content must be at most ${REQUEST_LIMITS.maxSystemPromptChars} characters`],
  ])("refuses %s, naming the field", (_name, body, expected) => {
    const result = parseChatRequest(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(expected);
  });
});
