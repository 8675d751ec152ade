/**
 * The body `useChat`'s `DefaultChatTransport` posts: `{ id?, messages: UIMessage[], trigger?,
 * messageId? }`. Messages are checked for their shape only (parts other than text pass through to
 * `convertToModelMessages`, which refuses what it cannot read); the last one must be the user's
 * question, with text, since that is what CreateAI answers.
 */
import { z } from "zod";
import { REQUEST_LIMITS } from "@/lib/chat-stream/request-schema";
import { uiMessagePartSchema } from "@/lib/chat-stream/ui-message-request";

// Parts other than text (step-start, reasoning, sources, files, tools…) keep every field for
// `convertToModelMessages`; a text part's length is bounded as on `/api/ws-chat`.
const partSchema = uiMessagePartSchema.refine(
  (part) => part.type !== "text" || typeof part.text !== "string" || part.text.length <= REQUEST_LIMITS.maxMessageChars,
  { message: `must be at most ${REQUEST_LIMITS.maxMessageChars} characters`, path: ["text"] },
);

const uiMessageSchema = z.object({
  id: z.string().max(REQUEST_LIMITS.maxIdChars),
  role: z.enum(["system", "user", "assistant"], { message: 'must be "system", "user" or "assistant"' }),
  parts: z.array(partSchema, { message: "must be an array of parts ({ type, … })" }),
  metadata: z.unknown().optional(),
});

function hasText(message: z.infer<typeof uiMessageSchema>): boolean {
  return message.parts.some((part) => part.type === "text" && typeof part.text === "string" && part.text.trim() !== "");
}

export const exampleChatRequestSchema = z.looseObject({
  id: z.string().max(REQUEST_LIMITS.maxIdChars).optional(),
  messages: z
    .array(uiMessageSchema, { message: "must be an array of UI messages ({ id, role, parts })" })
    .min(1, "must hold at least one message")
    .max(REQUEST_LIMITS.maxMessages, `must hold at most ${REQUEST_LIMITS.maxMessages} messages`)
    .refine((messages) => {
      const last = messages.at(-1);
      return last !== undefined && last.role === "user" && hasText(last);
    }, "must end with a user message that has text"),
});
