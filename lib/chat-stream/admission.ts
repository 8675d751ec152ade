/**
 * Everything a request must pass before CreateAI is called, cheapest check first. Each refusal
 * is a JSON error naming its cause and the limit applied; none of them opens a socket.
 *
 * The stream slot is taken before the rate limit is spent: a request refused for want of one has
 * spent nothing, so waiting for an answer to end costs no allowance. Every later refusal gives
 * the slot back.
 *
 * The slots, the rate limit and the duplicate claims may live in a shared store (Redis): one that
 * cannot be reached refuses the request with 503 `store_unavailable`, giving back what it took.
 */
import { StoreUnavailableError } from "../answers/answer-store";
import { checkContentType, checkOrigin } from "./guards/origin-policy";
import type { DuplicateSends } from "./guards/duplicate-sends";
import type { RateLimitStore } from "./guards/rate-limiter";
import type { SlotGrant, StreamSlots } from "./guards/stream-slots";
import type { ChatErrorCode } from "./events";
import { errorResponse } from "./http-responses";
import { readBodyWithLimit } from "./read-body";
import { idLike, type ChatRequest } from "./request-schema";
import { methodNotAllowedResponse, servesMethod } from "./route-methods";
import type { ServerSettings } from "./server-settings";
import type { ChatUser, SessionIssuer } from "./sessions";
import { parseRequestBody } from "./ui-message-request";

export interface AdmissionContext {
  settings: ServerSettings;
  clientKey: string;
  now: number;
  rateLimits: RateLimitStore;
  slots: StreamSlots;
  duplicates: DuplicateSends;
  sessions: SessionIssuer;
  /** Who the host app's `identify` says is asking; undefined without one, or for nobody. */
  user: ChatUser | undefined;
}

export interface Admitted {
  /** The validated request, its `sessionId` one this route issued (verified, or new). */
  request: ChatRequest & { sessionId: string };
  /** The AI SDK chat of a `DefaultChatTransport` body: answered in its protocol, always resumable. */
  aiSdkChatId: string | undefined;
  /** Gives back the stream slot and starts the duplicate window; call once the answer has ended. */
  release(now: number): void;
  /** Gives back the stream slot for a request refused after admission: it may be sent again at once. */
  cancel(): void;
}

export type Admission = { ok: true; admitted: Admitted } | { ok: false; code: ChatErrorCode; response: Response };

function refuse(code: ChatErrorCode, message: string, init?: Parameters<typeof errorResponse>[2]): Admission {
  return { ok: false, code, response: errorResponse(code, message, init) };
}

export async function admitChatRequest(request: Request, context: AdmissionContext): Promise<Admission> {
  const { settings } = context;
  if (!servesMethod("chat", request.method)) {
    return { ok: false, code: "bad_request", response: methodNotAllowedResponse("chat", request.method) };
  }

  const origin = checkOrigin(request, settings);
  if (!origin.ok) return refuse("forbidden", origin.message, { status: origin.status });
  const contentType = checkContentType(request);
  if (!contentType.ok) return refuse("bad_request", contentType.message, { status: contentType.status });

  let slot: SlotGrant;
  try {
    slot = await context.slots.acquire(context.clientKey, { perClient: settings.maxStreamsPerClient, total: settings.maxStreams });
  } catch (error) {
    return storeRefusal(error);
  }
  if (!slot.ok) {
    return slot.refusal.scope === "client"
      ? refuse("rate_limited", `You already have ${slot.refusal.limit} answers streaming, the most allowed at once (WS_CHAT_MAX_STREAMS_PER_CLIENT). Wait for one to finish.`)
      : refuse("overloaded", `The server is answering its maximum of ${slot.refusal.limit} streams at once (WS_CHAT_MAX_STREAMS). Please try again shortly.`);
  }
  const { release } = slot;
  const releaseSlot = () => giveBack(release());
  try {
    const admission = await admitHoldingSlot(request, context, releaseSlot);
    if (!admission.ok) releaseSlot();
    return admission;
  } catch (error) {
    releaseSlot();
    return storeRefusal(error);
  }
}

/** A shared guard's store out of reach is 503 `store_unavailable`; any other error is a bug, thrown on. */
function storeRefusal(error: unknown): Admission {
  if (error instanceof StoreUnavailableError) return { ok: false, code: "store_unavailable", response: errorResponse("store_unavailable") };
  throw error;
}

/**
 * Gives back a slot or a claim without making the request wait. One that fails (its store out of
 * reach) lapses there by itself: a slot when its holder stops refreshing it, a claim at its TTL.
 */
function giveBack(result: void | Promise<void>): void {
  Promise.resolve(result).catch(() => undefined);
}

async function admitHoldingSlot(request: Request, context: AdmissionContext, releaseSlot: () => void): Promise<Admission> {
  const { settings } = context;
  const { requests, windowMs } = settings.rateLimit;
  const rate = await context.rateLimits.hit(context.clientKey, context.now, requests, windowMs);
  if (!rate.allowed) {
    const retryAfterS = Math.ceil(rate.retryAfterMs / 1000);
    return refuse("rate_limited", `Too many requests: the limit is ${requests} per ${windowMs / 1000} s (WS_CHAT_RATE_LIMIT). Try again in ${retryAfterS} s.`, {
      headers: { "Retry-After": String(retryAfterS) },
    });
  }

  const body = await readBodyWithLimit(request, { maxBytes: settings.maxBodyBytes, timeoutMs: settings.bodyTimeoutMs });
  if (!body.ok) {
    if (body.reason === "too_large") {
      return refuse("payload_too_large", `The request body is larger than the limit of ${settings.maxBodyBytes} bytes (WS_CHAT_MAX_BODY_BYTES).`);
    }
    if (body.reason === "too_slow") {
      return refuse("bad_request", `The request body did not arrive within the limit of ${settings.bodyTimeoutMs} ms (WS_CHAT_BODY_TIMEOUT_MS).`, { status: 408 });
    }
    return refuse("bad_request", "The request body could not be read.");
  }
  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch {
    return refuse("bad_request", "The request body is not valid JSON.");
  }
  const parsed = parseRequestBody(json, settings);
  if (!parsed.ok) return refuse("bad_request", parsed.message);

  // Sessions are the route's to give: one it did not issue (to this user) is never continued.
  const given = parsed.request.sessionId;
  if (given !== undefined && !(await context.sessions.verify(given, context.user))) {
    return refuse(
      "bad_request",
      "sessionId is not one this server issued to you: send back the sessionId of an earlier answer, or none to start a new conversation.",
      { field: "sessionId" },
    );
  }
  const sessionId = given ?? (await context.sessions.issue(context.user));

  // The header is held to the same rule as `clientMessageId`: it becomes a key of shared state.
  const header = request.headers.get("idempotency-key");
  const headerId = header === null ? undefined : idLike.safeParse(header);
  if (headerId !== undefined && !headerId.success) {
    return refuse("bad_request", "Idempotency-Key must be 1 to 200 characters with no control characters.", { field: "Idempotency-Key" });
  }
  const sendId = parsed.request.clientMessageId ?? headerId?.data;
  if (sendId !== undefined && !(await context.duplicates.claim(context.clientKey, sendId, context.now))) {
    return refuse("duplicate", `This message (${sendId.slice(0, 80)}) was already sent within the last ${settings.dedupMs} ms (WS_CHAT_DEDUP_MS); the first request answers it.`);
  }
  const releaseClaim = (now: number) => {
    if (sendId !== undefined) giveBack(context.duplicates.finish(context.clientKey, sendId, now, settings.dedupMs));
  };

  return {
    ok: true,
    admitted: {
      request: { ...parsed.request, sessionId },
      aiSdkChatId: parsed.aiSdkChatId,
      release(now) {
        releaseSlot();
        releaseClaim(now);
      },
      cancel() {
        releaseSlot();
        releaseClaim(Number.NEGATIVE_INFINITY);
      },
    },
  };
}
