/**
 * `/api/ws-chat` as a plain `(Request) => Promise<Response>`, on web-standard APIs only, so it
 * runs unchanged on the Edge runtime, the Node.js runtime and in tests.
 */
import { ConfigError, CREATE_AI_VARIABLES, loadCreateAIConfig, type CreateAIConfig } from "../createai/config";
import { chatKeyOf, type AnswerStore } from "../answers/answer-store";
import { createMemoryAnswerStore } from "../answers/memory-answer-store";
import { registerAnswer, resumableAnswerResponse } from "../answers/resumable-answer";
import { answerStoreRequest, answerStreamResponse, chatStreamResponse } from "../answers/stream-endpoints";
import { describeError } from "../createai/redact";
import { defaultSocketFactory, systemClock, type Clock, type SocketFactory } from "../createai/socket";
import { admitChatRequest } from "./admission";
import { completeAnswerResponse, streamedAnswerResponse } from "./answer-response";
import { clientKeyOf, hashClientKey } from "./guards/client-key";
import { createDuplicateSends, type DuplicateSends } from "./guards/duplicate-sends";
import { createLoginFailures } from "./guards/login-failures";
import { checkModel, type ModelRef } from "./guards/model-policy";
import type { ChatErrorCode } from "./events";
import { createMemoryRateLimitStore, type RateLimitStore } from "./guards/rate-limiter";
import { createStreamSlots, type StreamSlots } from "./guards/stream-slots";
import { errorResponse } from "./http-responses";
import { consoleLogger, type Logger } from "./logger";
import { createChatMetrics, type ChatMetrics } from "./metrics";
import { METRICS_LOGIN_LIMITS, metricsResponse } from "./metrics-endpoint";
import { resolveCreateAIQuery } from "./resolve-query";
import type { StreamFormat } from "./response-stream";
import { chatStreamIdOf, methodNotAllowedResponse, optionsResponse, routePathOf, servesMethod, streamIdOf } from "./route-methods";
import type { ChatRunDeps } from "./run-chat";
import { memoizeOnEnv } from "./memoize-on-env";
import { loadServerSettings, WS_CHAT_VARIABLES, type ServerSettings } from "./server-settings";
import { createSessionIssuer, generateSessionSecret, type ChatUser, type SessionIssuer } from "./sessions";
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
  /** Where rate limits, stream slots and duplicate claims are kept; default: this process's memory. */
  rateLimitStore?: RateLimitStore;
  streamSlots?: StreamSlots;
  duplicateSends?: DuplicateSends;
  metrics?: ChatMetrics;
  /**
   * The host app's authentication: the user a request comes from, or null for nobody. When set,
   * every session the route issues is bound to that user, and only that user can continue it.
   */
  identify?: (request: Request) => ChatUser | null | undefined | Promise<ChatUser | null | undefined>;
  /** Where resumable answers live; default: this process's memory. */
  answerStore?: AnswerStore;
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
  const slots = options.streamSlots ?? createStreamSlots();
  const duplicates = options.duplicateSends ?? createDuplicateSends();
  const metricsLoginFailures = createLoginFailures(METRICS_LOGIN_LIMITS);
  const answers = options.answerStore ?? createMemoryAnswerStore();
  let socketFactory: Promise<SocketFactory> | undefined = options.createSocket && Promise.resolve(options.createSocket);
  let issuer: { secret: string | undefined; sessions: SessionIssuer } | undefined;
  const sessionsFor = (secret: string | undefined): SessionIssuer => {
    if (issuer?.secret !== secret || issuer === undefined) {
      issuer = { secret, sessions: createSessionIssuer(secret ?? processSessionSecret(logger)) };
    }
    return issuer.sessions;
  };

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

    const path = routePathOf(request);
    const clientKey = clientKeyOf(request, settings.trustedProxies);
    if (path === "metrics") {
      return metricsResponse(request, { token: settings.metricsToken, metrics, failures: metricsLoginFailures, clientKey, now: clock.now() });
    }
    if (request.method === "OPTIONS") return optionsResponse(path);

    const requestId = newId();
    let user: ChatUser | undefined;
    try {
      user = (await options.identify?.(request)) ?? undefined;
    } catch (error) {
      logger.error({ event: "ws-chat.identify-error", requestId, detail: describeError(error) });
      return errorResponse("internal", "The server could not tell who is asking.");
    }
    if (path === "stream" || path === "chat-stream") {
      if (!servesMethod(path, request.method)) return methodNotAllowedResponse(path, request.method);
      const context = { store: answers, user, pingIntervalMs };
      return answerStoreRequest(() =>
        path === "stream" ? answerStreamResponse(request, streamIdOf(request), context) : chatStreamResponse(chatStreamIdOf(request), context),
      );
    }
    const sessions = sessionsFor(settings.sessionSecret);
    const admission = await admitChatRequest(request, { settings, clientKey, now: clock.now(), rateLimits, slots, duplicates, sessions, user });
    if (!admission.ok) {
      const { code, response } = admission;
      metrics.refused(code, response.status);
      logRefusal(logger, { requestId, clientKeyHash: await hashClientKey(clientKey), status: response.status, code });
      return response;
    }
    const { request: chat, release, aiSdkChatId } = admission.admitted;

    let createSocket: SocketFactory;
    try {
      createSocket = await (socketFactory as Promise<SocketFactory>);
    } catch (error) {
      // Not cached: the next request tries again. The admitted slot and claim go back.
      socketFactory = undefined;
      admission.admitted.cancel();
      logger.error({ event: "ws-chat.internal-error", requestId, detail: describeError(error) });
      return errorResponse("internal");
    }
    const deps: ChatRunDeps = { config, createSocket, fetch: options.fetch ?? fetch, clock, newId, logger };
    const query = resolveCreateAIQuery(chat, config, newId);
    const late = lateRefusal(chat.model, config, settings);
    if (late) {
      // Refused after admission: the slot goes back, and the same message may be sent again.
      admission.admitted.cancel();
      metrics.refused(late.code, late.response.status);
      logRefusal(logger, { requestId, clientKeyHash: await hashClientKey(clientKey), status: late.response.status, code: late.code });
      return late.response;
    }
    const wantsSse = (request.headers.get("accept") ?? "").includes("text/event-stream");
    // An AI SDK body is answered in its own protocol, always streamed and resumable.
    const format: StreamFormat | "json" = aiSdkChatId !== undefined ? "ui" : !chat.stream ? "json" : wantsSse ? "sse" : "text";
    // A JSON answer is whole or nothing: there is no stream to resume.
    const resumable = chat.resumable === true && format !== "json";
    if (resumable) {
      const chatId = aiSdkChatId === undefined ? undefined : chatKeyOf(aiSdkChatId, user?.id);
      const refused = await registerAnswer(answers, { id: requestId, owner: user?.id, chatId }, settings.producerLeaseMs);
      if (refused) {
        admission.admitted.cancel();
        metrics.refused("store_unavailable", refused.status);
        logRefusal(logger, { requestId, clientKeyHash: await hashClientKey(clientKey), status: refused.status, code: "store_unavailable" });
        return refused;
      }
    }
    let bytes = 0;
    let jsonAnswer: Response | undefined;
    metrics.streamStarted();
    // One id for the answer and the log line: a student's error report names it. A resumable
    // answer is not tied to this request: it outlives the caller going away.
    const started = startChat(query, deps, resumable ? undefined : request.signal, requestId);
    const { relay, finished, abort } = started;
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
    const onSent = (sent: number) => {
      bytes += sent;
    };
    if (resumable) {
      const producer = { leaseMs: settings.producerLeaseMs, ttlSeconds: settings.resumeTtlSeconds, detachedMs: settings.detachedMs };
      return resumableAnswerResponse(requestId, started, request.signal, { store: answers, settings: producer, format, pingIntervalMs, onSent, logger, now: clock.now });
    }
    return streamedAnswerResponse(relay, { format, pingIntervalMs, onCancel: abort, onSent });
  };
}

/** A refusal that needs the configured model: callers may pick only the allowed ones. */
function lateRefusal(requestedModel: ModelRef | undefined, config: CreateAIConfig, settings: ServerSettings): { code: ChatErrorCode; response: Response } | undefined {
  const model = checkModel(requestedModel, config.model, settings.allowedModels, config.upstream);
  if (model.ok) return undefined;
  return { code: "bad_request", response: errorResponse("bad_request", `Invalid request: ${model.message}`, { field: "model" }) };
}

let generatedSecret: string | undefined;

/**
 * The secret of a process started without WS_CHAT_SESSION_SECRET: one for every handler of the
 * process, so sessions survive as long as it does; said once in the log, since sessions then end
 * with a restart and are not shared between instances.
 */
function processSessionSecret(logger: Logger): string {
  if (generatedSecret === undefined) {
    generatedSecret = generateSessionSecret();
    logger.warn({
      event: "ws-chat.session-secret",
      detail: "WS_CHAT_SESSION_SECRET is not set: generated a session secret at start-up. Sessions end when this process does and are not shared between instances; set WS_CHAT_SESSION_SECRET (32+ characters) to keep them.",
    });
  }
  return generatedSecret;
}
