/**
 * The AI SDK's request body (what `DefaultChatTransport` sends): recognised by `parts`, mapped
 * to our request, then held to the same schema and limits as our own body.
 */
import { describe, expect, it } from "vitest";
import { REQUEST_LIMITS } from "@/lib/chat-stream/request-schema";
import { isUiMessageBody, parseRequestBody, parseUiMessageRequest } from "@/lib/chat-stream/ui-message-request";

const user = (text: string, id = "u1") => ({ id, role: "user", parts: [{ type: "text", text }] });
const assistant = (text: string, id = "a1") => ({ id, role: "assistant", parts: [{ type: "step-start" }, { type: "text", text, state: "done" }] });
const body = (messages: unknown[], extra: Record<string, unknown> = {}) => ({ id: "chat-1", messages, trigger: "submit-message", ...extra });

function parsed(input: unknown) {
  const result = parseUiMessageRequest(input);
  if (!result.ok) throw new Error(result.message);
  return result;
}

function refusal(input: unknown): string {
  const result = parseUiMessageRequest(input);
  if (result.ok) throw new Error("expected a refusal");
  return result.message;
}

describe("recognising the AI SDK's body", () => {
  it.each<[string, unknown, boolean]>([
    ["messages with parts", body([user("hi")]), true],
    ["one message with parts among others", { messages: [{ role: "user", content: "a" }, user("b")] }, true],
    ["our own body", { messages: [{ role: "user", content: "hi" }] }, false],
    ["no messages", { id: "x" }, false],
    ["messages that are not a list", { messages: { parts: [] } }, false],
    ["not an object", [user("hi")], false],
    ["null", null, false],
  ])("%s: %s", (_name, input, expected) => {
    expect(isUiMessageBody(input)).toBe(expected);
  });
});

describe("mapping the AI SDK's body to our request", () => {
  it("takes the chat id, always streams and is always resumable", () => {
    const result = parsed(body([user("What is a derivative?")]));
    expect(result.chatId).toBe("chat-1");
    expect(result.request).toMatchObject({ messages: [{ role: "user", content: "What is a derivative?" }], stream: true, resumable: true });
  });

  it("joins a message's text parts as paragraphs and leaves other parts out", () => {
    const message = {
      id: "u1",
      role: "user",
      parts: [{ type: "text", text: "First." }, { type: "file", mediaType: "image/png", url: "data:," }, { type: "reasoning", text: "hidden" }, { type: "text", text: "Second." }],
    };
    expect(parsed(body([message])).request.messages).toEqual([{ role: "user", content: "First.\n\nSecond." }]);
  });

  it("keeps earlier turns and system messages, as our body would", () => {
    const system = { id: "s", role: "system", parts: [{ type: "text", text: "Be brief." }] };
    expect(parsed(body([system, user("Q1"), assistant("A1"), user("Q2", "u2")])).request.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Q1" },
      { role: "assistant", content: "A1" },
      { role: "user", content: "Q2" },
    ]);
  });

  it("regenerates: an assistant message still at the end is dropped, the last question asked again", () => {
    const input = body([user("Q1"), assistant("A1"), user("Q2", "u2"), assistant("A2", "a2")], { trigger: "regenerate-message", messageId: "a2" });
    expect(parsed(input).request.messages.map((message) => message.content)).toEqual(["Q1", "A1", "Q2"]);
    // As DefaultChatTransport sends it: the replaced answer already cut off.
    expect(parsed(body([user("Q1")], { trigger: "regenerate-message", messageId: "a1" })).request.messages).toEqual([{ role: "user", content: "Q1" }]);
  });

  it("passes our own fields from the transport's body and drops unknown ones", () => {
    const result = parsed(body([user("hi")], { enableSearch: true, temperature: 0.2, courseId: "BIO-101", stream: false, resumable: false, favouriteColour: "teal" }));
    expect(result.request).toMatchObject({ enableSearch: true, temperature: 0.2, courseId: "BIO-101", stream: true, resumable: true });
    expect(result.request).not.toHaveProperty("favouriteColour");
    expect(result.request).not.toHaveProperty("trigger");
    expect(result.request).not.toHaveProperty("id");
  });
});

describe("refusing an AI SDK body", () => {
  it.each<[string, unknown, string]>([
    ["without a chat id", { messages: [user("hi")] }, "id "],
    ["with an empty chat id", body([user("hi")], { id: "" }), "id must not be empty"],
    ["with a chat id holding a line break", body([user("hi")], { id: "a\nb" }), "id must not contain control characters"],
    ["with no messages", body([]), "messages must hold at least one message"],
    ["with a role not in the protocol", body([{ id: "x", role: "tool", parts: [] }]), "messages[0].role must be"],
    ["with parts that are not a list", body([{ id: "x", role: "user", parts: "hi" }]), "messages[0].parts must be an array"],
    ["with a text part without text", body([{ id: "x", role: "user", parts: [{ type: "text" }] }]), 'messages[0].parts[0].text a "text" part must have a string text'],
    ["with an unknown trigger", body([user("hi")], { trigger: "resume-stream" }), "trigger must be"],
    ["ending with an answer, not a question", body([user("Q"), assistant("A")]), 'messages[1].role the last message must be from "user"'],
    ["whose question has no text", body([{ id: "x", role: "user", parts: [{ type: "file", mediaType: "image/png", url: "data:," }] }]), "messages[0].parts the question must not be empty"],
    ["whose question is over the limit", body([user("x".repeat(REQUEST_LIMITS.maxMessageChars + 1))]), `messages[0].parts must be at most ${REQUEST_LIMITS.maxMessageChars} characters`],
    ["with a field of ours that is wrong", body([user("hi")], { temperature: 3 }), "temperature must be between 0 and 0.99"],
  ])("%s", (_name, input, expected) => {
    const message = refusal(input);
    expect(message.startsWith("Invalid request: ")).toBe(true);
    expect(message).toContain(expected);
  });

  it("with the message limits the server was given", () => {
    const result = parseUiMessageRequest(body([user("Q1"), assistant("A1"), user("Q2", "u2")]), { maxMessages: 2, maxMessageChars: 100 });
    expect(result).toEqual({ ok: false, message: "Invalid request: messages must hold at most 2 messages." });
  });
});

describe("either body", () => {
  it("is ours without parts, with no AI SDK chat", () => {
    expect(parseRequestBody({ messages: [{ role: "user", content: "hi" }] })).toMatchObject({ ok: true, aiSdkChatId: undefined });
  });

  it("is the AI SDK's with parts, with its chat", () => {
    expect(parseRequestBody(body([user("hi")]))).toMatchObject({ ok: true, aiSdkChatId: "chat-1", request: { resumable: true } });
  });
});
