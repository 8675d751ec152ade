/**
 * CreateAI's failures as the AI SDK's errors: an `APICallError` whose `isRetryable` is our code's
 * (so `streamText`/`generateText` retry what can succeed on a second try and nothing else),
 * whose message is the one safe to show a user, and whose `data.code` is our closed code. The
 * URL never carries the token.
 */
import { APICallError } from "@ai-sdk/provider";
import { ChatError } from "../chat-stream/errors";
import type { ChatErrorCode } from "../chat-stream/events";
import type { CreateAIConfig } from "../createai/config";
import type { CreateAIPayload } from "../createai/payload";
import { redactSecrets } from "../createai/redact";

/** `APICallError.data` of a CreateAI failure. */
export interface CreateAIErrorData {
  code: ChatErrorCode;
  /** Why, for the server log; free of the token, but may quote upstream's words. */
  detail: string | undefined;
}

export interface FailedCall {
  config: Pick<CreateAIConfig, "wsBaseUrl" | "token">;
  payload: CreateAIPayload;
}

export function createAIAPICallError(code: ChatErrorCode, detail: string | undefined, call: FailedCall): APICallError {
  const cause = new ChatError(code, undefined, detail);
  const data: CreateAIErrorData = { code, detail };
  return new APICallError({
    message: cause.message,
    url: redactSecrets(call.config.wsBaseUrl, call.config.token),
    requestBodyValues: call.payload,
    isRetryable: cause.retryable,
    cause,
    data,
  });
}

/** The code and detail of a CreateAI failure, when `error` is one. */
export function createAIErrorData(error: unknown): CreateAIErrorData | undefined {
  if (!APICallError.isInstance(error) || !(error.cause instanceof ChatError)) return undefined;
  return { code: error.cause.code, detail: error.cause.detail };
}

/** What the AI SDK expects an aborted call to throw: the signal's reason, as `fetch` would. */
export function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException("The operation was aborted.", "AbortError");
}
