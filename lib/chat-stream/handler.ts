/**
 * `POST /api/ws-chat` as a plain `(Request) => Promise<Response>`, on web-standard APIs only,
 * so it runs unchanged on the Edge runtime, the Node.js runtime and in tests.
 */
import { ConfigError, loadCreateAIConfig, type CreateAIConfig } from "../createai/config";
import { describeError } from "../createai/redact";
import { defaultSocketFactory, systemClock, type Clock, type SocketFactory } from "../createai/socket";
import { ChatError } from "./errors";
import { createEventRelay } from "./event-relay";
import { answerResponse, errorResponse } from "./http-responses";
import { consoleLogger, type Logger } from "./logger";
import { PLAIN_TEXT_HEADERS } from "./plain-text-encoder";
import { readBodyWithLimit } from "./read-body";
import { parseChatRequest } from "./request-schema";
import { resolveCreateAIQuery } from "./resolve-query";
import { createResponseStream } from "./response-stream";
import { runChat, type ChatRunDeps, type ChatRunSummary } from "./run-chat";
import { SSE_HEADERS, SSE_PING_INTERVAL_MS } from "./sse-encoder";

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

export interface ChatHandlerOptions {
  /** Where configuration comes from; default `process.env`, read on each request. */
  env?: Record<string, string | undefined>;
  /** A fixed configuration instead of `env`. */
  config?: CreateAIConfig;
  createSocket?: SocketFactory;
  fetch?: typeof fetch;
  clock?: Clock;
  newId?: () => string;
  logger?: Logger;
  pingIntervalMs?: number;
  maxBodyBytes?: number;
}

export type ChatHandler = (request: Request) => Promise<Response>;

export function createChatHandler(options: ChatHandlerOptions = {}): ChatHandler {
  const logger = options.logger ?? consoleLogger;
  const clock = options.clock ?? systemClock;
  const newId = options.newId ?? (() => crypto.randomUUID());
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const pingIntervalMs = options.pingIntervalMs ?? SSE_PING_INTERVAL_MS;
  const readConfig = options.config ? () => options.config as CreateAIConfig : memoizedConfigReader(options.env);
  let socketFactory: Promise<SocketFactory> | undefined = options.createSocket && Promise.resolve(options.createSocket);

  return async function handleChatRequest(request: Request): Promise<Response> {
    if (request.method !== "POST") {
      return errorResponse("bad_request", `Method ${request.method} is not allowed; use POST.`, {
        status: 405,
        headers: { Allow: "POST" },
      });
    }

    const body = await readBodyWithLimit(request, maxBodyBytes);
    if (!body.ok) {
      return body.reason === "too_large"
        ? errorResponse("payload_too_large", `The request body is larger than the limit of ${maxBodyBytes} bytes.`)
        : errorResponse("bad_request", "The request body could not be read.");
    }
    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch {
      return errorResponse("bad_request", "The request body is not valid JSON.");
    }
    const parsed = parseChatRequest(json);
    if (!parsed.ok) return errorResponse("bad_request", parsed.message);

    let config: CreateAIConfig;
    try {
      config = readConfig();
      socketFactory ??= defaultSocketFactory();
    } catch (error) {
      const message = error instanceof ConfigError ? error.message : "The server could not read its configuration.";
      logger.error({ event: "ws-chat.config-error", detail: describeError(error) });
      return errorResponse("internal", message);
    }
    const deps: ChatRunDeps = {
      config,
      createSocket: await socketFactory,
      fetch: options.fetch ?? fetch,
      clock,
      newId,
      logger,
    };

    const query = resolveCreateAIQuery(parsed.request, config, newId);
    const upstreamAbort = new AbortController();
    const abortUpstream = () => upstreamAbort.abort();
    request.signal?.addEventListener("abort", abortUpstream, { once: true });

    const relay = createEventRelay();
    const requestId = newId();
    const run = runChat(query, deps, relay.push, upstreamAbort.signal).then(
      (summary) => {
        request.signal?.removeEventListener("abort", abortUpstream);
        logRun(logger, requestId, config, summary);
        return summary;
      },
      (error: unknown) => {
        logger.error({ event: "ws-chat.internal-error", requestId, detail: describeError(error, config.token) });
        relay.push({ type: "error", data: new ChatError("internal").toData() });
        return undefined;
      },
    );

    if (!parsed.request.stream) {
      await run;
      return completeAnswerResponse(relay.buffered());
    }

    const first = await relay.firstOutput;
    if (first.type === "error") return errorResponse(first.data.code, first.data.message);

    const format = (request.headers.get("accept") ?? "").includes("text/event-stream") ? "sse" : "text";
    // Read before the stream attaches: attaching drains the buffer.
    const start = relay.buffered().find((event) => event.type === "start");
    const stream = createResponseStream(relay, { format, pingIntervalMs, onCancel: abortUpstream });
    const idHeaders: Record<string, string> =
      start?.type === "start" ? { "X-Message-Id": start.data.messageId, "X-Session-Id": start.data.sessionId } : {};
    return new Response(stream, {
      status: 200,
      headers: { ...(format === "sse" ? SSE_HEADERS : PLAIN_TEXT_HEADERS), ...idHeaders },
    });
  };
}

/** `stream: false`: the whole answer as JSON, or an error that keeps any partial text. */
function completeAnswerResponse(events: ReturnType<ReturnType<typeof createEventRelay>["buffered"]>): Response {
  let messageId = "";
  let sessionId = "";
  let metadata: unknown;
  let partialText = "";
  for (const event of events) {
    if (event.type === "start") ({ messageId, sessionId } = event.data);
    else if (event.type === "delta") partialText += event.data.text;
    else if (event.type === "metadata") metadata = event.data;
    else if (event.type === "done") {
      return answerResponse({ text: event.data.text, messageId, sessionId, finishReason: event.data.finishReason, metadata });
    } else if (event.type === "error") {
      return errorResponse(event.data.code, event.data.message, {
        extra: partialText ? { partialText, messageId, sessionId } : { messageId, sessionId },
      });
    }
  }
  return errorResponse("internal");
}

function memoizedConfigReader(env: Record<string, string | undefined> | undefined): () => CreateAIConfig {
  let cachedKey: string | undefined;
  let cached: CreateAIConfig | undefined;
  return () => {
    const source = env ?? process.env;
    const key = Object.keys(source)
      .filter((name) => name.startsWith("CREATE_AI_"))
      .map((name) => `${name}=${source[name]}`)
      .join("\n");
    if (cached === undefined || key !== cachedKey) {
      cached = loadCreateAIConfig(source);
      cachedKey = key;
    }
    return cached;
  };
}

function logRun(logger: Logger, requestId: string, config: CreateAIConfig, summary: ChatRunSummary): void {
  const record = {
    event: "ws-chat.stream",
    requestId,
    upstream: config.upstream,
    outcome: summary.outcome,
    code: summary.code,
    firstTokenMs: summary.firstTokenMs,
    totalMs: summary.totalMs,
    chars: summary.chars,
    closeCode: summary.closeCode,
    restFallback: summary.usedRestFallback || undefined,
    detail: summary.detail,
  };
  if (summary.outcome === "done" || summary.code === "aborted") logger.info(record);
  else logger.warn(record);
}
