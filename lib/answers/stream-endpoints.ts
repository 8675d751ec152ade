/**
 * `GET /api/ws-chat/streams/{id}` (the answer as SSE: replay after `Last-Event-ID` or `?after=`,
 * then live until it ends, for any number of readers) and `DELETE` of the same path (stop it,
 * wherever it is produced). An answer is reachable only by its owner: anyone else, like an
 * unknown or expired id, gets 404.
 *
 * `GET /api/ws-chat/{chatId}/stream`: the AI SDK chat's active answer in the UI message stream
 * protocol, from its start then live (what `useChat({ resume: true })` asks for); 204 when the
 * chat has none streaming, for its owner.
 *
 * A store out of reach throws `StoreUnavailableError`; `answerStoreRequest` answers it once, with
 * 503 `store_unavailable`, for every one of these paths.
 */
import { errorResponse } from "@/lib/chat-stream/http-responses";
import { idLike } from "@/lib/chat-stream/request-schema";
import { createResponseStream, STREAM_HEADERS, type StreamFormat } from "@/lib/chat-stream/response-stream";
import type { ChatUser } from "@/lib/chat-stream/sessions";
import { chatKeyOf, StoreUnavailableError, type AnswerInfo, type AnswerStore } from "./answer-store";
import { followAsRelay } from "./follow-relay";

export interface StreamEndpointContext {
  store: AnswerStore;
  user: ChatUser | undefined;
  pingIntervalMs: number;
}

/** Message ids are UUIDs; anything else is simply not an answer. */
const ANSWER_ID = /^[A-Za-z0-9-]{8,100}$/;

export async function answerStreamResponse(request: Request, id: string, context: StreamEndpointContext): Promise<Response> {
  const info = ANSWER_ID.test(id) ? await context.store.info(id) : undefined;
  if (info === undefined || info.owner !== context.user?.id) {
    return errorResponse("not_found", `No answer ${id.slice(0, 100)} is available: it never existed, has expired, or is not yours.`);
  }
  if (request.method === "DELETE") return stopResponse(info, context.store);

  const after = afterSequence(request);
  if (after === undefined) return errorResponse("bad_request", "Last-Event-ID (or ?after=) must be a whole number of events already read.");
  // Nobody can have read past what is stored: following from there would wait for events that
  // are never sent again (the terminal one included), so such a reader would never end.
  if (!info.ended && after > info.lastSeq) {
    return errorResponse("bad_request", `Last-Event-ID (or ?after=) ${after} is past this answer's last event (${info.lastSeq}).`);
  }
  // Everything was read already, the end included: nothing more will come.
  if (info.ended && after >= info.lastSeq) return new Response("", { status: 200, headers: { ...STREAM_HEADERS.sse, "X-Message-Id": info.id } });
  return followingResponse(info.id, after, "sse", context);
}

export async function chatStreamResponse(chatId: string, context: StreamEndpointContext): Promise<Response> {
  // A chat id no body could have carried has no answer.
  const id = idLike.safeParse(chatId).success ? await context.store.activeAnswerOfChat(chatKeyOf(chatId, context.user?.id)) : undefined;
  const info = id === undefined ? undefined : await context.store.info(id);
  // The key is the owner's own already; the owner is checked again all the same.
  if (info === undefined || info.ended || info.owner !== context.user?.id) return new Response(null, { status: 204 });
  // The AI SDK's transport takes a resumed stream for a full replay: it rebuilds the message from `start`.
  return followingResponse(info.id, 0, "ui", context);
}

function followingResponse(id: string, after: number, format: StreamFormat, context: StreamEndpointContext): Response {
  const followed = followAsRelay(context.store, id, after);
  const stream = createResponseStream(followed.relay, {
    format,
    pingIntervalMs: context.pingIntervalMs,
    afterSequence: after,
    // This reader went away; the answer goes on for the others (and for the detached rule).
    onCancel: followed.stop,
  });
  return new Response(stream, { status: 200, headers: { ...STREAM_HEADERS[format], "X-Message-Id": id } });
}

async function stopResponse(info: AnswerInfo, store: AnswerStore): Promise<Response> {
  const stopping = await store.requestStop(info.id);
  // Stopping an answer that has already ended is a no-op, not an error: the goal is met.
  return Response.json({ id: info.id, stopping, ended: !stopping }, { status: 202, headers: { "Cache-Control": "no-store" } });
}

function afterSequence(request: Request): number | undefined {
  const raw = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after") ?? "0";
  const value = raw.trim() === "" ? 0 : Number(raw);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** Answers a request of the store's paths, with 503 `store_unavailable` when the store is out of reach. */
export async function answerStoreRequest(respond: () => Promise<Response>): Promise<Response> {
  try {
    return await respond();
  } catch (error) {
    if (error instanceof StoreUnavailableError) return errorResponse("store_unavailable");
    throw error;
  }
}
