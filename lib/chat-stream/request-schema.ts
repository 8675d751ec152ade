/**
 * The body of `POST /api/ws-chat`, validated at the edge before anything else happens.
 */
import { z } from "zod";

/**
 * Defaults; the message limits can be changed with WS_CHAT_MAX_MESSAGES and WS_CHAT_MAX_MESSAGE_CHARS.
 * `maxMessages` only guards the parser: a long conversation is not refused, its history is
 * trimmed oldest-first to the history budget (see `lib/createai/history-budget.ts`).
 * `maxMessageChars` applies to the question and to system messages; earlier turns are bounded by
 * the body limit and then by the history budget.
 */
export const REQUEST_LIMITS = {
  maxMessages: 1000,
  maxMessageChars: 32_000,
  maxSystemPromptChars: 16_000,
  maxIdChars: 200,
} as const;

export interface MessageLimits {
  maxMessages: number;
  maxMessageChars: number;
}

/** Control characters and line breaks: never meaningful in an id, and a header-injection risk. */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** An id a client chose: a string (or number) of 1 to 200 characters with no control characters. */
export const idLike = z
  .union([z.string(), z.number()])
  .transform(String)
  .pipe(
    z
      .string()
      .min(1, "must not be empty")
      .max(REQUEST_LIMITS.maxIdChars, `must be at most ${REQUEST_LIMITS.maxIdChars} characters`)
      .refine((value) => !CONTROL_CHARACTERS.test(value), "must not contain control characters or line breaks"),
  );

/** A label the Study Coach's pages may send as `null` (e.g. no `?courseId=` in the page URL). */
const optionalLabel = idLike.nullish().transform((value) => value ?? undefined);

const chatMessageSchema = z.object({
  role: z.enum(["user", "assistant", "system"], { message: 'must be "user", "assistant" or "system"' }),
  content: z.string({ message: "must be a string" }),
});

/** The request schema for the given message limits. */
export const createChatRequestSchema = (limits: MessageLimits = REQUEST_LIMITS) => z
  .object({
    messages: z
      .array(chatMessageSchema, { message: "must be an array of { role, content }" })
      .min(1, "must hold at least one message")
      .max(limits.maxMessages, `must hold at most ${limits.maxMessages} messages`),
    sessionId: optionalLabel,
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
    // Study Coach fields: labels for the prompt, never keys to state; null or absent when unknown.
    studentId: optionalLabel,
    courseId: optionalLabel,
    preparationPageId: optionalLabel,
    /** The answer outlives this request: resumable with GET /api/ws-chat/streams/{X-Message-Id}. */
    resumable: z.boolean({ message: "must be true or false" }).optional(),
    /** Lets a client mark a send so a repeated click can be recognised. */
    clientMessageId: idLike.optional(),
  })
  .superRefine((body, ctx) => {
    const lastIndex = body.messages.length - 1;
    const last = body.messages[lastIndex];
    if (last && last.role !== "user") {
      ctx.addIssue({ code: "custom", path: ["messages", lastIndex, "role"], message: 'the last message must be from "user"' });
    } else if (last && last.content.trim() === "") {
      ctx.addIssue({ code: "custom", path: ["messages", lastIndex, "content"], message: "the question must not be empty" });
    }
    // The question and system messages are what a caller writes now: they have length limits
    // (a system message the same as `systemPrompt`, which it joins). Earlier answers are not
    // refused for their length; the history budget trims them instead.
    body.messages.forEach((message, index) => {
      const limit = message.role === "system" ? REQUEST_LIMITS.maxSystemPromptChars : index === lastIndex ? limits.maxMessageChars : undefined;
      if (limit !== undefined && message.content.length > limit) {
        ctx.addIssue({ code: "custom", path: ["messages", index, "content"], message: `must be at most ${limit} characters` });
      }
    });
  });

const defaultSchema = createChatRequestSchema();
let customSchema: { limits: MessageLimits; schema: typeof defaultSchema } | undefined;

function schemaFor(limits: MessageLimits): typeof defaultSchema {
  if (limits.maxMessages === REQUEST_LIMITS.maxMessages && limits.maxMessageChars === REQUEST_LIMITS.maxMessageChars) {
    return defaultSchema;
  }
  if (customSchema?.limits.maxMessages !== limits.maxMessages || customSchema.limits.maxMessageChars !== limits.maxMessageChars) {
    customSchema = { limits: { ...limits }, schema: createChatRequestSchema(limits) };
  }
  return customSchema.schema;
}

export type ChatRequest = z.infer<typeof defaultSchema>;
/** The body a client sends: the schema's input side, before defaults. */
export type ChatRequestBody = z.input<typeof defaultSchema>;

export type ParsedChatRequest = { ok: true; request: ChatRequest } | { ok: false; message: string };

/** Validates a parsed JSON body; the message names each field at fault, e.g. `messages[0].role …`. */
export function parseChatRequest(body: unknown, limits: MessageLimits = REQUEST_LIMITS): ParsedChatRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, message: "The body must be a JSON object with a messages array." };
  }
  const result = schemaFor(limits).safeParse(body);
  if (result.success) return { ok: true, request: result.data };
  return { ok: false, message: invalidRequestMessage(result.error.issues) };
}

/** `Invalid request: messages[0].role must be …; …` for the first five problems. */
export function invalidRequestMessage(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  const problems = issues.slice(0, 5).map((issue) => `${formatPath(issue.path)} ${issue.message}`);
  return `Invalid request: ${problems.join("; ")}.`;
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let text = "";
  for (const part of path) text += typeof part === "number" ? `[${part}]` : text === "" ? String(part) : `.${String(part)}`;
  return text || "body";
}
