/**
 * REST `/query`, used only when `CREATE_AI_REST_FALLBACK=true` and the socket was refused before
 * any text (some tokens work on REST but not on the socket). The whole answer arrives at once.
 */
import type { ChatErrorCode } from "../chat-stream/events";
import { linkAbortSignals } from "./abort-signals";
import type { CreateAIPayload } from "./payload";
import { describeError, redactSecrets, redactSecretsDeep } from "./redact";
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
  // Our own timer rather than AbortSignal.timeout: this one is cleared on every exit path.
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), request.timeoutMs);
  // Not AbortSignal.any: the Edge runtime has none.
  const linked = linkAbortSignals(request.signal ? [request.signal, timeout.signal] : [timeout.signal]);
  try {
    return await postQuery(request, linked.signal, timeout.signal);
  } finally {
    clearTimeout(timer);
    linked.unlink();
  }
}

async function postQuery(request: RestQueryRequest, signal: AbortSignal, timeout: AbortSignal): Promise<RestQueryOutcome> {
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
    return interruption(request, timeout) ?? { ok: false, code: "upstream_unavailable", detail: `REST /query failed: ${describeError(error, request.token)}` };
  }

  let bodyText = "";
  try {
    bodyText = await response.text();
  } catch {
    const interrupted = interruption(request, timeout);
    if (interrupted) return interrupted;
  }
  if (!response.ok) {
    const detail = redactSecrets(`REST /query answered ${response.status}: ${bodyText.slice(0, 300)}`, request.token);
    return { ok: false, code: classifyRestStatus(response.status), detail };
  }
  try {
    const parsed = JSON.parse(bodyText) as { response?: unknown; metadata?: unknown };
    if (typeof parsed.response !== "string") throw new Error("no response field");
    return { ok: true, text: parsed.response, metadata: redactSecretsDeep(parsed.metadata, request.token) };
  } catch (error) {
    return { ok: false, code: "upstream_error", detail: `REST /query sent an unreadable body: ${describeError(error)}` };
  }
}

/** Why the request stopped, when it was stopped on purpose: the caller left or time ran out. */
function interruption(request: RestQueryRequest, timeout: AbortSignal): RestQueryOutcome | undefined {
  if (request.signal?.aborted) return { ok: false, code: "aborted", detail: "aborted by the caller" };
  if (timeout.aborted) return { ok: false, code: "upstream_timeout", detail: `REST /query took over ${request.timeoutMs} ms` };
  return undefined;
}
