/**
 * Sorts what CreateAI and the AWS API Gateway in front of it report into our error codes, by
 * structure only: the `error_type` of an error frame, the exact `message` of a gateway frame,
 * an HTTP status. Free text is never searched for keywords, because an unrelated message that
 * mentions "timeout" or "exceeded" must not become a timeout or a rate limit. Whatever the
 * structure does not explain is `upstream_error`; upstream's own words go to the server log.
 */
import type { ChatErrorCode } from "../chat-stream/events";

/** The failure codes a frame itself can report. */
export type FrameErrorCode = "upstream_error" | "upstream_unauthorized" | "rate_limited" | "upstream_timeout";

// Known `error_type` values. The same type is spelled RateLimit, rate_limit or rate-limit by
// different SDKs and model vendors (CreateAI passes theirs through), so values are compared
// whole after dropping case and separators, never searched inside.
const ERROR_TYPES_BY_CODE: Readonly<Record<Exclude<FrameErrorCode, "upstream_error">, readonly string[]>> = {
  rate_limited: [
    "rate_limit",
    "rate_limited",
    "rate_limit_exceeded",
    "rate_limit_error",
    "throttling",
    "throttled",
    "ThrottlingException",
    "too_many_requests",
  ],
  upstream_unauthorized: [
    "auth",
    "auth_error",
    "authentication_error",
    "unauthorized",
    "forbidden",
    "permission_denied",
    "permission_error",
    "access_denied",
    "AccessDeniedException",
    "invalid_token",
    "expired_token",
  ],
  upstream_timeout: ["timeout", "timeout_error", "timed_out", "request_timeout", "ModelTimeoutException"],
};

const CODE_BY_ERROR_TYPE: ReadonlyMap<string, FrameErrorCode> = new Map(
  Object.entries(ERROR_TYPES_BY_CODE).flatMap(([code, types]) =>
    types.map((type) => [normaliseErrorType(type), code as FrameErrorCode] as const),
  ),
);

function normaliseErrorType(type: string): string {
  return type.toLowerCase().replace(/[\s_-]/g, "");
}

/** The code for a CreateAI error frame, from its `error_type` alone. */
export function classifyErrorType(errorType: unknown): FrameErrorCode {
  if (typeof errorType !== "string") return "upstream_error";
  return CODE_BY_ERROR_TYPE.get(normaliseErrorType(errorType)) ?? "upstream_error";
}

/**
 * The gateway's 29 s integration-timeout notice. The answer can still stream after it, so the
 * decoder treats it as a notice, not a failure.
 */
export const GATEWAY_TIMEOUT_MESSAGE = "Endpoint request timed out";

// AWS API Gateway's own fixed messages (its default gateway responses), matched word for word.
const CODE_BY_GATEWAY_MESSAGE: ReadonlyMap<string, FrameErrorCode> = new Map([
  ["Internal server error", "upstream_error"],
  ["Forbidden", "upstream_unauthorized"],
  ["Unauthorized", "upstream_unauthorized"],
  // QUOTA_EXCEEDED and THROTTLED, both HTTP 429 at the gateway.
  ["Limit Exceeded", "rate_limited"],
  ["Too Many Requests", "rate_limited"],
]);

/** The code for a gateway frame that is not the timeout notice, from its exact message. */
export function classifyGatewayMessage(message: string): FrameErrorCode {
  return CODE_BY_GATEWAY_MESSAGE.get(message) ?? "upstream_error";
}

/**
 * The code for a socket refused at the handshake. Without a status (browsers and undici never
 * tell it) the socket simply could not be opened.
 */
export function classifyHandshakeStatus(status: number | undefined): ChatErrorCode {
  if (status === 401 || status === 403) return "upstream_unauthorized";
  if (status === 429) return "rate_limited";
  return "upstream_unavailable";
}

/** The code for a REST `/query` answer that is not 2xx, from its status alone. */
export function classifyRestStatus(status: number): ChatErrorCode {
  if (status === 401 || status === 403) return "upstream_unauthorized";
  if (status === 429) return "rate_limited";
  if (status === 408 || status === 504) return "upstream_timeout";
  return "upstream_error";
}
