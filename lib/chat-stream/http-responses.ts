/**
 * JSON responses of the route: errors before streaming, and the whole answer when `stream: false`.
 */
import { HTTP_STATUS_BY_CODE, SAFE_MESSAGE_BY_CODE } from "./errors";
import type { ChatErrorCode, UpstreamKind } from "./events";

const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" };

export function errorResponse(
  code: ChatErrorCode,
  message: string = SAFE_MESSAGE_BY_CODE[code],
  init: { status?: number; headers?: Record<string, string>; extra?: Record<string, unknown>; field?: string } = {},
): Response {
  // `field` names the request field at fault when a client can act on it (a stale `sessionId`).
  const error = init.field === undefined ? { code, message } : { code, message, field: init.field };
  return new Response(JSON.stringify({ error, ...init.extra }), {
    status: init.status ?? HTTP_STATUS_BY_CODE[code],
    headers: { ...JSON_HEADERS, ...init.headers },
  });
}

/** The JSON answer (`stream: false`): what SSE's `start` and `done` tell, in one object. */
export interface CompleteAnswer {
  text: string;
  /** The same as `text`: the field the Study Coach's panels read. */
  response: string;
  messageId: string;
  sessionId: string;
  finishReason: string;
  timing: { firstTokenMs: number | null; totalMs: number };
  upstream: UpstreamKind;
  model: { provider: string; name: string };
  metadata?: unknown;
}

/** A JSON response and the bytes of its body, for the request's log line. */
export interface SizedResponse {
  response: Response;
  bytes: number;
}

export function answerResponse(answer: CompleteAnswer): SizedResponse {
  return sizedJson(answer, 200);
}

/** Like `errorResponse`, with the body's size. */
export function sizedErrorResponse(code: ChatErrorCode, message: string, extra: Record<string, unknown>): SizedResponse {
  return sizedJson({ error: { code, message }, ...extra }, HTTP_STATUS_BY_CODE[code]);
}

function sizedJson(body: unknown, status: number): SizedResponse {
  const bytes = new TextEncoder().encode(JSON.stringify(body));
  return { response: new Response(bytes, { status, headers: JSON_HEADERS }), bytes: bytes.byteLength };
}
