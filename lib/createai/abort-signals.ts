/**
 * `AbortSignal.any` for runtimes without it: the Edge runtime's AbortSignal has `abort` and
 * `timeout` only.
 */

/** A signal that aborts when one of `signals` does, and the way to let go of them. */
export interface LinkedAbortSignal {
  signal: AbortSignal;
  /** Removes the listeners put on `signals`; call it once the guarded work is over. */
  unlink(): void;
}

/** Aborts with the reason of the first of `signals` to abort. */
export function linkAbortSignals(signals: readonly AbortSignal[]): LinkedAbortSignal {
  const linked = new AbortController();
  const alreadyAborted = signals.find((signal) => signal.aborted);
  if (alreadyAborted) {
    linked.abort(alreadyAborted.reason);
    return { signal: linked.signal, unlink: () => undefined };
  }

  function onAbort(): void {
    unlink();
    linked.abort(signals.find((signal) => signal.aborted)?.reason);
  }
  // A caller's signal may outlive many requests: listeners left on it would pile up.
  function unlink(): void {
    for (const signal of signals) signal.removeEventListener("abort", onAbort);
  }
  for (const signal of signals) signal.addEventListener("abort", onAbort);
  return { signal: linked.signal, unlink };
}
