/**
 * A minimal Chrome DevTools Protocol client over the inspector WebSocket of a server started
 * with `--inspect=127.0.0.1:0`, so a profile can cover exactly the measured window (not start-up
 * or warm-up) and a heap profile can be taken at the peak of a workload.
 */
import WebSocket from "ws";

const CALL_TIMEOUT_MS = 120_000;

export class InspectorSession {
  private lastId = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data: WebSocket.RawData) => this.onMessage(data.toString()));
    socket.on("close", () => {
      for (const { reject } of this.pending.values()) reject(new Error("inspector closed"));
      this.pending.clear();
    });
  }

  /** Connects to the `ws://…` debugger URL the server printed. */
  static connect(url: string): Promise<InspectorSession> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1024 * 1024 * 1024 });
      socket.once("open", () => resolve(new InspectorSession(socket)));
      socket.once("error", reject);
    });
  }

  /** The debugger URL in a server's output (`Debugger listening on ws://…`). */
  static urlIn(output: string): string {
    const match = /Debugger listening on (ws:\/\/\S+)/.exec(output);
    if (!match?.[1]) throw new Error(`no inspector URL in the server output:\n${output.slice(-2000)}`);
    return match[1];
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    this.lastId += 1;
    const id = this.lastId;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer in ${CALL_TIMEOUT_MS} ms`));
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.socket.close();
  }

  private onMessage(text: string): void {
    const message = JSON.parse(text) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id === undefined) return; // an event; nothing here subscribes to any
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  }
}
