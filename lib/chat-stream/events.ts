/**
 * The one event model shared by the server (encoders, handler) and the browser (hook).
 * Every stream is `start`, any number of `delta`, optional `metadata`, then exactly one
 * of `done` or `error`.
 */
import { z } from "zod";

/** The closed set of failure codes; tests assert on these, never on message wording. */
export const CHAT_ERROR_CODES = [
  "bad_request",
  "payload_too_large",
  "rate_limited",
  "upstream_unauthorized",
  "upstream_unavailable",
  "upstream_timeout",
  "upstream_error",
  "upstream_closed",
  "aborted",
  "internal",
  // Refusals of the route itself, before any CreateAI call.
  "forbidden",
  "duplicate",
  "overloaded",
  // Resumable answers: an unknown or expired answer, and a shared store that cannot be reached.
  "not_found",
  "store_unavailable",
] as const;

export type ChatErrorCode = (typeof CHAT_ERROR_CODES)[number];

export const chatErrorCodeSchema = z.enum(CHAT_ERROR_CODES);

export const modelSchema = z.object({
  provider: z.string().min(1),
  name: z.string().min(1),
});

/** Which CreateAI answered: the real platform or the local stand-in. */
export const upstreamKindSchema = z.enum(["createai", "local"]);

export const startDataSchema = z.object({
  messageId: z.string(),
  sessionId: z.string(),
  model: modelSchema,
  upstream: upstreamKindSchema,
});

export const deltaDataSchema = z.object({ text: z.string() });

export const doneDataSchema = z.object({
  text: z.string(),
  finishReason: z.string(),
  timing: z.object({ firstTokenMs: z.number().nullable(), totalMs: z.number() }),
});

export const errorDataSchema = z.object({
  code: chatErrorCodeSchema,
  message: z.string(),
  retryable: z.boolean(),
});

export const chatEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("start"), data: startDataSchema }),
  z.object({ type: z.literal("delta"), data: deltaDataSchema }),
  z.object({ type: z.literal("metadata"), data: z.unknown() }),
  z.object({ type: z.literal("done"), data: doneDataSchema }),
  z.object({ type: z.literal("error"), data: errorDataSchema }),
]);

export type ChatEvent = z.infer<typeof chatEventSchema>;
export type ChatErrorData = z.infer<typeof errorDataSchema>;
export type UpstreamKind = z.infer<typeof upstreamKindSchema>;
export type StartData = z.infer<typeof startDataSchema>;

/** Parses one SSE event (name + JSON data) into a typed event, or undefined if it is not ours. */
export function parseChatEvent(name: string, data: string): ChatEvent | undefined {
  let parsedData: unknown;
  try {
    parsedData = JSON.parse(data);
  } catch {
    return undefined;
  }
  const result = chatEventSchema.safeParse({ type: name, data: parsedData });
  return result.success ? result.data : undefined;
}
