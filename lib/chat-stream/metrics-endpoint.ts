/**
 * `GET /api/ws-chat/metrics`: Prometheus text for a caller holding WS_CHAT_METRICS_TOKEN.
 * With no token configured the endpoint does not exist (404, whatever the method), so it cannot
 * be probed.
 */
import { errorResponse } from "./http-responses";
import type { ChatMetrics } from "./metrics";
import { methodNotAllowedResponse, optionsResponse, servesMethod } from "./route-methods";

export function metricsResponse(request: Request, token: string | undefined, metrics: ChatMetrics): Response {
  if (!token) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  if (request.method === "OPTIONS") return optionsResponse("metrics");
  if (!servesMethod("metrics", request.method)) return methodNotAllowedResponse("metrics", request.method);
  const presented = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1]?.trim() ?? "";
  if (!constantTimeEqual(presented, token)) {
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

/** Compares without an early exit, so response time does not reveal how much of a guess was right. */
function constantTimeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let difference = a.length ^ b.length;
  for (let i = 0; i < length; i++) difference |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return difference === 0;
}
