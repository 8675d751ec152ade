/**
 * `GET /api/ws-chat/metrics`: Prometheus text for a caller holding WS_CHAT_METRICS_TOKEN.
 * With no token configured the endpoint does not exist (404, whatever the method), so it cannot
 * be probed. Every failed login is counted, and a client that fails too often in a minute is
 * refused with 429 without its token being looked at, so the token cannot be guessed at speed.
 */
import type { LoginFailures } from "./guards/login-failures";
import { errorResponse } from "./http-responses";
import type { ChatMetrics } from "./metrics";
import { methodNotAllowedResponse, optionsResponse, servesMethod } from "./route-methods";

/** Failed metrics logins a client may make in a window before it is locked out. */
export const METRICS_LOGIN_LIMITS = { limit: 10, windowMs: 60_000 };

export interface MetricsAccess {
  /** WS_CHAT_METRICS_TOKEN; undefined: no endpoint. */
  token: string | undefined;
  metrics: ChatMetrics;
  /** Failed logins per client, limited by METRICS_LOGIN_LIMITS. */
  failures: LoginFailures;
  clientKey: string;
  now: number;
}

export function metricsResponse(request: Request, access: MetricsAccess): Response {
  const { token, metrics, failures, clientKey, now } = access;
  if (!token) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  if (request.method === "OPTIONS") return optionsResponse("metrics");
  if (!servesMethod("metrics", request.method)) return methodNotAllowedResponse("metrics", request.method);

  const lockedForMs = failures.lockedFor(clientKey, now);
  if (lockedForMs > 0) {
    metrics.metricsLoginFailed("locked_out");
    const retryAfterS = Math.ceil(lockedForMs / 1000);
    const { limit, windowMs } = METRICS_LOGIN_LIMITS;
    return errorResponse("rate_limited", `Too many failed logins to the metrics: the limit is ${limit} per ${windowMs / 1000} s. Try again in ${retryAfterS} s.`, {
      headers: { "Retry-After": String(retryAfterS) },
    });
  }
  // Check, compare and record in one synchronous step: a burst of parallel guesses cannot all
  // pass the lockout check before the first failure is recorded.
  const presented = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1]?.trim() ?? "";
  if (!constantTimeEqual(presented, token)) {
    failures.record(clientKey, now);
    metrics.metricsLoginFailed("bad_token");
    return errorResponse("forbidden", "Metrics need Authorization: Bearer <WS_CHAT_METRICS_TOKEN>.", {
      status: 401,
      headers: { "WWW-Authenticate": 'Bearer realm="ws-chat-metrics"' },
    });
  }
  return new Response(metrics.render(), {
    status: 200,
    headers: { "Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/**
 * Compares without an early exit, always over the token's own length: the time taken reveals
 * neither how much of a guess was right nor, by varying the guess, how long the token is.
 */
function constantTimeEqual(presented: string, token: string): boolean {
  let difference = presented.length ^ token.length;
  for (let i = 0; i < token.length; i++) difference |= (presented.charCodeAt(i) || 0) ^ token.charCodeAt(i);
  return difference === 0;
}
