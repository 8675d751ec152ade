/**
 * A hook on every request the Node.js HTTP server receives, before any `request` listener (so
 * before Next.js) sees it. Uses Node's public `http.server.request.start` diagnostics channel
 * instead of patching `http.Server`. Node.js only: runs from instrumentation.ts.
 */
import diagnosticsChannel from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";

export interface IncomingRequest {
  request: IncomingMessage;
  response: ServerResponse;
}

const REQUEST_START = "http.server.request.start";

/**
 * Calls `hook` for every incoming request, once per `name` however often this runs: Next.js may
 * evaluate instrumentation more than once in a process (dev reloads), and each hook must act once.
 */
export function onIncomingRequest(name: string, hook: (incoming: IncomingRequest) => void): void {
  const registry = globalThis as { [key: symbol]: boolean | undefined };
  const installed = Symbol.for(`createai-stream.${name}`);
  if (registry[installed]) return;
  registry[installed] = true;
  diagnosticsChannel.subscribe(REQUEST_START, (message) => hook(message as IncomingRequest));
}
