/**
 * The narrow slice of a WHATWG-style WebSocket that the connection uses. The Edge runtime's
 * WebSocket, Node's `ws` package and msw's interceptor all fit it, so tests hand in any of them.
 */

export interface SocketMessageEvent {
  data: unknown;
}
export interface SocketCloseEvent {
  code: number;
  reason: string;
}
export interface SocketErrorEvent {
  message?: string;
  error?: unknown;
}

export interface SocketLike {
  readonly readyState: number;
  binaryType: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: "open", listener: () => void): void;
  addEventListener(type: "message", listener: (event: SocketMessageEvent) => void): void;
  addEventListener(type: "close", listener: (event: SocketCloseEvent) => void): void;
  addEventListener(type: "error", listener: (event: SocketErrorEvent) => void): void;
}

// `ws` reports a refused handshake with exactly this message; browsers and undici (the Edge
// runtime's WebSocket) never tell the status at all.
const WS_UNEXPECTED_RESPONSE = /^Unexpected server response: (\d{3})$/;

/** The HTTP status that refused the handshake, when the implementation tells it. */
export function refusedHandshakeStatus(event: SocketErrorEvent): number | undefined {
  const message = event.error instanceof Error ? event.error.message : event.message;
  const status = WS_UNEXPECTED_RESPONSE.exec(message ?? "")?.[1];
  return status === undefined ? undefined : Number(status);
}

/** Opens a socket to `url`. */
export type SocketFactory = (url: string) => SocketLike;

export const SOCKET_CONNECTING = 0;
export const SOCKET_OPEN = 1;

/** Timers and time, passed in so tests can use a fake clock. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * A factory over whichever WebSocket this runtime has: the Edge runtime (and Node 22+) have a
 * global one; Node 20 does not, so the Node.js runtime falls back to the `ws` package.
 */
export async function defaultSocketFactory(): Promise<SocketFactory> {
  const globalWebSocket = (globalThis as { WebSocket?: new (url: string) => SocketLike }).WebSocket;
  if (typeof globalWebSocket === "function") return (url) => new globalWebSocket(url);
  if (process.env.NEXT_RUNTIME !== "edge") {
    const { WebSocket: NodeWebSocket } = await import("ws");
    return (url) => new NodeWebSocket(url) as unknown as SocketLike;
  }
  throw new Error("This runtime has no WebSocket implementation");
}
