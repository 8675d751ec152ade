/**
 * What a student reads when a question fails: one plain sentence per failure code saying what
 * happened and what they can do, and whether Retry is worth offering. The route's own message
 * stays precise for API callers and developers (`ChatFailure.detail`); it is never shown here.
 */
import type { ChatErrorCode } from "@/lib/chat-stream/events";
import type { ChatFailure, ClientErrorCode } from "./types";

/** Every code a failure may carry, with the route's refusals the event model may not list yet. */
export type FailureCode = ChatErrorCode | ClientErrorCode | "not_found" | "store_unavailable";

/** What the transport knows about a failure besides its code. */
export interface FailureContext {
  /** The route's own message. */
  detail?: string;
  /** The HTTP status of a refusal before answering. */
  status?: number;
  /** From `Retry-After`. */
  retryAfterSeconds?: number;
}

const WAIT_AND_RETRY = "Please wait a moment and try again.";

const STUDENT_MESSAGES: Record<Exclude<FailureCode, "rate_limited">, string> = {
  bad_request: "Your question couldn't be sent as written. Edit it and send it again, or start a new chat if this keeps happening.",
  payload_too_large: "This conversation is too long to send. Shorten your question, or start a new chat to ask it.",
  upstream_unauthorized:
    "The Study Coach isn't available right now because of a setup problem on our side. Please try again later, and let your instructor know if it keeps happening.",
  upstream_unavailable: `The Study Coach can't be reached right now. ${WAIT_AND_RETRY}`,
  upstream_timeout: "The Study Coach took too long to respond. Please try again.",
  upstream_error: "The Study Coach ran into a problem while answering. Please try again.",
  upstream_closed: "The connection was lost before the answer was complete. Please try again.",
  aborted: "This answer was stopped before it finished. You can ask again.",
  internal: "Something went wrong on our side. Please try again in a moment.",
  forbidden: "The Study Coach isn't available on this page. Please let your instructor know.",
  duplicate: "This question was already sent. Wait a moment for its answer, or try again.",
  overloaded: `The Study Coach is helping a lot of students right now. ${WAIT_AND_RETRY}`,
  not_found: "This answer is no longer available. Please ask your question again.",
  store_unavailable: `The Study Coach is briefly unavailable. ${WAIT_AND_RETRY}`,
  network: "Couldn't reach the Study Coach. Check your internet connection and try again.",
  interrupted: "The answer was cut off before it finished. Please try again.",
  bad_response: "The Study Coach sent a reply this page couldn't read. Please try again, or reload the page.",
};

/**
 * Refusals that fail the same way however often they are sent (bad input, too large, wrong
 * content type or origin): the question has to change first, so Retry is not offered.
 */
const UNCHANGED_FAILS_CODES: ReadonlySet<FailureCode> = new Set<FailureCode>(["bad_request", "payload_too_large", "forbidden"]);
const UNCHANGED_FAILS_STATUSES: ReadonlySet<number> = new Set([400, 403, 405, 413, 415]);

/** The sentence a student reads for `code`. */
export function studentMessage(code: FailureCode, retryAfterSeconds?: number): string {
  if (code === "rate_limited") {
    const wait = retryAfterSeconds === undefined ? "a moment" : formatWait(retryAfterSeconds);
    return `You've sent several questions in a short time. Please wait ${wait}, then try again.`;
  }
  return STUDENT_MESSAGES[code];
}

/** Whether sending the same question again can succeed. */
export function canRetry(code: FailureCode, status?: number): boolean {
  return !UNCHANGED_FAILS_CODES.has(code) && !(status !== undefined && UNCHANGED_FAILS_STATUSES.has(status));
}

/** A failure as the chat shows it: the student's sentence, Retry or not, and what the route said. */
export function studentFailure(code: ChatFailure["code"], context: FailureContext = {}): ChatFailure {
  return { code, message: studentMessage(code, context.retryAfterSeconds), retryable: canRetry(code, context.status), ...context };
}

function formatWait(seconds: number): string {
  if (seconds <= 1) return "a second";
  if (seconds < 60) return `${Math.ceil(seconds)} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "a minute" : `${minutes} minutes`;
}
