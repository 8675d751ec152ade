/**
 * `/api/ws-chat` as a plain `(Request) => Promise<Response>`, on web-standard APIs only, so it
 * runs unchanged on the Edge runtime, the Node.js runtime and in tests.
 */
import { ConfigError, CREATE_AI_VARIABLES, loadCreateAIConfig, type CreateAIConfig } from "../createai/config";
import { describeError } from "../createai/redact";
import { defaultSocketFactory, systemClock, type Clock, type SocketFactory } from "../createai/socket";
import { admitChatRequest } from "./admission";
import { completeAnswerResponse, streamedAnswerResponse } from "./answer-response";
import { clientKeyOf, hashClientKey } from "./guards/client-key";
import { createDuplicateSends } from "./guards/duplicate-sends";
import { createMemoryRateLimitStore, type RateLimitStore } from "./guards/rate-limiter";
import { createStreamSlots } from "./guards/stream-slots";
import { errorResponse } from "./http-responses";
import { consoleLogger, type Logger } from "./logger";
import { createChatMetrics, type ChatMetrics } from "./metrics";
import { metricsResponse } from "./metrics-endpoint";
import { resolveCreateAIQuery } from "./resolve-query";
import type { ChatRunDeps } from "./run-chat";
import { loadServerSettings, WS_CHAT_VARIABLES, type ServerSettings } from "./server-settings";
import { SSE_PING_INTERVAL_MS } from "./sse-encoder";
import { startChat } from "./start-chat";
import { logRefusal, logStream } from "./stream-log";

export interface ChatHandlerOptions {
  /** Where configuration comes from; default `process.env`, re-read when it changes. */
  env?: Record<string, string | undefined>;
  /** Fixed configurations instead of `env`. */
  config?: CreateAIConfig;
  settings?: ServerSettings;
  createSocket?: SocketFactory;
  fetch?: typeof fetch;
  clock?: Clock;
  newId?: () => string;
  logger?: Logger;
  pingIntervalMs?: number;
  rateLimitStore?: RateLimitStore;
  metrics?: ChatMetrics;
}

export type ChatHandler = (request: Request) => Promise<Response>;

export function createChatHandler(options: ChatHandlerOptions = {}): ChatHandler {
  const logger = options.logger ?? consoleLogger;
  const clock = options.clock ?? systemClock;
  const newId = options.newId ?? (() => crypto.randomUUID());
  const pingIntervalMs = options.pingIntervalMs ?? SSE_PING_INTERVAL_MS;
  const readConfig = options.config ? () => options.config as CreateAIConfig : memoizeOnEnv(options.env, CREATE_AI_VARIABLES, loadCreateAIConfig);
  const readSettings = options.settings
    ? () => options.settings as ServerSettings
    : memoizeOnEnv(options.env, WS_CHAT_VARIABLES, loadServerSettings);
  const metrics = options.metrics ?? createChatMetrics();
  const rateLimits = options.rateLimitStore ?? createMemoryRateLimitStore();
  const slots = createStreamSlots();
  const duplicates = createDuplicateSends();
  let socketFactory: Promise<SocketFactory> | undefined = options.createSocket && Promise.resolve(options.createSocket);

  return async function handleChatRequest(request: Request): Promise<Response> {
    let settings: ServerSettings;
    let config: CreateAIConfig;
    try {
      settings = readSettings();
      config = readConfig();
      socketFactory ??= defaultSocketFactory();
    } catch (error) {
      const message = error instanceof ConfigError ? error.message : "The server could not read its configuration.";
      logger.error({ event: "ws-chat.config-error", detail: describeError(error) });
      return errorResponse("internal", message);
    }

    if (isMetricsRequest(request)) return metricsResponse(request, settings.metricsToken, metrics);

    const requestId = newId();
    const clientKey = clientKeyOf(request, settings.trustProxy);
    const admission = await admitChatRequest(request, { settings, clientKey, now: clock.now(), rateLimits, slots, duplicates });
    if (!admission.ok) {
      const { code, response } = admission;
      metrics.refused(code, response.status);
      logRefusal(logger, { requestId, clientKeyHash: await hashClientKey(clientKey), status: response.status, code });
      return response;
    }
    const { request: chat, release } = admission.admitted;

    const deps: ChatRunDeps = { config, createSocket: await socketFactory, fetch: options.fetch ?? fetch, clock, newId, logger };
    const query = resolveCreateAIQuery(chat, config, newId);
    const wantsSse = (request.headers.get("accept") ?? "").includes("text/event-stream");
    const format = !chat.stream ? "json" : wantsSse ? "sse" : "text";
    let bytes = 0;
    let jsonAnswer: Response | undefined;
    metrics.streamStarted();
    const { relay, finished, abort } = startChat(query, deps, request.signal);
    const run = finished.then(async (summary) => {
      release(clock.now());
      if (format === "json") {
        // Built before the log line so the line carries the answer's real size.
        const answer = completeAnswerResponse(relay.buffered());
        jsonAnswer = answer.response;
        bytes = answer.bytes;
      }
      metrics.streamEnded({ outcome: summary.outcome, code: summary.code, firstTextMs: summary.firstTokenMs, durationMs: summary.totalMs, bytes });
      logStream(logger, { requestId, clientKeyHash: await hashClientKey(clientKey), upstream: config.upstream, format, bytes, summary });
    });

    if (format === "json") {
      await run;
      return jsonAnswer as Response;
    }
    return streamedAnswerResponse(relay, {
      wantsSse,
      pingIntervalMs,
      onCancel: abort,
      onSent: (sent) => {
        bytes += sent;
      },
    });
  };
}

/** `GET /api/ws-chat/metrics` reaches this handler through a rewrite that adds `?metrics`. */
function isMetricsRequest(request: Request): boolean {
  if (request.method !== "GET") return false;
  const url = new URL(request.url);
  return url.pathname.endsWith("/metrics") || url.searchParams.has("metrics");
}

/** Re-reads a configuration only when one of its environment variables changes. */
function memoizeOnEnv<T>(
  env: Record<string, string | undefined> | undefined,
  names: readonly string[],
  load: (env: Record<string, string | undefined>) => T,
): () => T {
  let cachedKey: string | undefined;
  let cached: T | undefined;
  return () => {
    const source = env ?? process.env;
    let key = "";
    for (const name of names) key += `${source[name] ?? ""}\u0000`;
    if (cached === undefined || key !== cachedKey) {
      cached = load(source);
      cachedKey = key;
    }
    return cached;
  };
}
