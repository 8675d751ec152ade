/**
 * Failures as values: a code from the closed set, a message safe to show a student, and the
 * cause kept for the server log only.
 */
import type { ChatErrorCode, ChatErrorData } from "./events";

/** HTTP status for a failure that happens before any answer text has been sent. */
export const HTTP_STATUS_BY_CODE: Record<ChatErrorCode, number> = {
  bad_request: 400,
  payload_too_large: 413,
  rate_limited: 429,
  upstream_unauthorized: 502,
  upstream_unavailable: 502,
  upstream_timeout: 504,
  upstream_error: 502,
  upstream_closed: 502,
  aborted: 499,
  internal: 500,
  forbidden: 403,
  duplicate: 409,
  overloaded: 503,
  not_found: 404,
  store_unavailable: 503,
};

const RETRYABLE_CODES: ReadonlySet<ChatErrorCode> = new Set<ChatErrorCode>([
  "rate_limited",
  "upstream_unavailable",
  "upstream_timeout",
  "upstream_error",
  "upstream_closed",
  "overloaded",
  "store_unavailable",
]);

/** Messages a student may read; they never carry upstream text, URLs or tokens. */
export const SAFE_MESSAGE_BY_CODE: Record<ChatErrorCode, string> = {
  bad_request: "The request was not valid.",
  payload_too_large: "The request is too large.",
  rate_limited: "Too many requests right now. Please wait a moment and try again.",
  upstream_unauthorized: "The AI service refused this app's credentials. Please tell the site's maintainers.",
  upstream_unavailable: "The AI service could not be reached. Please try again.",
  upstream_timeout: "The AI service took too long to answer. Please try again.",
  upstream_error: "The AI service failed to answer. Please try again.",
  upstream_closed: "The connection to the AI service was lost before the answer was complete.",
  aborted: "The request was cancelled.",
  internal: "Something went wrong on our side. Please try again.",
  forbidden: "This site may not use this chat service.",
  duplicate: "This message was already sent.",
  overloaded: "The chat service is busy right now. Please try again shortly.",
  not_found: "This answer is not available (it never existed or has expired).",
  store_unavailable: "The chat service cannot reach its shared store right now. Please try again shortly.",
};

/** An error with a code from the closed set; `message` is always safe to show. */
export class ChatError extends Error {
  readonly code: ChatErrorCode;
  readonly retryable: boolean;
  /** The underlying reason, for the server log only (already free of secrets). */
  readonly detail: string | undefined;

  constructor(code: ChatErrorCode, message: string = SAFE_MESSAGE_BY_CODE[code], detail?: string) {
    super(message);
    this.name = "ChatError";
    this.code = code;
    this.retryable = RETRYABLE_CODES.has(code);
    this.detail = detail;
  }

  get status(): number {
    return HTTP_STATUS_BY_CODE[this.code];
  }

  toData(): ChatErrorData {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}
