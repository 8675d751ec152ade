/**
 * Lets the route's refusal of a body (413 past WS_CHAT_MAX_BODY_BYTES, 408 slower than
 * WS_CHAT_BODY_TIMEOUT_MS) go out at once under `next start`, and stops reading the rest.
 *
 * The wart it works around: on the Edge runtime, Next.js sends a handler's Response only once the
 * whole request body has arrived. The sandbox's `run` awaits `finalize()` in a `finally` after the
 * handler has returned (next/dist/server/web/sandbox/sandbox.js), and `finalize` waits for the
 * request's `end` or `error` (`getCloneableBody`, next/dist/server/body-streams.js). No setting
 * skips it (`proxyClientMaxBodySize` only caps what is buffered), so a refusal waited for as long
 * as a client kept sending, up to Node's `requestTimeout` (300 s). Ending the request with an
 * error is no way out: Next.js then logs it twice, stack and all, and sends its 500 page instead.
 *
 * So on every request to /api/ws-chat…, before Next.js sees it, the body is ended where the route
 * stops wanting it, by the route's own limits (its settings, read the same way):
 * - at once when the declared Content-Length is over the limit: the route refuses on the header;
 * - right after the chunk that passes the limit: the route sees that chunk and refuses on it;
 * - when it is still arriving `ROUTE_DEADLINE_GRACE_MS` after the route's own deadline: the
 *   route has answered 408 by then (any sooner, and the cut body would look whole to it). Both
 *   clocks start when the body starts being read: this one when Next.js starts reading it, the
 *   route's a moment later, once its cheaper checks have passed.
 * The route's answer then goes out as usual, with `Connection: close`, and the rest of the body is
 * never read. Nothing here answers by itself: once the body ends, Next.js sends the route's
 * answer, and it throws on a response already sent. Remove this once the route leaves the Edge
 * runtime or Next.js stops draining bodies first.
 * Node.js only: runs from instrumentation.ts.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { BodyLimits } from "../chat-stream/read-body";
import { loadServerSettings } from "../chat-stream/server-settings";
import { systemClock, type Clock } from "../createai/socket";
import { ConfigError, type EnvSource } from "../env-schema";
import { onIncomingRequest, type IncomingRequest } from "./incoming-requests";

/** How long the route has, after its own deadline, to answer 408 before the body ends under it. */
export const ROUTE_DEADLINE_GRACE_MS = 1_000;

const CHAT_PATH = "/api/ws-chat";

/** Puts the route's body limits (WS_CHAT_MAX_BODY_BYTES, WS_CHAT_BODY_TIMEOUT_MS in `env`) on every request to /api/ws-chat…. */
export function endChatBodiesAtRouteLimits(env: EnvSource): void {
  const limits = bodyLimitsOf(env);
  onIncomingRequest("chat-body-limits", function boundChatBody({ request, response }: IncomingRequest) {
    if (request.url?.startsWith(CHAT_PATH)) endBodyAtLimits(request, response, limits);
  });
}

function bodyLimitsOf(env: EnvSource): BodyLimits {
  let settings;
  try {
    settings = loadServerSettings(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // The route refuses every request before reading its body, naming the variable: the
    // defaults only bound how long Next.js waits for the body before sending that refusal.
    settings = loadServerSettings({});
  }
  return { maxBytes: settings.maxBodyBytes, timeoutMs: settings.bodyTimeoutMs };
}

/**
 * Ends `request`'s body where a route reading it with `limits` has refused it, and closes the
 * connection once the answer is out. Call before anything reads the request.
 */
export function endBodyAtLimits(request: IncomingMessage, response: ServerResponse, limits: BodyLimits, clock: Clock = systemClock): void {
  const limiter = new BodyLimiter(request, response, limits, clock);
  // Node.js's parser hands every piece of the body to `push`: counted there, nothing is read.
  request.push = (chunk, encoding) => limiter.onBodyPiece(chunk, encoding);
  request.once("resume", () => limiter.startDeadline());
  request.once("close", () => limiter.stopDeadline());
  if (Number(request.headers["content-length"]) > limits.maxBytes) limiter.cut();
}

class BodyLimiter {
  private state: "arriving" | "complete" | "cut" = "arriving";
  private received = 0;
  private deadline: unknown;
  private readonly push: IncomingMessage["push"];

  constructor(
    private readonly request: IncomingMessage,
    private readonly response: ServerResponse,
    private readonly limits: BodyLimits,
    private readonly clock: Clock,
  ) {
    this.push = request.push.bind(request);
  }

  onBodyPiece(chunk: Buffer | null, encoding?: BufferEncoding): boolean {
    // `false` tells the parser to stop reading the socket: the rest is never read.
    if (this.state === "cut") return false;
    if (chunk === null) {
      this.state = "complete";
      this.stopDeadline();
      return this.push(null);
    }
    this.received += chunk.length;
    const wantsMore = this.push(chunk, encoding);
    if (this.received <= this.limits.maxBytes) return wantsMore;
    // The body ends right after the chunk that passes the limit: the route refuses on that chunk.
    this.cut();
    return false;
  }

  /** Starts when the body starts being read, as the route's own deadline does. */
  startDeadline(): void {
    if (this.state !== "arriving") return;
    this.deadline = this.clock.setTimeout(() => this.cut(), this.limits.timeoutMs + ROUTE_DEADLINE_GRACE_MS);
  }

  stopDeadline(): void {
    this.clock.clearTimeout(this.deadline);
  }

  /** Ends the body here for whoever reads it. */
  cut(): void {
    if (this.state !== "arriving") return;
    this.state = "cut";
    this.stopDeadline();
    // Else Node.js takes the request for aborted once it ends, and destroys the socket, answer and all.
    this.request.complete = true;
    this.push(null);
    closeAfterAnswer(this.request, this.response);
  }
}

function closeAfterAnswer(request: IncomingMessage, response: ServerResponse): void {
  if (!response.headersSent) {
    // Node.js closes the connection itself once it has sent an answer that says so.
    response.setHeader("Connection", "close");
    return;
  }
  // A route that answered without waiting for the body (one on the Node.js runtime).
  const socket = request.socket;
  const close = () => socket.end(() => socket.destroy());
  if (response.writableFinished) close();
  else response.once("finish", close);
}
