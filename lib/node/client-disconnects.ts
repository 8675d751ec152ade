/**
 * Lets a client that goes away mid-answer (Stop, a closed tab, `curl -m 1`) end its request
 * quietly instead of as `⨯ uncaughtException: Error: aborted` (ECONNRESET).
 *
 * Why it was loud: when a connection closes before its response has ended, Node.js destroys the
 * request with `Error: aborted`. Next.js expects that and adds an ignoring `error` listener to
 * every request (next/dist/server/lib/router-server.js). But for a route on the Edge runtime,
 * Next.js afterwards swaps the request's body for a buffered copy by copying every property of
 * that copy onto the request (`replaceRequestBody` in next/dist/server/body-streams.js, called
 * from `finalize()` once the edge handler has returned). That copies the copy's `_events`,
 * dropping Next's listener, and its `_destroy`, which emits the error even with no listener. A
 * listener-less `error` event is an uncaught exception.
 *
 * So once the response has closed, when the swap is long done and just before Node.js emits the
 * error, the request gets a listener again. Node.js only: runs from instrumentation.ts.
 */
import { describeError } from "../createai/redact";
import { consoleLogger } from "../chat-stream/logger";
import { onIncomingRequest, type IncomingRequest } from "./incoming-requests";

export function endClientDisconnectsQuietly(): void {
  onIncomingRequest("client-disconnects", listenOnceResponseCloses);
}

function listenOnceResponseCloses({ request, response }: IncomingRequest): void {
  response.once("close", () => request.on("error", onRequestErrorAfterResponse));
}

function onRequestErrorAfterResponse(error: Error & { code?: string }): void {
  // The client went away: normal traffic, already logged as "aborted" by the route's own line.
  if (error.code === "ECONNRESET") return;
  consoleLogger.error({ event: "http.request-error", code: error.code, detail: describeError(error) });
}
