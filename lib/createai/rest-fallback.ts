/**
 * REST `/query`, used only when `CREATE_AI_REST_FALLBACK=true` and the socket was refused before
 * any text (some tokens work on REST but not on the socket). The whole answer arrives at once.
 */
import type { ChatErrorCode } from "../chat-stream/events";
import type { CreateAIPayload } from "./payload";
import { describeError, redactSecrets } from "./redact";
import { classifyRestStatus } from "./upstream-failure";

export interface RestQueryRequest {
  restBaseUrl: string;
  token: string;
  payload: CreateAIPayload;
  fetch: typeof fetch;
  signal?: AbortSignal;
  timeoutMs: number;
}

export type RestQueryOutcome =
  | { ok: true; text: string; metadata: unknown }
  | { ok: false; code: ChatErrorCode; detail: string };

export async function queryCreateAIRest(request: RestQueryRequest): Promise<RestQueryOutcome> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const { action: _socketOnly, ...body } = request.payload;
  let response: Response;
  try {
    response = await request.fetch(new URL("query", request.restBaseUrl), {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${request.token}` },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (request.signal?.aborted) return { ok: false, code: "aborted", detail: "aborted by the caller" };
    if (timeout.aborted) return { ok: false, code: "upstream_timeout", detail: `REST /query took over ${request.timeoutMs} ms` };
    return { ok: false, code: "upstream_unavailable", detail: `REST /query failed: ${describeError(error, request.token)}` };
  }

  const bodyText = await response.text().catch(() => "");
  if (!response.ok) {
    const detail = redactSecrets(`REST /query answered ${response.status}: ${bodyText.slice(0, 300)}`, request.token);
    return { ok: false, code: classifyRestStatus(response.status), detail };
  }
  try {
    const parsed = JSON.parse(bodyText) as { response?: unknown; metadata?: unknown };
    if (typeof parsed.response !== "string") throw new Error("no response field");
    return { ok: true, text: parsed.response, metadata: parsed.metadata };
  } catch (error) {
    return { ok: false, code: "upstream_error", detail: `REST /query sent an unreadable body: ${describeError(error)}` };
  }
}
