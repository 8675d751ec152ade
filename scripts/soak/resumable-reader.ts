/**
 * One reader of a resumable answer in the Redis soak, as the chat client reads one: the POST (or
 * a GET of `/api/ws-chat/streams/{id}` for a second viewer), and whenever the connection drops
 * (on purpose, at a planned moment, or because its instance died) a GET on another live instance
 * with `Last-Event-ID`, until it has seen its `done` or `error`. It keeps every SSE id it saw, so
 * an event lost, repeated or reordered across the resumes shows, and everything after the
 * terminal event is read too, so a second terminal shows.
 */
import http from "node:http";
import { StringDecoder } from "node:string_decoder";
import { parseChatEvent } from "../../lib/chat-stream/events";
import { SseSplitter } from "../bench/readers";

export interface Instance {
  name: string;
  port: number;
}

export interface ReaderPlan {
  /** Planned drops, in order: each this many ms after a connection's response headers. */
  dropsAfterMs: number[];
  /** Drop after this many ms and never come back (the answer goes on detached). */
  abandonAfterMs?: number;
}

export interface ReaderOutcome {
  /**
   * `ended`: saw its terminal event; `http-error`: the POST was answered with an error status
   * (its one terminal); `lost-before-id`: the POST broke before its headers (no id to resume
   * with); `refused`: a resume was answered with an error status; `abandoned`: left on purpose;
   * `hung`: no terminal event before the deadline.
   */
  outcome: "ended" | "http-error" | "lost-before-id" | "refused" | "abandoned" | "hung";
  terminals: number;
  terminal?: { type: "done" | "error"; code?: string; doneText?: string };
  text: string;
  /** SSE ids that were not the previous one plus one. */
  idGaps: number;
  /** Events that did not parse against the shared event schema. */
  invalidEvents: number;
  connections: number;
  /** Drops we made. */
  drops: number;
  /** Connections the server side broke off (an instance killed) before a terminal event. */
  breaks: number;
  /** Connections that ended cleanly without a terminal event. */
  cleanEndsWithoutTerminal: number;
  /** Resume requests that found no instance listening (it had just died). */
  unreachable: number;
  refusals: string[];
  /** Per resume: when it started (Date.now()) and the time from just before the GET to its first event. */
  resumes: Array<{ at: number; firstEventMs: number }>;
  /** When it ended (Date.now()). */
  endedAt: number;
  /** For the POST: from just before it to its response headers (the first text is out by then). */
  headersMs?: number;
  messageId?: string;
  producer?: string;
}

interface Connection {
  status: number;
  messageId: string | undefined;
  ending: "end" | "dropped" | "broken" | "no-response" | "deadline";
  body: string;
  firstEventAt: number;
  headersAt: number;
}

const MAX_CONNECTIONS = 12;

function connect(
  instance: Instance,
  request: { method: "POST" | "GET"; path: string; headers: Record<string, string>; body?: string },
  dropAfterMs: number | undefined,
  onEvent: (name: string, data: string, id: string | undefined) => void,
  terminalSeen: () => boolean,
  deadline: number,
  onHeaders: (status: number, messageId: string | undefined) => void,
): Promise<Connection> {
  return new Promise((resolve) => {
    const splitter = new SseSplitter();
    const result: Connection = { status: 0, messageId: undefined, ending: "no-response", body: "", firstEventAt: Number.NaN, headersAt: Number.NaN };
    let settled = false;
    let dropTimer: ReturnType<typeof setTimeout> | undefined;
    const headers: Record<string, string | number> = { Accept: "text/event-stream", ...request.headers };
    if (request.body !== undefined) {
      headers["Content-Type"] = "application/json";
      headers["Content-Length"] = Buffer.byteLength(request.body);
    }
    const outgoing = http.request({ host: "127.0.0.1", port: instance.port, method: request.method, path: request.path, agent: false, headers });
    const deadlineTimer = setTimeout(() => {
      settle("deadline");
      outgoing.destroy();
    }, Math.max(0, deadline - Date.now()));
    function settle(ending: Connection["ending"]): void {
      if (settled) return;
      settled = true;
      clearTimeout(deadlineTimer);
      clearTimeout(dropTimer);
      resolve({ ...result, ending });
    }
    outgoing.on("error", () => settle(result.status === 0 ? "no-response" : "broken"));
    outgoing.on("response", (response) => {
      result.status = response.statusCode ?? 0;
      result.headersAt = performance.now();
      const header = response.headers["x-message-id"];
      result.messageId = typeof header === "string" ? header : undefined;
      onHeaders(result.status, result.messageId);
      const decoder = new StringDecoder("utf8");
      if (result.status === 200 && dropAfterMs !== undefined) {
        dropTimer = setTimeout(() => {
          if (terminalSeen()) return;
          settle("dropped");
          outgoing.destroy();
        }, dropAfterMs);
      }
      response.on("data", (chunk: Buffer) => {
        if (settled) return;
        const text = decoder.write(chunk);
        if (result.status !== 200) {
          result.body += text;
          return;
        }
        splitter.feed(text, (name, data, id) => {
          if (Number.isNaN(result.firstEventAt)) result.firstEventAt = performance.now();
          onEvent(name, data, id);
        });
      });
      response.on("end", () => settle("end"));
      response.on("close", () => {
        if (!response.complete) settle("broken");
      });
    });
    outgoing.end(request.body);
  });
}

export interface ReadOptions {
  first: { kind: "post"; instance: Instance; body: string } | { kind: "get"; instance: Instance; messageId: string };
  plan: ReaderPlan;
  /** A live instance for the next connection, preferably not `current`; undefined when none is left. */
  pickNext(current: Instance): Instance | undefined;
  random: () => number;
  /** Epoch ms after which the reader counts as hung. */
  deadline: number;
  /** Called once the POST's headers name the answer. */
  onMessageId?(id: string, instance: Instance): void;
}

export async function readAnswer(options: ReadOptions): Promise<ReaderOutcome> {
  const { first, plan } = options;
  const out: ReaderOutcome = {
    outcome: "hung",
    terminals: 0,
    text: "",
    idGaps: 0,
    invalidEvents: 0,
    connections: 0,
    drops: 0,
    breaks: 0,
    cleanEndsWithoutTerminal: 0,
    unreachable: 0,
    refusals: [],
    resumes: [],
    endedAt: 0,
    messageId: first.kind === "get" ? first.messageId : undefined,
  };
  let lastId = 0;
  const onEvent = (name: string, data: string, id: string | undefined): void => {
    const seq = Number(id);
    if (seq !== lastId + 1) out.idGaps += 1;
    if (seq > lastId) lastId = seq;
    const event = parseChatEvent(name, data);
    if (!event) {
      out.invalidEvents += 1;
      return;
    }
    if (event.type === "delta") out.text += event.data.text;
    else if (event.type === "done") {
      out.terminals += 1;
      out.terminal ??= { type: "done", doneText: event.data.text };
    } else if (event.type === "error") {
      out.terminals += 1;
      out.terminal ??= { type: "error", code: event.data.code };
    }
  };
  const finish = (outcome: ReaderOutcome["outcome"]): ReaderOutcome => {
    out.outcome = outcome;
    out.endedAt = Date.now();
    return out;
  };

  let instance: Instance | undefined = first.instance;
  let drops = 0;
  for (let attempt = 0; attempt < MAX_CONNECTIONS && instance; attempt += 1) {
    if (Date.now() >= options.deadline) break;
    const isPost = attempt === 0 && first.kind === "post";
    const abandon = attempt === 0 ? plan.abandonAfterMs : undefined;
    const dropAfter = abandon ?? plan.dropsAfterMs[drops];
    const startedAt = performance.now();
    const startedAtEpoch = Date.now();
    const current = instance;
    const connection = await connect(
      instance,
      isPost
        ? { method: "POST", path: "/api/ws-chat", headers: {}, body: first.body }
        : { method: "GET", path: `/api/ws-chat/streams/${encodeURIComponent(out.messageId ?? "")}`, headers: lastId > 0 ? { "Last-Event-ID": String(lastId) } : {} },
      dropAfter,
      onEvent,
      () => out.terminals > 0,
      options.deadline,
      (status, messageId) => {
        // Named as soon as the headers are in, so a second viewer or a stop can start meanwhile.
        if (isPost && status === 200 && messageId !== undefined) options.onMessageId?.(messageId, current);
      },
    );
    out.connections += 1;
    if (connection.ending === "deadline") break;
    if (connection.ending === "no-response") {
      if (isPost) return finish("lost-before-id");
      // The instance died between our pick and the connect: try another one.
      out.unreachable += 1;
      instance = options.pickNext(instance);
      continue;
    }
    if (connection.status !== 200) {
      if (isPost) {
        out.terminals += 1;
        const code = /"code"\s*:\s*"([a-z_]+)"/.exec(connection.body)?.[1];
        out.terminal = { type: "error", code: code ?? `HTTP ${connection.status}` };
        return finish("http-error");
      }
      out.refusals.push(`HTTP ${connection.status} from ${instance.name}: ${connection.body.slice(0, 160)}`);
      return finish("refused");
    }
    if (isPost) {
      out.headersMs = connection.headersAt - startedAt;
      out.messageId = connection.messageId;
      out.producer = instance.name;
      if (abandon !== undefined && connection.ending === "dropped") return finish("abandoned");
    } else if (Number.isFinite(connection.firstEventAt)) {
      out.resumes.push({ at: startedAtEpoch, firstEventMs: connection.firstEventAt - startedAt });
    }
    if (out.terminals > 0) return finish("ended");
    if (out.messageId === undefined) return finish("lost-before-id");
    if (connection.ending === "dropped") {
      out.drops += 1;
      drops += 1;
    } else if (connection.ending === "broken") out.breaks += 1;
    else out.cleanEndsWithoutTerminal += 1;
    // A moment offline, then back on another instance, from the last event read.
    await new Promise((resolve) => setTimeout(resolve, Math.floor(options.random() * 100)));
    instance = options.pickNext(instance);
  }
  return finish("hung");
}
