/**
 * Which methods each path of the route answers, so that `Allow` (on OPTIONS and on 405) names only
 * methods that get an answer. Left to itself, Next.js answers OPTIONS by listing every method
 * route.ts exports, including those exported only to turn Next's empty 405 into a JSON one.
 */
import { errorResponse } from "./http-responses";

/**
 * `/api/ws-chat` itself, `/api/ws-chat/metrics` (which reaches the handler as `?metrics`),
 * `/api/ws-chat/streams/{id}` (as `?stream={id}`), or an AI SDK chat's
 * `/api/ws-chat/{chatId}/stream` (as `?chat-stream={chatId}`): rewrites bring every path into the
 * one route module, so they all see the same counters and the same in-memory answer store.
 */
export type RoutePath = "chat" | "metrics" | "stream" | "chat-stream";

const SERVED_METHODS: Record<RoutePath, readonly string[]> = {
  chat: ["POST"],
  metrics: ["GET"],
  stream: ["DELETE", "GET"],
  "chat-stream": ["GET"],
};

const STREAM_PATH = /\/streams\/([^/]+)\/?$/;
const CHAT_STREAM_PATH = /\/ws-chat(?:-node)?\/([^/]+)\/stream\/?$/;

export function routePathOf(request: Request): RoutePath {
  const url = new URL(request.url);
  if (url.pathname.endsWith("/metrics") || url.searchParams.has("metrics")) return "metrics";
  // Before `stream`: a chat named "streams" is `…/streams/stream`, and no answer id is "stream".
  if (url.searchParams.has("chat-stream") || CHAT_STREAM_PATH.test(url.pathname)) return "chat-stream";
  if (url.searchParams.has("stream") || STREAM_PATH.test(url.pathname)) return "stream";
  return "chat";
}

/** The answer id of a `stream` path. */
export function streamIdOf(request: Request): string {
  return pathParameter(request, "stream", STREAM_PATH);
}

/** The chat id of a `chat-stream` path. */
export function chatStreamIdOf(request: Request): string {
  return pathParameter(request, "chat-stream", CHAT_STREAM_PATH);
}

/**
 * From the path the browser asked for, else from the query a rewrite made of it. The path comes
 * first: Next.js copies its segment into the query still percent-encoded, so only the path
 * decodes to exactly the id that was sent. "" for a malformed escape, which names nothing.
 */
function pathParameter(request: Request, name: string, path: RegExp): string {
  const url = new URL(request.url);
  const segment = path.exec(url.pathname)?.[1];
  if (segment === undefined) return url.searchParams.get(name) ?? "";
  try {
    return decodeURIComponent(segment);
  } catch {
    return "";
  }
}

/** The `Allow` value for `path`: its methods and OPTIONS, sorted as RFC 9110 examples show them. */
export function allowedMethods(path: RoutePath): string {
  return [...SERVED_METHODS[path], "OPTIONS"].sort().join(", ");
}

/** Whether `method` gets a real answer on `path` (OPTIONS, answered everywhere, aside). */
export function servesMethod(path: RoutePath, method: string): boolean {
  return SERVED_METHODS[path].includes(method);
}

/** The answer to OPTIONS, CORS preflights included: no body, just what the path serves. */
export function optionsResponse(path: RoutePath): Response {
  return new Response(null, { status: 204, headers: { Allow: allowedMethods(path) } });
}

export function methodNotAllowedResponse(path: RoutePath, method: string): Response {
  const served = SERVED_METHODS[path].join(" or ");
  return errorResponse("bad_request", `Method ${method} is not allowed; use ${served}.`, {
    status: 405,
    headers: { Allow: allowedMethods(path) },
  });
}
