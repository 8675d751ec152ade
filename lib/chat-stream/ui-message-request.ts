/**
 * The body the AI SDK's `DefaultChatTransport` sends for `useChat`:
 * `{ id, messages: [{ id, role, parts }], trigger, messageId? }` plus whatever the app adds with
 * the transport's `body` option. It is recognised by `parts` on its messages, turned into our own
 * body and then validated by the one request schema, so every field rule and limit applies to it
 * exactly as to ours.
 *
 * - Text parts of a message are its content, joined as paragraphs; other parts (files,
 *   reasoning, tools, steps) are not something CreateAI reads, and are left out.
 * - `trigger: "regenerate-message"` answers the last user message again: an assistant message
 *   still at the end (the one being replaced) is dropped.
 * - The chat `id` names the AI SDK chat the answer belongs to, for `GET …/{id}/stream`. It is
 *   not a session: each request gets a new CreateAI session unless the app passes back a
 *   `sessionId` the route issued (in the transport's `body`), verified like any other.
 * - Such answers always stream, in the UI message stream protocol, and are always resumable.
 */
import { z } from "zod";
import { idLike, invalidRequestMessage, parseChatRequest, REQUEST_LIMITS, type ChatRequest, type MessageLimits } from "./request-schema";

/** A part of a UI message: its type, and a string `text` when it is a text part; other fields pass through. */
export const uiMessagePartSchema = z
  .looseObject({ type: z.string({ message: "must be a string" }), text: z.unknown().optional() })
  .refine((part) => part.type !== "text" || typeof part.text === "string", { message: 'a "text" part must have a string text', path: ["text"] });

const uiMessageSchema = z.object({
  role: z.enum(["user", "assistant", "system"], { message: 'must be "user", "assistant" or "system"' }),
  parts: z.array(uiMessagePartSchema, { message: "must be an array of { type, … } parts" }),
});

/** The AI SDK's own fields; the rest of the body is ours (the transport's `body` option). */
const uiMessageRequestSchema = z.looseObject({
  id: idLike,
  messages: z.array(uiMessageSchema, { message: "must be an array of { id, role, parts }" }).min(1, "must hold at least one message"),
  trigger: z.enum(["submit-message", "regenerate-message"], { message: 'must be "submit-message" or "regenerate-message"' }).optional(),
  messageId: z.string().nullish(),
});

export type UiMessagePart = z.infer<typeof uiMessagePartSchema>;

export type ParsedUiMessageRequest = { ok: true; request: ChatRequest; chatId: string } | { ok: false; message: string };

/** True when `body` is the AI SDK's: its messages carry `parts` rather than `content`. */
export function isUiMessageBody(body: unknown): boolean {
  if (typeof body !== "object" || body === null || !("messages" in body) || !Array.isArray(body.messages)) return false;
  return body.messages.some((message: unknown) => typeof message === "object" && message !== null && "parts" in message);
}

export function parseUiMessageRequest(body: unknown, limits: MessageLimits = REQUEST_LIMITS): ParsedUiMessageRequest {
  const result = uiMessageRequestSchema.safeParse(body);
  if (!result.success) return { ok: false, message: invalidRequestMessage(result.error.issues) };
  // `messageId` names the message regenerated or edited; the messages sent already reflect it.
  const { id: chatId, messages, trigger, messageId: _replaced, ...ours } = result.data;
  const conversation = messages.map((message) => ({ role: message.role, content: textOf(message.parts) }));
  if (trigger === "regenerate-message" && conversation.at(-1)?.role === "assistant") conversation.pop();

  const parsed = parseChatRequest({ ...ours, messages: conversation, stream: true, resumable: true }, limits);
  // Our schema names a message's text `content`; in this body it is the message's parts.
  if (!parsed.ok) return { ok: false, message: parsed.message.replaceAll("].content", "].parts") };
  return { ok: true, request: parsed.request, chatId };
}

/** What a message says: its text parts, in order, one paragraph each. */
export function textOf(parts: readonly UiMessagePart[]): string {
  const texts: string[] = [];
  for (const part of parts) if (part.type === "text" && typeof part.text === "string") texts.push(part.text);
  return texts.join("\n\n");
}

export type ParsedRequestBody = { ok: true; request: ChatRequest; aiSdkChatId: string | undefined } | { ok: false; message: string };

/** Either body the route accepts: ours, or the AI SDK's (then with its chat id). */
export function parseRequestBody(body: unknown, limits: MessageLimits = REQUEST_LIMITS): ParsedRequestBody {
  if (isUiMessageBody(body)) {
    const parsed = parseUiMessageRequest(body, limits);
    return parsed.ok ? { ok: true, request: parsed.request, aiSdkChatId: parsed.chatId } : parsed;
  }
  const parsed = parseChatRequest(body, limits);
  return parsed.ok ? { ok: true, request: parsed.request, aiSdkChatId: undefined } : parsed;
}
