/**
 * The page's side of highlighting: a cache of highlighted blocks, and one worker that does the
 * tokenizing (highlight.worker.ts). Where there is no Worker (jsdom in tests, old browsers) the
 * same code runs on the page, loaded only when the first block asks for it.
 */
import type { GrammarId } from "./code-languages";
import type { HighlightRequest, HighlightResponse, HighlightedLines } from "./highlight";

/** Highlighted blocks kept, so a block that mounts again (a reload, a re-render) shows colours at once. */
const CACHE_LIMIT = 200;
/** Longer blocks stay plain: their colours would cost more than they help, and the cache holds their text. */
export const MAX_HIGHLIGHT_CHARS = 50_000;
/**
 * A block the worker has not answered by then (a pathological input for a grammar's regular
 * expressions, which cannot be interrupted) stays plain, and the worker is replaced, so the
 * blocks after it are coloured. Far above a first grammar's compile time (1.6 s for C++).
 */
const WORKER_TIMEOUT_MS = 10_000;

const cache = new Map<string, HighlightedLines>();
const inFlight = new Map<string, Promise<HighlightedLines | undefined>>();

type Resolve = (lines: HighlightedLines | undefined) => void;
interface HighlightWorker {
  post(request: HighlightRequest): void;
  pending: Map<number, Resolve>;
  /** Stops it, leaving every block it still owed plain. */
  stop(): void;
}
/** Not started yet; "none" where there is no Worker; "failed" once it could not start. */
let worker: HighlightWorker | "none" | "failed" | undefined;
let nextId = 1;

function cacheKey(code: string, grammar: GrammarId): string {
  return `${grammar}\u0000${code}`;
}

/** The highlighted lines if this exact block was highlighted before; never waits. */
export function cachedHighlight(code: string, grammar: GrammarId): HighlightedLines | undefined {
  return cache.get(cacheKey(code, grammar));
}

/**
 * `code` as coloured lines, or undefined when it cannot be highlighted (the block stays plain).
 * Never rejects.
 */
export function highlight(code: string, grammar: GrammarId): Promise<HighlightedLines | undefined> {
  if (code.length > MAX_HIGHLIGHT_CHARS) return Promise.resolve(undefined);
  const key = cacheKey(code, grammar);
  const cached = cache.get(key);
  if (cached !== undefined) return Promise.resolve(cached);
  let running = inFlight.get(key);
  if (running === undefined) {
    running = tokenizeSomewhere(code, grammar).then((lines) => {
      inFlight.delete(key);
      if (lines !== undefined) remember(key, lines);
      return lines;
    });
    inFlight.set(key, running);
  }
  return running;
}

function remember(key: string, lines: HighlightedLines): void {
  cache.set(key, lines);
  // A Map keeps insertion order: the first key is the oldest.
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
}

function tokenizeSomewhere(code: string, grammar: GrammarId): Promise<HighlightedLines | undefined> {
  const target = getWorker();
  if (target === "failed") return Promise.resolve(undefined);
  if (target === "none") {
    return import("./highlight").then((module) => module.tokenize(code, grammar)).catch(() => undefined);
  }
  const id = nextId++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      // Stuck: this worker is replaced by a new one at the next block.
      if (worker === target) worker = undefined;
      target.stop();
    }, WORKER_TIMEOUT_MS);
    target.pending.set(id, (lines) => {
      clearTimeout(timer);
      resolve(lines);
    });
    target.post({ id, code, grammar });
  });
}

function getWorker(): HighlightWorker | "none" | "failed" {
  if (worker !== undefined) return worker;
  if (typeof Worker === "undefined") return (worker = "none");
  // A literal URL next to `new Worker`, so the bundler builds the worker as a chunk of its own.
  const instance = new Worker(new URL("./highlight.worker.ts", import.meta.url), { type: "module" });
  const pending = new Map<number, Resolve>();
  instance.addEventListener("message", ({ data }: MessageEvent<HighlightResponse>) => {
    pending.get(data.id)?.(data.lines);
    pending.delete(data.id);
  });
  const stop = () => {
    instance.terminate();
    for (const resolve of pending.values()) resolve(undefined);
    pending.clear();
  };
  // A worker that cannot start leaves code plain, rather than blocking the page by highlighting on it.
  instance.addEventListener("error", () => {
    stop();
    worker = "failed";
  });
  worker = { post: (request) => instance.postMessage(request), pending, stop };
  return worker;
}
