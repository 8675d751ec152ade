import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONVERSATION_WINDOW, windowConversation, type WireMessage } from "@/lib/chat-client/conversation-window";
import { REQUEST_LIMITS } from "@/lib/chat-stream/request-schema";
import { utf8Length } from "@/lib/createai/utf8-length";

const user = (content: string): WireMessage => ({ role: "user", content });
const assistant = (content: string): WireMessage => ({ role: "assistant", content });
const exchanges = (count: number, answer: (turn: number) => string) =>
  Array.from({ length: count }, (_, turn) => [user(`q${turn}`), assistant(answer(turn))]).flat();

describe("windowConversation", () => {
  it("sends a short conversation whole", () => {
    const messages = [...exchanges(3, (turn) => `a${turn}`), user("next")];
    expect(windowConversation(messages)).toEqual(messages);
  });

  it("keeps the newest whole exchanges within the message budget, and always the question", () => {
    const sent = windowConversation([...exchanges(60, (turn) => `a${turn}`), user("question 61")], { maxMessages: 6, maxBytes: 10_000 });
    expect(sent.map((message) => message.content)).toEqual(["q57", "a57", "q58", "a58", "q59", "a59", "question 61"]);
  });

  it("keeps the newest whole exchanges within the byte budget", () => {
    const sent = windowConversation([...exchanges(10, () => "x".repeat(1_000)), user("next")], { maxMessages: 100, maxBytes: 3_100 });
    expect(sent.map((message) => message.content.slice(0, 3))).toEqual(["q7", "xxx", "q8", "xxx", "q9", "xxx", "nex"]);
  });

  it("never sends an answer without its question", () => {
    // Room for one message more than the newest exchange, never for half an exchange.
    const sent = windowConversation([...exchanges(2, (turn) => `a${turn}`), user("next")], { maxMessages: 3, maxBytes: 10_000 });
    expect(sent.map((message) => message.content)).toEqual(["q1", "a1", "next"]);
  });

  it("sends only the question when the newest answer alone is over the budget", () => {
    expect(windowConversation([user("q"), assistant("x".repeat(70_000)), user("next")])).toEqual([user("next")]);
  });

  it("keeps an unanswered question (a stopped answer) on its own", () => {
    const sent = windowConversation([user("q0"), assistant("a0"), user("stopped early"), user("next")]);
    expect(sent.map((message) => message.content)).toEqual(["q0", "a0", "stopped early", "next"]);
  });

  it("stays inside the route's limits for any conversation", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ role: fc.constantFrom("user" as const, "assistant" as const), content: fc.string({ maxLength: 9_000 }) }), { maxLength: 120 }), (earlier) => {
        const sent = windowConversation([...earlier, user("question")]);
        expect(sent.at(-1)).toEqual(user("question"));
        expect(sent.length).toBeLessThanOrEqual(DEFAULT_CONVERSATION_WINDOW.maxMessages + 1);
        expect(sent.length).toBeLessThan(REQUEST_LIMITS.maxMessages);
        expect(sent.slice(0, -1).reduce((sum, message) => sum + utf8Length(message.content), 0)).toBeLessThanOrEqual(DEFAULT_CONVERSATION_WINDOW.maxBytes);
        // A contiguous run of the newest messages.
        expect(sent.slice(0, -1)).toEqual(earlier.slice(earlier.length - (sent.length - 1)));
      }),
      { numRuns: 200 },
    );
  });
});
