/**
 * The highlight worker: tokenizes one code block per message, so compiling a grammar never
 * blocks the page (see highlight.ts). Typed with the project's DOM lib: a worker's `self` has
 * the same `postMessage` and `addEventListener` used here.
 */
import { tokenize, type HighlightRequest, type HighlightResponse } from "./highlight";

async function answer({ data }: MessageEvent<HighlightRequest>): Promise<void> {
  let response: HighlightResponse;
  try {
    response = { id: data.id, lines: await tokenize(data.code, data.grammar) };
  } catch {
    // The block stays plain; the page has nothing more useful to do with the cause.
    response = { id: data.id };
  }
  self.postMessage(response);
}

self.addEventListener("message", (event: MessageEvent<HighlightRequest>) => void answer(event));
