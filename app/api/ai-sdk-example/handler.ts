/**
 * `POST /api/ai-sdk-example` as a plain `(Request) => Promise<Response>`: the AI SDK's own way of
 * answering `useChat`, with the CreateAI provider as the model. Parse and validate first (the
 * same origin rule as `/api/ws-chat`, a bounded body, a zod schema, `convertToModelMessages`):
 * bad input is a 400 that never reaches CreateAI. Then `streamText(…).toUIMessageStreamResponse()`.
 */
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { convertToModelMessages, streamText, type UIMessage } from "ai";
import { createAIErrorData } from "@/lib/ai-sdk";
import { SAFE_MESSAGE_BY_CODE } from "@/lib/chat-stream/errors";
import { checkContentType, checkOrigin, type OriginPolicy } from "@/lib/chat-stream/guards/origin-policy";
import { errorResponse } from "@/lib/chat-stream/http-responses";
import { consoleLogger, type Logger } from "@/lib/chat-stream/logger";
import { readBodyWithLimit } from "@/lib/chat-stream/read-body";
import { memoizeOnEnv } from "@/lib/chat-stream/memoize-on-env";
import { invalidRequestMessage } from "@/lib/chat-stream/request-schema";
import { loadServerSettings, WS_CHAT_VARIABLES } from "@/lib/chat-stream/server-settings";
import { describeError } from "@/lib/createai/redact";
import { exampleChatRequestSchema } from "./request-schema";

export interface ExampleChatHandlerOptions {
  model: LanguageModelV3;
  /** Which pages may call it; default `WS_CHAT_SITE_ORIGIN` / `WS_CHAT_ALLOWED_ORIGINS`, as for `/api/ws-chat`. */
  originPolicy?: OriginPolicy;
  logger?: Logger;
}

export function createExampleChatHandler(options: ExampleChatHandlerOptions): (request: Request) => Promise<Response> {
  const logger = options.logger ?? consoleLogger;
  // The WS_CHAT_* settings of /api/ws-chat: read again only when one of them changes.
  const readSettings = memoizeOnEnv(undefined, WS_CHAT_VARIABLES, loadServerSettings);

  return async function handleExampleChat(request: Request): Promise<Response> {
    let settings: ReturnType<typeof readSettings>;
    try {
      settings = readSettings();
    } catch (error) {
      // A malformed WS_CHAT_* setting: the message names it, for the log.
      logger.error({ event: "ai-sdk-example.config-error", detail: describeError(error) });
      return errorResponse("internal");
    }
    const origin = checkOrigin(request, options.originPolicy ?? settings);
    if (!origin.ok) return errorResponse("forbidden", origin.message, { status: origin.status });
    const contentType = checkContentType(request);
    if (!contentType.ok) return errorResponse("bad_request", contentType.message, { status: contentType.status });

    const body = await readBodyWithLimit(request, { maxBytes: settings.maxBodyBytes, timeoutMs: settings.bodyTimeoutMs });
    if (!body.ok) {
      if (body.reason === "too_large") return errorResponse("payload_too_large");
      if (body.reason === "too_slow") return errorResponse("bad_request", "The request body took too long to arrive.", { status: 408 });
      return errorResponse("bad_request", "The request body could not be read.");
    }
    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch {
      return errorResponse("bad_request", "The request body is not valid JSON.");
    }
    const parsed = exampleChatRequestSchema.safeParse(json);
    if (!parsed.success) return errorResponse("bad_request", invalidRequestMessage(parsed.error.issues));

    let messages;
    try {
      messages = await convertToModelMessages(parsed.data.messages as UIMessage[]);
    } catch (error) {
      return errorResponse("bad_request", `messages: ${describeError(error)}`);
    }

    const result = streamText({
      model: options.model,
      messages,
      // The browser leaving closes the CreateAI socket.
      abortSignal: request.signal,
      onError: ({ error }) => {
        const failure = createAIErrorData(error);
        logger.error({ event: "ai-sdk-example.error", code: failure?.code ?? "internal", detail: failure?.detail ?? describeError(error) });
      },
    });
    return result.toUIMessageStreamResponse({
      // The browser gets words it can show; the cause went to the log above.
      onError: (error) => SAFE_MESSAGE_BY_CODE[createAIErrorData(error)?.code ?? "internal"],
    });
  };
}
