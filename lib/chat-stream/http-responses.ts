/**
 * JSON responses of the route: errors before streaming, and the whole answer when `stream: false`.
 */
import { HTTP_STATUS_BY_CODE, SAFE_MESSAGE_BY_CODE } from "./errors";
import type { ChatErrorCode } from "./events";

const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" };

export function errorResponse(
  code: ChatErrorCode,
  message: string = SAFE_MESSAGE_BY_CODE[code],
  init: { status?: number; headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
): Response {
  return new Response(JSON.stringify({ error: { code, message }, ...init.extra }), {
    status: init.status ?? HTTP_STATUS_BY_CODE[code],
    headers: { ...JSON_HEADERS, ...init.headers },
  });
}

export interface CompleteAnswer {
  text: string;
  messageId: string;
  sessionId: string;
  finishReason: string;
  metadata?: unknown;
}

export function answerResponse(answer: CompleteAnswer): Response {
  return new Response(JSON.stringify(answer), { status: 200, headers: JSON_HEADERS });
}
