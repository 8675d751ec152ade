/**
 * The body `useChat`'s `DefaultChatTransport` posts: `{ id?, messages: UIMessage[], trigger?,
 * messageId? }`. Messages are checked for their shape only (parts other than text pass through to
 * `convertToModelMessages`, which refuses what it cannot read); the last one must be the user's
 * question, with text, since that is what CreateAI answers.
 */
import { z } from "zod";

/** Bounds of one request: `/api/ws-chat`'s defaults. */
export const EXAMPLE_LIMITS = { maxMessages: 1000, maxTextChars: 32_000, maxBodyBytes: 1024 * 1024, bodyTimeoutMs: 10_000 } as const;

// Parts other than text (step-start, reasoning, sources, files, tools…) keep every field for `convertToModelMessages`.
const partSchema = z.looseObject({ type: z.string().min(1, "must name the part's type"), text: z.unknown().optional() }).superRefine((part, ctx) => {
  if (part.type !== "text") return;
  if (typeof part.text !== "string") ctx.addIssue({ code: "custom", path: ["text"], message: "must be a string" });
  else if (part.text.length > EXAMPLE_LIMITS.maxTextChars) {
    ctx.addIssue({ code: "custom", path: ["text"], message: `must be at most ${EXAMPLE_LIMITS.maxTextChars} characters` });
  }
});

const uiMessageSchema = z.object({
  id: z.string().max(200),
  role: z.enum(["system", "user", "assistant"], { message: 'must be "system", "user" or "assistant"' }),
  parts: z.array(partSchema, { message: "must be an array of parts ({ type, … })" }),
  metadata: z.unknown().optional(),
});

export type ExampleUIMessage = z.infer<typeof uiMessageSchema>;

function hasText(message: ExampleUIMessage): boolean {
  return message.parts.some((part) => part.type === "text" && typeof part.text === "string" && part.text.trim() !== "");
}

export const exampleChatRequestSchema = z.looseObject({
  id: z.string().max(200).optional(),
  messages: z
    .array(uiMessageSchema, { message: "must be an array of UI messages ({ id, role, parts })" })
    .min(1, "must hold at least one message")
    .max(EXAMPLE_LIMITS.maxMessages, `must hold at most ${EXAMPLE_LIMITS.maxMessages} messages`)
    .refine((messages) => {
      const last = messages.at(-1);
      return last !== undefined && last.role === "user" && hasText(last);
    }, "must end with a user message that has text"),
});

/** The first problem with a body, as `messages.2.role: must be …`, for a 400's message. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "The request body is not valid.";
  const path = issue.path.join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}
