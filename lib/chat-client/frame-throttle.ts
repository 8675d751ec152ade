/**
 * Runs a callback at most once per animation frame however often it is requested, so a stream
 * of hundreds of deltas a second costs one render per frame. Outside a browser (server render,
 * tests without rAF) a 16 ms timer stands in for the frame.
 */
export interface FrameThrottle {
  /** Runs the callback on the next frame unless a run is already pending. */
  request(): void;
  cancel(): void;
}

export interface FrameScheduler {
  schedule(run: () => void): () => void;
}

export const browserFrameScheduler: FrameScheduler = {
  schedule(run) {
    if (typeof requestAnimationFrame === "function") {
      const handle = requestAnimationFrame(run);
      return () => cancelAnimationFrame(handle);
    }
    const handle = setTimeout(run, 16);
    return () => clearTimeout(handle);
  },
};

export function createFrameThrottle(callback: () => void, scheduler: FrameScheduler = browserFrameScheduler): FrameThrottle {
  let cancelPending: (() => void) | undefined;

  function run(): void {
    cancelPending = undefined;
    callback();
  }

  return {
    request() {
      if (cancelPending === undefined) cancelPending = scheduler.schedule(run);
    },
    cancel() {
      cancelPending?.();
      cancelPending = undefined;
    },
  };
}
