/**
 * The three ways the benchmark reads one `/bench` answer, all timed on the stand-in's clock:
 * - the limit: a WebSocket straight to the stand-in (the `ws` package, as the Node.js route uses);
 * - the route as SSE and as plain text, over `node:http` with a fresh connection per request
 *   (`agent: false`), so connecting is part of the time to the first chunk, as for the limit.
 *   `node:http` rather than `fetch`: no WHATWG stream in the reader. Checked against `fetch` on
 *   the 20,000-chunk stream (5 rounds): same wall time and bench-process CPU within noise, so the
 *   choice does not move the figures.
 * Requests advertise `Accept-Encoding: gzip, deflate, br` as browsers do, so a response that gets
 * compressed (and so buffered) on the way is measured as a browser would see it.
 */
import http from "node:http";
import { StringDecoder } from "node:string_decoder";
import zlib from "node:zlib";
import WebSocket from "ws";
import { buildCreateAIPayload, DEFAULT_SYSTEM_PROMPT } from "../../lib/createai/payload";
import { benchClock } from "../standin/bench";
import { benchQuery, streamDeadlineMs, type StreamShape } from "./plan";
import { StampScanner } from "./stamps";

/** What one stream gave. Times are in ms on the bench clock. */
export interface StreamResult {
  /** Exactly the chunks asked for, in order, and a clean, successful end. */
  complete: boolean;
  failure?: string;
  latencies: number[];
  /** Upstream send time of each chunk (bench clock), parallel to `latencies`. */
  sentAt: number[];
  /** From just before connecting to the arrival of the first chunk. */
  firstChunkMs: number;
  /** From just before connecting to the end of the answer. */
  totalMs: number;
  chars: number;
  /** `Content-Encoding` of the response, if any. */
  encoding?: string;
}

export interface RouteAddress {
  port: number;
  format: "sse" | "text";
  /** POST with `"resumable": true` (the answer goes through the answer store). */
  resumable?: boolean;
}

export interface DirectAddress {
  /** `ws://127.0.0.1:<port>` */
  url: string;
  token: string;
}

let requestCounter = 0;
/** Unique per direct read, so the stand-in keeps no history between them. */
function nextSessionId(): string {
  requestCounter += 1;
  return `bench-${process.pid}-${requestCounter}`;
}

function finishResult(scanner: StampScanner, startedAt: number, complete: boolean, failure?: string): StreamResult {
  return {
    complete,
    failure: complete ? undefined : (failure ?? "incomplete"),
    latencies: scanner.latencies,
    sentAt: scanner.sentAt,
    firstChunkMs: scanner.firstArrival - startedAt,
    totalMs: benchClock() - startedAt,
    chars: scanner.chars,
  };
}

/** The limit: one answer read straight from the stand-in's socket. */
export function readDirect(address: DirectAddress, shape: StreamShape): Promise<StreamResult> {
  return new Promise((resolve) => {
    const scanner = new StampScanner(shape.size);
    const startedAt = benchClock();
    const socket = new WebSocket(`${address.url}/?access_token=${encodeURIComponent(address.token)}`, {
      perMessageDeflate: false,
    });
    let settled = false;
    const settle = (complete: boolean, failure?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(finishResult(scanner, startedAt, complete, failure));
      socket.close(1000, "done");
    };
    const deadline = setTimeout(() => {
      settle(false, "deadline passed");
      socket.terminate();
    }, streamDeadlineMs(shape));

    socket.on("open", () => {
      const payload = buildCreateAIPayload({
        query: benchQuery(shape),
        history: [],
        systemPrompt: DEFAULT_SYSTEM_PROMPT,
        sessionId: nextSessionId(),
        projectId: "bench-project",
        model: { provider: "aws", name: "claude4_5_sonnet" },
      });
      socket.send(JSON.stringify(payload));
    });
    socket.on("message", (data: WebSocket.RawData) => {
      const arrival = benchClock();
      const text = data.toString();
      if (text === "<EOS>") settle(scanner.isExactly(shape.chunks));
      else scanner.feed(text, arrival);
    });
    socket.on("error", (error) => settle(false, `socket error: ${error.message}`));
    socket.on("close", (code) => settle(false, `socket closed with ${code} before <EOS>`));
  });
}

/** One answer through the route, as SSE or plain text. */
export function readRoute(address: RouteAddress, shape: StreamShape): Promise<StreamResult> {
  return new Promise((resolve) => {
    const scanner = new StampScanner(shape.size);
    const sse = address.format === "sse" ? new SseSplitter() : undefined;
    const body = requestBody(shape, address.resumable);
    let settled = false;
    let encoding: string | undefined;
    let doneChars = -1;
    let errorEvent: string | undefined;
    const startedAt = benchClock();

    const settle = (complete: boolean, failure?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve({ ...finishResult(scanner, startedAt, complete, failure), encoding });
    };
    const request = http.request({
      host: "127.0.0.1",
      port: address.port,
      method: "POST",
      path: "/api/ws-chat",
      agent: false,
      headers: {
        "Content-Type": "application/json",
        "Content-Length": Buffer.byteLength(body),
        Accept: address.format === "sse" ? "text/event-stream" : "text/plain",
        "Accept-Encoding": "gzip, deflate, br",
      },
    });
    const deadline = setTimeout(() => {
      settle(false, "deadline passed");
      request.destroy();
    }, streamDeadlineMs(shape));

    function onText(text: string, arrival: number): void {
      if (sse === undefined) {
        scanner.feed(text, arrival);
        return;
      }
      sse.feed(text, (event, data) => {
        if (event === "delta") scanner.feed((JSON.parse(data) as { text: string }).text, arrival);
        else if (event === "done") doneChars = (JSON.parse(data) as { text: string }).text.length;
        else if (event === "error") errorEvent = data;
      });
    }

    function onEnd(): void {
      if (errorEvent !== undefined) return settle(false, `error event: ${errorEvent}`);
      const exact = scanner.isExactly(shape.chunks);
      if (sse === undefined) return settle(exact);
      settle(exact && doneChars === shape.chunks * shape.size, doneChars < 0 ? "no done event" : undefined);
    }

    request.on("error", (error) => settle(false, `request error: ${error.message}`));
    request.on("response", (response) => {
      encoding = response.headers["content-encoding"];
      const decoder = new StringDecoder("utf8");
      const source = decompressing(response, encoding);
      if (response.statusCode !== 200) {
        let text = "";
        source.on("data", (chunk: Buffer) => (text += decoder.write(chunk)));
        source.on("end", () => settle(false, `HTTP ${response.statusCode}: ${text.slice(0, 200)}`));
        return;
      }
      source.on("data", (chunk: Buffer) => onText(decoder.write(chunk), benchClock()));
      source.on("end", onEnd);
      source.on("error", (error: Error) => settle(false, `body error: ${error.message}`));
      response.on("close", () => {
        if (!response.complete) settle(false, "body aborted by the server");
      });
    });
    request.end(body);
  });
}

/** No sessionId: the route issues a new session per request, as for any new conversation. */
function requestBody(shape: StreamShape, resumable: boolean | undefined): string {
  const messages = [{ role: "user", content: benchQuery(shape) }];
  return JSON.stringify(resumable ? { messages, resumable: true } : { messages });
}

/** The response body, decompressed if the server compressed it. */
function decompressing(response: http.IncomingMessage, encoding: string | undefined): NodeJS.ReadableStream {
  if (encoding === "gzip") return response.pipe(zlib.createGunzip());
  if (encoding === "deflate") return response.pipe(zlib.createInflate());
  if (encoding === "br") return response.pipe(zlib.createBrotliDecompress());
  return response;
}

/**
 * Splits an SSE stream into events (`event:` name, `data:` and `id:`), across any chunking. Only
 * what our encoder writes: `\n` line ends, one `event:`, at most one `id:` and any number of
 * `data:` lines per event.
 */
export class SseSplitter {
  private pending = "";

  feed(text: string, onEvent: (event: string, data: string, id: string | undefined) => void): void {
    const buffer = this.pending === "" ? text : this.pending + text;
    let from = 0;
    for (let end = buffer.indexOf("\n\n"); end !== -1; end = buffer.indexOf("\n\n", from)) {
      const block = buffer.slice(from, end);
      from = end + 2;
      let event = "message";
      let data: string | undefined;
      let id: string | undefined;
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trimStart();
        else if (line.startsWith("data:")) data = data === undefined ? line.slice(5).trimStart() : `${data}\n${line.slice(5).trimStart()}`;
        else if (line.startsWith("id:")) id = line.slice(3).trimStart();
      }
      if (data !== undefined) onEvent(event, data, id);
    }
    this.pending = buffer.slice(from);
  }
}
