/**
 * The page's side of highlighting: a cache of highlighted blocks, and one worker that does the
 * tokenizing (highlight.worker.ts). Where there is no Worker (jsdom in tests, old browsers) the
 * same code runs on the page, loaded only when the first block asks for it.
 */
import type { GrammarId } from "./code-languages";
import type { HighlightRequest, HighlightResponse, HighlightedLines } from "./highlight";

/** Highlighted blocks kept, so a block that mounts again (a reload, a re-render) shows colours at once. */
const CACHE_LIMIT = 200;

const cache = new Map<string, HighlightedLines>();
const inFlight = new Map<string, Promise<HighlightedLines | undefined>>();

type Resolve = (lines: HighlightedLines | undefined) => void;
interface HighlightWorker {
  post(request: HighlightRequest): void;
  pending: Map<number, Resolve>;
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
    target.pending.set(id, resolve);
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
  // A worker that cannot start leaves code plain, rather than blocking the page by highlighting on it.
  instance.addEventListener("error", () => {
    for (const resolve of pending.values()) resolve(undefined);
    pending.clear();
    instance.terminate();
    worker = "failed";
  });
  worker = { post: (request) => instance.postMessage(request), pending };
  return worker;
}
