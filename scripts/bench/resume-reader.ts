/**
 * Workload 5's reader: a resumable answer read the way a client whose connection drops reads it.
 * It POSTs the `/bench` question with `"resumable": true` (SSE), reads `readDeltas` deltas, drops
 * the connection, waits `gapMs` while the answer goes on into the store, then GETs
 * `/api/ws-chat/streams/{X-Message-Id}` with `Last-Event-ID` on a new connection and reads to the
 * end. The figure is the time from just before that GET to the arrival of its first event (one
 * replayed from the store). The stamps of both parts go through one scanner and the SSE ids must
 * run 1, 2, 3… across the drop, so a resume that loses, repeats or reorders anything is not
 * complete.
 */
import http from "node:http";
import { StringDecoder } from "node:string_decoder";
import { benchClock } from "../standin/bench";
import { benchQuery, streamDeadlineMs, type StreamShape } from "./plan";
import { SseSplitter } from "./readers";
import { StampScanner } from "./stamps";

export interface ResumeResult {
  complete: boolean;
  failure?: string;
  /** From just before the GET to the arrival of its first event; NaN if none came. */
  resumeMs: number;
  /** Events the GET delivered, replayed and live. */
  eventsAfterResume: number;
  /** The last SSE id read before the drop. */
  lastIdBefore: number;
}

export interface ResumeOptions {
  port: number;
  shape: StreamShape;
  readDeltas: number;
  gapMs: number;
}

type OnEvent = (event: string, data: string, id: string | undefined, arrival: number) => void;

interface Exchange {
  status: number;
  messageId: string | undefined;
  /** `end`: the body ended; `dropped`: we dropped it; `broken`: it broke off or failed. */
  ending: "end" | "dropped" | "broken";
  detail?: string;
}

/**
 * One SSE request over a new connection. `dropWhen` is asked after each piece of body that was
 * read: true drops the connection there (a client going away).
 */
function exchange(
  port: number,
  request: { method: "POST" | "GET"; path: string; headers: Record<string, string>; body?: string },
  onEvent: OnEvent,
  dropWhen: () => boolean,
  signal: AbortSignal,
): Promise<Exchange> {
  return new Promise((resolve) => {
    const splitter = new SseSplitter();
    let settled = false;
    let messageId: string | undefined;
    let status = 0;
    const headers: Record<string, string | number> = { Accept: "text/event-stream", ...request.headers };
    if (request.body !== undefined) {
      headers["Content-Type"] = "application/json";
      headers["Content-Length"] = Buffer.byteLength(request.body);
    }
    const outgoing = http.request({ host: "127.0.0.1", port, method: request.method, path: request.path, agent: false, headers });
    const settle = (ending: Exchange["ending"], detail?: string): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      resolve({ status, messageId, ending, detail });
    };
    const onAbort = (): void => {
      settle("broken", "deadline passed");
      outgoing.destroy();
    };
    signal.addEventListener("abort", onAbort, { once: true });
    outgoing.on("error", (error) => settle("broken", `request error: ${error.message}`));
    outgoing.on("response", (response) => {
      status = response.statusCode ?? 0;
      const header = response.headers["x-message-id"];
      messageId = typeof header === "string" ? header : undefined;
      const decoder = new StringDecoder("utf8");
      if (status !== 200) {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += decoder.write(chunk)));
        response.on("end", () => settle("broken", `HTTP ${status}: ${text.slice(0, 200)}`));
        return;
      }
      response.on("data", (chunk: Buffer) => {
        if (settled) return;
        const arrival = benchClock();
        splitter.feed(decoder.write(chunk), (event, data, id) => onEvent(event, data, id, arrival));
        if (dropWhen()) {
          settle("dropped");
          outgoing.destroy();
        }
      });
      response.on("end", () => settle("end"));
      response.on("close", () => {
        if (!response.complete) settle("broken", "body broken off by the server");
      });
    });
    outgoing.end(request.body);
  });
}

export async function readResumed(options: ResumeOptions): Promise<ResumeResult> {
  const { port, shape, readDeltas, gapMs } = options;
  const deadline = AbortSignal.timeout(Math.ceil(streamDeadlineMs(shape)));
  const scanner = new StampScanner(shape.size);
  let expectedId = 1;
  let idsOutOfOrder = 0;
  let deltas = 0;
  let terminals = 0;
  let doneChars = -1;
  let errorEvent: string | undefined;
  let lastId = 0;
  const onEvent: OnEvent = (event, data, id, arrival) => {
    const seq = Number(id);
    if (seq !== expectedId) idsOutOfOrder += 1;
    expectedId = seq + 1;
    lastId = seq;
    if (event === "delta") {
      deltas += 1;
      scanner.feed((JSON.parse(data) as { text: string }).text, arrival);
    } else if (event === "done") {
      terminals += 1;
      doneChars = (JSON.parse(data) as { text: string }).text.length;
    } else if (event === "error") {
      terminals += 1;
      errorEvent = data;
    }
  };
  const fail = (failure: string, resumeMs = Number.NaN, eventsAfterResume = 0): ResumeResult => ({
    complete: false,
    failure,
    resumeMs,
    eventsAfterResume,
    lastIdBefore: lastId,
  });

  const body = JSON.stringify({ messages: [{ role: "user", content: benchQuery(shape) }], resumable: true });
  const first = await exchange(port, { method: "POST", path: "/api/ws-chat", headers: {}, body }, onEvent, () => deltas >= readDeltas, deadline);
  if (first.ending !== "dropped") return fail(`before the drop: ${first.ending}${first.detail ? ` (${first.detail})` : ""}`);
  if (first.messageId === undefined) return fail("no X-Message-Id on the POST");
  const lastIdBefore = lastId;
  await new Promise((resolve) => setTimeout(resolve, gapMs));

  let firstArrival = Number.NaN;
  let eventsAfterResume = 0;
  const afterResume: OnEvent = (event, data, id, arrival) => {
    if (eventsAfterResume === 0) firstArrival = arrival;
    eventsAfterResume += 1;
    onEvent(event, data, id, arrival);
  };
  const startedAt = benchClock();
  const second = await exchange(
    port,
    { method: "GET", path: `/api/ws-chat/streams/${encodeURIComponent(first.messageId)}`, headers: { "Last-Event-ID": String(lastIdBefore) } },
    afterResume,
    () => false,
    deadline,
  );
  const resumeMs = firstArrival - startedAt;
  if (second.ending !== "end") return { ...fail(`after the resume: ${second.ending}${second.detail ? ` (${second.detail})` : ""}`, resumeMs, eventsAfterResume), lastIdBefore };
  const problems: string[] = [];
  if (errorEvent !== undefined) problems.push(`error event: ${errorEvent.slice(0, 200)}`);
  if (terminals !== 1) problems.push(`${terminals} terminal events`);
  if (idsOutOfOrder > 0) problems.push(`${idsOutOfOrder} ids out of sequence`);
  if (!scanner.isExactly(shape.chunks)) problems.push(`${scanner.stamps}/${shape.chunks} chunks in place (${scanner.misplaced} misplaced)`);
  if (doneChars !== shape.chunks * shape.size) problems.push(`done carries ${doneChars} characters`);
  return {
    complete: problems.length === 0,
    failure: problems.length > 0 ? problems.join("; ") : undefined,
    resumeMs,
    eventsAfterResume,
    lastIdBefore,
  };
}
