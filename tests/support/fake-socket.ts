import type { SocketCloseEvent, SocketErrorEvent, SocketLike, SocketMessageEvent } from "@/lib/createai/socket";

type Listener = (event: never) => void;

/** A scripted WebSocket: the test plays the server by calling serverOpen/serverSend/serverClose. */
export class FakeSocket implements SocketLike {
  readyState = 0;
  binaryType = "blob";
  readonly sent: string[] = [];
  readonly closeCalls: Array<{ code?: number; reason?: string }> = [];
  private readonly listeners = new Map<string, Listener[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error("send on a socket that is not open");
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closeCalls.push({ code, reason });
    this.readyState = 3;
  }

  serverOpen(): void {
    this.readyState = 1;
    this.emit("open", {});
  }

  serverSend(data: string | Uint8Array): void {
    this.emit("message", { data } satisfies SocketMessageEvent);
  }

  serverError(error: SocketErrorEvent): void {
    this.emit("error", error);
  }

  serverClose(code: number, reason = ""): void {
    this.readyState = 3;
    this.emit("close", { code, reason } satisfies SocketCloseEvent);
  }

  private emit(type: string, event: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) (listener as (e: unknown) => void)(event);
  }
}

export function fakeSocketFactory(): { create: (url: string) => FakeSocket; sockets: FakeSocket[] } {
  const sockets: FakeSocket[] = [];
  return {
    sockets,
    create(url) {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
  };
}
