/**
 * The body of `POST /api/ws-chat`, validated at the edge before anything else happens.
 */
import { z } from "zod";

export const REQUEST_LIMITS = {
  maxMessages: 100,
  maxMessageChars: 32_000,
  maxSystemPromptChars: 16_000,
  maxIdChars: 200,
} as const;

const idLike = z.union([z.string(), z.number()]).transform(String).pipe(
  z.string().min(1, "must not be empty").max(REQUEST_LIMITS.maxIdChars, `must be at most ${REQUEST_LIMITS.maxIdChars} characters`),
);

export const chatMessageSchema = z.object({
  role: z.enum(["user", "assistant", "system"], { message: 'must be "user", "assistant" or "system"' }),
  content: z
    .string({ message: "must be a string" })
    .max(REQUEST_LIMITS.maxMessageChars, `must be at most ${REQUEST_LIMITS.maxMessageChars} characters`),
});

export const chatRequestSchema = z
  .object({
    messages: z
      .array(chatMessageSchema, { message: "must be an array of { role, content }" })
      .min(1, "must hold at least one message")
      .max(REQUEST_LIMITS.maxMessages, `must hold at most ${REQUEST_LIMITS.maxMessages} messages`),
    sessionId: idLike.optional(),
    systemPrompt: z
      .string({ message: "must be a string" })
      .max(REQUEST_LIMITS.maxSystemPromptChars, `must be at most ${REQUEST_LIMITS.maxSystemPromptChars} characters`)
      .optional(),
    temperature: z.number({ message: "must be a number between 0 and 0.99" }).min(0, "must be between 0 and 0.99").max(0.99, "must be between 0 and 0.99").optional(),
    model: z
      .object(
        { provider: z.string().min(1).max(100), name: z.string().min(1).max(100) },
        { message: "must be { provider, name }" },
      )
      .optional(),
    enableSearch: z.boolean({ message: "must be true or false" }).optional(),
    stream: z.boolean({ message: "must be true or false" }).optional().default(true),
    // Study Coach fields: scope the session and the prompt.
    studentId: idLike.optional(),
    courseId: idLike.optional(),
    preparationPageId: idLike.optional(),
    /** Lets a client mark a send so a repeated click can be recognised. */
    clientMessageId: idLike.optional(),
  })
  .superRefine((body, ctx) => {
    const last = body.messages[body.messages.length - 1];
    if (last && last.role !== "user") {
      ctx.addIssue({ code: "custom", path: ["messages", body.messages.length - 1, "role"], message: 'the last message must be from "user"' });
    } else if (last && last.content.trim() === "") {
      ctx.addIssue({ code: "custom", path: ["messages", body.messages.length - 1, "content"], message: "the question must not be empty" });
    }
  });

export type ChatRequest = z.infer<typeof chatRequestSchema>;

export type ParsedChatRequest = { ok: true; request: ChatRequest } | { ok: false; message: string };

/** Validates a parsed JSON body; the message names each field at fault, e.g. `messages[0].role …`. */
export function parseChatRequest(body: unknown): ParsedChatRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, message: "The body must be a JSON object with a messages array." };
  }
  const result = chatRequestSchema.safeParse(body);
  if (result.success) return { ok: true, request: result.data };
  const problems = result.error.issues.slice(0, 5).map((issue) => `${formatPath(issue.path)} ${issue.message}`);
  return { ok: false, message: `Invalid request: ${problems.join("; ")}.` };
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let text = "";
  for (const part of path) text += typeof part === "number" ? `[${part}]` : text === "" ? String(part) : `.${String(part)}`;
  return text || "body";
}
