/**
 * One soak stream: a request in one of the three formats, maybe an upstream fault, maybe
 * aborted by the client at a random point, and what the client saw at its end.
 */
import http from "node:http";
import { createParser } from "eventsource-parser";
import { parseChatEvent } from "../../lib/chat-stream/events";
import { composeAnswer } from "../standin/answers";
import type { StandinFault } from "../standin/faults";

export const SOAK_FAULTS = [
  "close-before-frame",
  "drop-mid-answer",
  "silence",
  "gateway-error",
  "error-frame",
  "gateway-timeout-then-text",
  "huge-frame",
] as const satisfies readonly StandinFault[];

export interface StreamPlan {
  index: number;
  format: "sse" | "text" | "json";
  fault: (typeof SOAK_FAULTS)[number] | undefined;
  /** Abort after this many ms, or never. */
  abortAfterMs: number | undefined;
}

/** How the stream ended, from the client's side. `terminals` counts done/error events seen. */
export interface StreamResult {
  plan: StreamPlan;
  /** "hung": no end within STREAM_TIMEOUT_MS; the soak fails on any. */
  outcome: "done" | "error" | "aborted" | "hung";
  terminals: number;
  /** For a completed normal answer: whether the text was exactly the answer sent. */
  exact: boolean | undefined;
  detail?: string;
}

export function planStream(index: number, random: () => number): StreamPlan {
  const formats = ["sse", "text", "json"] as const;
  const format = formats[Math.floor(random() * formats.length)] ?? "sse";
  const fault = random() < 0.1 ? SOAK_FAULTS[Math.floor(random() * SOAK_FAULTS.length)] : undefined;
  const abortAfterMs = random() < 1 / 3 ? Math.floor(random() * 400) : undefined;
  return { index, format, fault, abortAfterMs };
}

export function questionOf(plan: StreamPlan): string {
  return plan.fault ? `/fault ${plan.fault}` : `Soak question ${plan.index}`;
}

/** Longer than any answer of the soak takes, idle timeout included: past it a stream is stuck. */
const STREAM_TIMEOUT_MS = 20_000;

export async function runStream(baseUrl: string, plan: StreamPlan): Promise<StreamResult> {
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  const stuck = new Promise<StreamResult>((resolve) => {
    watchdog = setTimeout(() => resolve({ plan, outcome: "hung", terminals: 0, exact: undefined }), STREAM_TIMEOUT_MS);
  });
  try {
    return await Promise.race([requestOnce(baseUrl, plan), stuck]);
  } finally {
    clearTimeout(watchdog);
  }
}

/** What came back over HTTP: the status, the body, and whether the body ended cleanly. */
interface HttpOutcome {
  status: number;
  body: string;
  broken: boolean;
}

/**
 * One request over `node:http` rather than `fetch`: aborting destroys the socket, which always
 * settles the request (the soak saw fetch in Node 20 stay pending after an abort, now and then).
 */
function post(baseUrl: string, plan: StreamPlan): Promise<HttpOutcome | "aborted"> {
  const url = new URL("/api/ws-chat", baseUrl);
  const payload = JSON.stringify({ messages: [{ role: "user", content: questionOf(plan) }], stream: plan.format !== "json" });
  return new Promise((resolve) => {
    let aborted = false;
    const request = http.request(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "Content-Length": Buffer.byteLength(payload),
        Accept: plan.format === "sse" ? "text/event-stream" : "*/*",
      },
    });
    const timer = plan.abortAfterMs === undefined ? undefined : setTimeout(() => {
      aborted = true;
      request.destroy();
    }, plan.abortAfterMs);
    const settle = (outcome: HttpOutcome | "aborted") => {
      clearTimeout(timer);
      resolve(aborted ? "aborted" : outcome);
    };
    request.on("error", () => settle({ status: 0, body: "", broken: true }));
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      let ended = false;
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        ended = true;
      });
      response.on("close", () => settle({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), broken: !ended }));
    });
    request.end(payload);
  });
}

async function requestOnce(baseUrl: string, plan: StreamPlan): Promise<StreamResult> {
  const outcome = await post(baseUrl, plan);
  if (outcome === "aborted") return { plan, outcome: "aborted", terminals: 0, exact: undefined };
  if (outcome.status !== 200) return { plan, outcome: "error", terminals: outcome.broken ? 0 : 1, exact: undefined, detail: `HTTP ${outcome.status}` };
  // A plain-text body broken off by the server: the reader sees a failed read, not an end.
  if (outcome.broken && plan.format !== "sse") return { plan, outcome: "error", terminals: 1, exact: undefined, detail: "body broken off" };
  if (plan.format === "json") return judge(plan, "done", 1, (JSON.parse(outcome.body) as { text: string }).text);
  if (plan.format === "text") return judge(plan, "done", 1, outcome.body);
  return readSseResult(plan, outcome.body);
}

function readSseResult(plan: StreamPlan, body: string): StreamResult {
  let terminals = 0;
  let outcome: StreamResult["outcome"] = "error";
  let text = "";
  const parser = createParser({
    onEvent({ event: name = "message", data }) {
      // Checked against the shared event schema: an event the hook would not accept counts for nothing.
      const event = parseChatEvent(name, data);
      if (event?.type === "delta") text += event.data.text;
      else if (event?.type === "done" || event?.type === "error") {
        terminals += 1;
        outcome = event.type;
      }
    },
  });
  parser.feed(body);
  return judge(plan, outcome, terminals, text);
}

function judge(plan: StreamPlan, outcome: StreamResult["outcome"], terminals: number, text: string): StreamResult {
  const exact = outcome === "done" && !plan.fault ? text === composeAnswer(questionOf(plan), 1) : undefined;
  return { plan, outcome, terminals, exact };
}
