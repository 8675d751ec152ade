/**
 * The `edge` project's test environment: the Edge runtime's own implementations of the web APIs.
 *
 * vitest's built-in `edge-runtime` environment copies a global from the Edge sandbox only where
 * Node has none, so `AbortSignal`, `fetch`, `Request`, `Response`, `ReadableStream`… stayed Node's,
 * and code using a Node-only addition (`AbortSignal.any`) passed there and failed under
 * `next start`. This one puts the Edge runtime's versions of those APIs in their place. Node's own
 * globals (`process`, `Buffer`, timers) stay visible: vitest itself runs on them.
 */
import { EdgeVM } from "@edge-runtime/vm";
import { populateGlobal, type Environment } from "vitest/environments";

/** The web APIs both Node and the Edge runtime define, which must come from the Edge runtime. */
const EDGE_WEB_APIS = [
  "AbortController",
  "AbortSignal",
  "Blob",
  "DOMException",
  "Event",
  "EventTarget",
  "fetch",
  "File",
  "FormData",
  "Headers",
  "ReadableStream",
  "ReadableStreamBYOBReader",
  "ReadableStreamDefaultReader",
  "Request",
  "Response",
  "structuredClone",
  "TextDecoder",
  "TextDecoderStream",
  "TextEncoder",
  "TextEncoderStream",
  "TransformStream",
  "URL",
  "URLSearchParams",
  "WritableStream",
  "WritableStreamDefaultWriter",
  "atob",
  "btoa",
  "crypto",
  "Crypto",
  "CryptoKey",
  "SubtleCrypto",
];

const environment: Environment = {
  name: "edge-runtime",
  viteEnvironment: "ssr",
  async setup(global: Record<string, unknown>) {
    const edge = new EdgeVM({
      extend: (context) => Object.assign(context, { global: context, Buffer }),
    }).context as Record<string, unknown>;
    const { keys, originals } = populateGlobal(global, edge, { bindFunctions: true, additionalKeys: EDGE_WEB_APIS });
    // populateGlobal also installs the browser names it knows (MessageEvent, CloseEvent…); where
    // the Edge runtime has none, keep Node's, as the built-in environment does.
    for (const [key, value] of originals) {
      if (typeof key === "string" && edge[key] === undefined) global[key] = value;
    }
    return {
      teardown(global: Record<string, unknown>) {
        for (const key of keys) delete global[key];
        for (const [key, value] of originals) global[key as string] = value;
      },
    };
  },
};

export default environment;
