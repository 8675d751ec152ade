/**
 * The only way answer code touches a socket: sends that respect backpressure and pauses whose
 * timers die with the socket, so a client that goes away stops the answer at once.
 */
import type { WebSocket } from "ws";

/** Above this many buffered bytes a send waits until its frame has been written out. */
const HIGH_WATER_BYTES = 1024 * 1024;

/** What an answer may do with its socket. Every promise resolves `false` once the socket is gone. */
export interface Outlet {
  isOpen(): boolean;
  /** Sends one text frame; waits for the write to drain when the socket is backed up. */
  send(frame: string): Promise<boolean>;
  /** Waits `ms` milliseconds (0: just lets the event loop run). */
  pause(ms: number): Promise<boolean>;
  close(code: number, reason?: string): void;
  /** Drops the TCP connection without a close frame. */
  terminate(): void;
}

/** An {@link Outlet} plus the hook the server calls when the socket closes. */
export interface SocketOutlet extends Outlet {
  /** Clears every pending timer and settles every pending wait with `false`. */
  dispose(): void;
}

type Settle = (ok: boolean) => void;

export function createOutlet(socket: WebSocket): SocketOutlet {
  const pending = new Set<Settle>();
  let disposed = false;

  const isOpen = (): boolean => !disposed && socket.readyState === socket.OPEN;

  // Runs `start` with a settle function that works once, and is called with false on dispose.
  function waitFor(start: (settle: Settle) => () => void): Promise<boolean> {
    if (!isOpen()) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      let cancel: () => void = () => undefined;
      const settle: Settle = (ok) => {
        if (!pending.delete(settle)) return;
        cancel();
        resolve(ok && isOpen());
      };
      pending.add(settle);
      cancel = start(settle);
    });
  }

  function pause(ms: number): Promise<boolean> {
    return waitFor((settle) => {
      if (ms <= 0) {
        const handle = setImmediate(settle, true);
        return () => clearImmediate(handle);
      }
      const handle = setTimeout(settle, ms, true);
      return () => clearTimeout(handle);
    });
  }

  function send(frame: string): Promise<boolean> {
    return waitFor((settle) => {
      // A failed write is followed by the socket's own error and close events, which end the
      // answer through dispose(); here it only means "stop waiting".
      socket.send(frame, (error) => settle(error === undefined));
      if (socket.bufferedAmount <= HIGH_WATER_BYTES) settle(true);
      return () => undefined;
    });
  }

  return {
    isOpen,
    send,
    pause,
    close(code, reason) {
      if (isOpen()) socket.close(code, reason);
    },
    terminate() {
      socket.terminate();
    },
    dispose() {
      disposed = true;
      for (const settle of [...pending]) settle(false);
    },
  };
}
