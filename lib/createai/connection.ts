/**
 * One CreateAI answer over one WebSocket: open, send the payload, feed frames to the decoder,
 * and settle exactly once. Every exit path clears every timer and closes the socket.
 */
import type { ChatErrorCode } from "../chat-stream/events";
import { createFrameDecoder, type FrameError } from "./frame-decoder";
import type { CreateAIPayload } from "./payload";
import { describeError, redactSecrets, redactSecretsDeep } from "./redact";
import {
  SOCKET_CONNECTING,
  SOCKET_OPEN,
  refusedHandshakeStatus,
  type Clock,
  type SocketCloseEvent,
  type SocketErrorEvent,
  type SocketFactory,
  type SocketLike,
  type SocketMessageEvent,
} from "./socket";
import { classifyHandshakeStatus } from "./upstream-failure";

export interface UpstreamRequest {
  /** Full socket URL, token included. Never logged: use `redactSecrets`. */
  url: string;
  token: string;
  payload: CreateAIPayload;
  createSocket: SocketFactory;
  clock: Clock;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  /** Longest the whole answer may take, from the first attempt to connect. */
  maxStreamMs: number;
  signal?: AbortSignal;
}

export interface UpstreamHandlers {
  onText(text: string): void;
  onMetadata(metadata: unknown): void;
  /** A note for the server log (gateway notices and the like). */
  onNotice?(note: string): void;
}

/** How the answer ended. `opened` tells whether the handshake succeeded. */
export type UpstreamOutcome =
  | { ok: true; closeCode: number | undefined }
  | { ok: false; code: ChatErrorCode; detail: string; opened: boolean; closeCode: number | undefined };

/** Streams one answer; resolves (never rejects) when it has ended one way or another. */
export function streamCreateAIAnswer(request: UpstreamRequest, handlers: UpstreamHandlers): Promise<UpstreamOutcome> {
  return new Promise<UpstreamOutcome>((resolve) => {
    const { clock, signal } = request;
    if (signal?.aborted) {
      resolve({ ok: false, code: "aborted", detail: "aborted before connecting", opened: false, closeCode: undefined });
      return;
    }

    let settled = false;
    let opened = false;
    let receivedText = false;
    let lastErrorDetail = "";
    let handshakeStatus: number | undefined;
    let lastFrameAt = 0;
    let connectTimer: unknown;
    let idleTimer: unknown;
    let lifetimeTimer: unknown;
    let socket: SocketLike;

    const decoder = createFrameDecoder({
      onText(text) {
        receivedText = true;
        handlers.onText(text);
      },
      // Metadata goes to the browser as it is: a gateway echoing its URL would hand out the token.
      onMetadata: (metadata) => handlers.onMetadata(redactSecretsDeep(metadata, request.token)),
      onEnd: () => settle({ ok: true, closeCode: undefined }),
      onError: (error: FrameError) => fail(error.code, `upstream reported: ${error.detail}`),
      onGatewayTimeout: () => handlers.onNotice?.("gateway timeout notice received; still waiting for the answer"),
    });

    function settle(outcome: UpstreamOutcome): void {
      if (settled) return;
      settled = true;
      clock.clearTimeout(connectTimer);
      clock.clearTimeout(idleTimer);
      clock.clearTimeout(lifetimeTimer);
      signal?.removeEventListener("abort", onAbort);
      // CreateAI does not reliably close after <EOS>: closing is our job on every path.
      closeQuietly(socket);
      resolve(outcome);
    }

    function fail(code: ChatErrorCode, detail: string, closeCode?: number): void {
      settle({ ok: false, code, detail: redactSecrets(detail, request.token), opened, closeCode });
    }

    function onAbort(): void {
      fail("aborted", "aborted by the caller");
    }

    function onOpen(): void {
      if (settled) return;
      opened = true;
      clock.clearTimeout(connectTimer);
      try {
        socket.send(JSON.stringify(request.payload));
      } catch (error) {
        fail("upstream_unavailable", `could not send the query: ${describeError(error, request.token)}`);
        return;
      }
      lastFrameAt = clock.now();
      armIdleTimer(request.idleTimeoutMs);
    }

    // One timer for the whole answer, re-armed only when it fires early: cheaper than
    // resetting a timer on every frame.
    function armIdleTimer(delayMs: number): void {
      idleTimer = clock.setTimeout(onIdleTimer, delayMs);
    }

    function onIdleTimer(): void {
      if (settled) return;
      const silentFor = clock.now() - lastFrameAt;
      if (silentFor >= request.idleTimeoutMs) {
        fail("upstream_timeout", `no frame for ${Math.round(silentFor)} ms (limit ${request.idleTimeoutMs} ms)`);
      } else {
        armIdleTimer(request.idleTimeoutMs - silentFor);
      }
    }

    function onMessage(event: SocketMessageEvent): void {
      if (settled) return;
      lastFrameAt = clock.now();
      const data = event.data;
      if (typeof data === "string" || data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
        decoder.feed(data);
      } else {
        handlers.onNotice?.(`ignored a frame of unexpected type ${typeof data}`);
      }
    }

    // An error event always means the connection is failing; the close event that should follow
    // never comes from some WebSocket implementations (the Edge runtime's, on a refused
    // handshake), so the error settles the answer itself, as a close with 1006 would.
    function onError(event: SocketErrorEvent): void {
      if (settled) return;
      lastErrorDetail = describeError(event.error ?? event, request.token);
      handshakeStatus = refusedHandshakeStatus(event);
      onClose({ code: 1006, reason: "" });
    }

    function onClose(event: SocketCloseEvent): void {
      if (settled) return;
      decoder.flush();
      const closeCode = event.code;
      const reason = event.reason ? ` (${event.reason})` : "";
      if (!opened) {
        const detail = `handshake failed, close ${closeCode}${reason}${lastErrorDetail ? `: ${lastErrorDetail}` : ""}`;
        fail(classifyHandshakeStatus(handshakeStatus), detail, closeCode);
        return;
      }
      if (decoder.sawGatewayTimeout && !receivedText) {
        fail("upstream_timeout", `closed with code ${closeCode} after the gateway timed out`, closeCode);
        return;
      }
      fail("upstream_closed", `closed with code ${closeCode}${reason} before <EOS>`, closeCode);
    }

    try {
      socket = request.createSocket(request.url);
    } catch (error) {
      resolve({
        ok: false,
        code: "upstream_unavailable",
        detail: `could not open the socket: ${describeError(error, request.token)}`,
        opened: false,
        closeCode: undefined,
      });
      return;
    }
    socket.binaryType = "arraybuffer";
    socket.addEventListener("open", onOpen);
    socket.addEventListener("message", onMessage);
    socket.addEventListener("error", onError);
    socket.addEventListener("close", onClose);
    signal?.addEventListener("abort", onAbort, { once: true });
    connectTimer = clock.setTimeout(
      () => fail("upstream_timeout", `socket not open after ${request.connectTimeoutMs} ms`),
      request.connectTimeoutMs,
    );
    lifetimeTimer = clock.setTimeout(
      () => fail("upstream_timeout", `the answer took longer than ${request.maxStreamMs} ms (CREATE_AI_MAX_STREAM_MS)`),
      request.maxStreamMs,
    );
  });
}

function closeQuietly(socket: SocketLike | undefined): void {
  if (!socket) return;
  if (socket.readyState !== SOCKET_CONNECTING && socket.readyState !== SOCKET_OPEN) return;
  try {
    socket.close(1000, "done");
  } catch {
    // Closing a socket that is still connecting can throw in some implementations; it is
    // being torn down either way.
  }
}
