/**
 * Everything a request must pass before CreateAI is called, cheapest check first. Each refusal
 * is a JSON error naming its cause and the limit applied; none of them opens a socket.
 */
import { checkContentType, checkOrigin } from "./guards/origin-policy";
import type { DuplicateSends } from "./guards/duplicate-sends";
import type { RateLimitStore } from "./guards/rate-limiter";
import type { StreamSlots } from "./guards/stream-slots";
import type { ChatErrorCode } from "./events";
import { errorResponse } from "./http-responses";
import { readBodyWithLimit } from "./read-body";
import { parseChatRequest, type ChatRequest } from "./request-schema";
import type { ServerSettings } from "./server-settings";

export interface AdmissionContext {
  settings: ServerSettings;
  clientKey: string;
  now: number;
  rateLimits: RateLimitStore;
  slots: StreamSlots;
  duplicates: DuplicateSends;
}

export interface Admitted {
  request: ChatRequest;
  /** Gives back the stream slot and starts the duplicate window; call once the answer has ended. */
  release(now: number): void;
}

export type Admission = { ok: true; admitted: Admitted } | { ok: false; code: ChatErrorCode; response: Response };

function refuse(code: ChatErrorCode, message: string, init?: Parameters<typeof errorResponse>[2]): Admission {
  return { ok: false, code, response: errorResponse(code, message, init) };
}

export async function admitChatRequest(request: Request, context: AdmissionContext): Promise<Admission> {
  const { settings } = context;
  if (request.method !== "POST") {
    return refuse("bad_request", `Method ${request.method} is not allowed; use POST.`, { status: 405, headers: { Allow: "POST" } });
  }

  const origin = checkOrigin(request, settings.allowedOrigins);
  if (!origin.ok) return refuse("forbidden", origin.message, { status: origin.status });
  const contentType = checkContentType(request);
  if (!contentType.ok) return refuse("bad_request", contentType.message, { status: contentType.status });

  const { requests, windowMs } = settings.rateLimit;
  const rate = await context.rateLimits.hit(context.clientKey, context.now, requests, windowMs);
  if (!rate.allowed) {
    const retryAfterS = Math.ceil(rate.retryAfterMs / 1000);
    return refuse("rate_limited", `Too many requests: the limit is ${requests} per ${windowMs / 1000} s (WS_CHAT_RATE_LIMIT). Try again in ${retryAfterS} s.`, {
      headers: { "Retry-After": String(retryAfterS) },
    });
  }

  const body = await readBodyWithLimit(request, settings.maxBodyBytes);
  if (!body.ok) {
    return body.reason === "too_large"
      ? refuse("payload_too_large", `The request body is larger than the limit of ${settings.maxBodyBytes} bytes (WS_CHAT_MAX_BODY_BYTES).`)
      : refuse("bad_request", "The request body could not be read.");
  }
  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch {
    return refuse("bad_request", "The request body is not valid JSON.");
  }
  const parsed = parseChatRequest(json, settings);
  if (!parsed.ok) return refuse("bad_request", parsed.message);

  const sendId = parsed.request.clientMessageId ?? request.headers.get("idempotency-key") ?? undefined;
  if (sendId !== undefined && !context.duplicates.claim(context.clientKey, sendId, context.now)) {
    return refuse("duplicate", `This message (${sendId.slice(0, 80)}) was already sent within the last ${settings.dedupMs} ms (WS_CHAT_DEDUP_MS); the first request answers it.`);
  }
  const releaseClaim = (now: number) => {
    if (sendId !== undefined) context.duplicates.finish(context.clientKey, sendId, now, settings.dedupMs);
  };

  const slot = context.slots.acquire(context.clientKey, { perClient: settings.maxStreamsPerClient, total: settings.maxStreams });
  if (!slot.ok) {
    // A refused send may be sent again at once: it never reached CreateAI.
    releaseClaim(Number.NEGATIVE_INFINITY);
    return slot.refusal.scope === "client"
      ? refuse("rate_limited", `You already have ${slot.refusal.limit} answers streaming, the most allowed at once (WS_CHAT_MAX_STREAMS_PER_CLIENT). Wait for one to finish.`)
      : refuse("overloaded", `The server is answering its maximum of ${slot.refusal.limit} streams at once (WS_CHAT_MAX_STREAMS). Please try again shortly.`);
  }

  return {
    ok: true,
    admitted: {
      request: parsed.request,
      release(now) {
        slot.release();
        releaseClaim(now);
      },
    },
  };
}
