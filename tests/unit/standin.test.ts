import { pickSources } from "@/scripts/standin/sources";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WebSocket, type RawData } from "ws";
import { HUGE_ANSWER_BYTES } from "../../scripts/standin/answers";
import { CHUNKS_BEFORE_GATEWAY_TIMEOUT, FAULT_ERROR, chunksBeforeDrop } from "../../scripts/standin/faults";
import { createOutlet } from "../../scripts/standin/outlet";
import {
  EOS,
  STANDIN_FAULTS,
  composeAnswer,
  composeHugeAnswer,
  composeLongAnswer,
  makeBenchChunk,
  parseBenchChunkTimestamp,
  splitIntoChunks,
  startStandin,
  type Standin,
  type StandinFault,
  type StandinOptions,
} from "../../scripts/standin/server";

const TOKEN = "test-token";
const QUESTION = "How do plants turn light into food?";

// ---------------------------------------------------------------- harness

interface Closed {
  code: number;
  reason: string;
}

/** A real `ws` client that records every frame and lets a test wait for a condition on them. */
interface Client {
  socket: WebSocket;
  frames: string[];
  closed: Promise<Closed>;
  ask(payload: Record<string, unknown>): void;
  /** Resolves with the frames once `done(frames)` holds; rejects if the socket closes first. */
  until(done: (frames: readonly string[]) => boolean): Promise<string[]>;
}

const standins: Standin[] = [];
const clients: Client[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) {
    client.socket.terminate();
    await client.closed;
  }
  await Promise.all(standins.splice(0).map((standin) => standin.close()));
});

async function start(options: StandinOptions = {}): Promise<Standin> {
  const standin = await startStandin({ port: 0, paceMs: 0, ...options });
  standins.push(standin);
  return standin;
}

function urlFor(standin: Standin, token: string | null = TOKEN): string {
  return token === null ? `${standin.url}/` : `${standin.url}/chat?access_token=${encodeURIComponent(token)}`;
}

function frameText(data: RawData): string {
  return Buffer.isBuffer(data) ? data.toString("utf8") : String(data);
}

async function connect(standin: Standin, token: string = TOKEN): Promise<Client> {
  const socket = new WebSocket(urlFor(standin, token));
  const frames: string[] = [];
  const checks = new Set<() => void>();
  const runChecks = (): void => [...checks].forEach((check) => check());
  const closed = new Promise<Closed>((resolve) => {
    socket.on("close", (code, reason) => {
      resolve({ code, reason: reason.toString() });
      runChecks();
    });
  });
  socket.on("message", (data) => {
    frames.push(frameText(data));
    runChecks();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  socket.on("error", () => undefined); // a dropped connection also shows as a close 1006, checked there
  const client: Client = {
    socket,
    frames,
    closed,
    ask: (payload) => socket.send(JSON.stringify(payload)),
    until(done) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (done(frames)) {
            checks.delete(check);
            resolve([...frames]);
          } else if (socket.readyState === WebSocket.CLOSED) {
            checks.delete(check);
            reject(new Error(`socket closed first; last frames: ${JSON.stringify(frames.slice(-3))}`));
          }
        };
        checks.add(check);
        check();
      });
    },
  };
  clients.push(client);
  return client;
}

/** Connects with a token the stand-in must refuse; resolves with what the client saw. */
function connectRefused(url: string): Promise<{ error: string | undefined; code: number; frames: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    let error: string | undefined;
    let frames = 0;
    socket.on("open", () => reject(new Error("the handshake was accepted")));
    socket.on("message", () => (frames += 1));
    socket.on("error", (cause) => (error = cause.message));
    socket.on("close", (code) => resolve({ error, code, frames }));
  });
}

const endsText = (frames: readonly string[]): boolean => frames.some((frame) => frame.endsWith(EOS));
const endsJson = (frames: readonly string[]): boolean =>
  frames.some((frame) => (JSON.parse(frame) as { response?: unknown }).response === EOS);

function textOf(frames: readonly string[]): string {
  return frames.join("").slice(0, -EOS.length);
}

/** Log lines of a stand-in, as events a test can wait for. */
function recordLog(): { log: (line: string) => void; waitFor: (pattern: RegExp) => Promise<void> } {
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  return {
    log(line) {
      lines.push(line);
      [...waiters].forEach((wake) => wake());
    },
    waitFor(pattern) {
      return new Promise((resolve) => {
        const wake = (): void => {
          if (!lines.some((line) => pattern.test(line))) return;
          waiters.delete(wake);
          resolve();
        };
        waiters.add(wake);
        wake();
      });
    },
  };
}

/** Asks a plain question next; its frames coming straight after `seen` prove nothing else was sent. */
async function expectOnlyTheNextAnswerAfter(client: Client, seen: number): Promise<void> {
  client.ask({ query: "/fault none" });
  const frames = await client.until((all) => all.length > seen && endsText(all.slice(seen)));
  expect(frames.slice(seen)).toEqual([...splitIntoChunks(composeAnswer("/fault none", 1)), EOS]);
}

// ---------------------------------------------------------------- the handshake

describe("the handshake", () => {
  it("refuses a connection without access_token with HTTP 401, and the client sees no frame", async () => {
    const standin = await start();
    const seen = await connectRefused(urlFor(standin, null));
    expect(seen).toEqual({ error: "Unexpected server response: 401", code: 1006, frames: 0 });
    expect(standin.connectionAttempts()).toBe(1);
    expect(standin.openSockets()).toBe(0);
  });

  it("refuses a wrong token and accepts the expected one when a token is set", async () => {
    const standin = await start({ token: "right" });
    expect(await connectRefused(urlFor(standin, "wrong"))).toMatchObject({ code: 1006, frames: 0 });
    expect(await connectRefused(urlFor(standin, ""))).toMatchObject({ code: 1006, frames: 0 });
    await connect(standin, "right");
    expect(standin.connectionAttempts()).toBe(3);
    expect(standin.openSockets()).toBe(1);
  });

  it("accepts any non-empty token when none is set, on any path", async () => {
    const standin = await start();
    await connect(standin, "anything");
    expect(standin.openSockets()).toBe(1);
  });
});

// ---------------------------------------------------------------- answers

describe("answers", () => {
  it("streams the answer word by word in text frames, then <EOS> as a frame of its own", async () => {
    const client = await connect(await start());
    client.ask({ action: "query", query: QUESTION });
    const frames = await client.until(endsText);
    const answer = composeAnswer(QUESTION, 1);
    expect(frames).toEqual([...splitIntoChunks(answer), EOS]);
    expect(answer).toContain("📚");
    expect(answer).toContain("学习");
    expect(answer).toContain("Turn 1");
  });

  it("appends <EOS> to the last chunk with eos: appended", async () => {
    const client = await connect(await start({ eos: "appended" }));
    client.ask({ query: QUESTION });
    const frames = await client.until(endsText);
    const chunks = splitIntoChunks(composeAnswer(QUESTION, 1));
    expect(frames).toHaveLength(chunks.length);
    expect(frames.at(-1)).toBe(`${chunks.at(-1)}${EOS}`);
    expect(textOf(frames)).toBe(composeAnswer(QUESTION, 1));
  });

  it.each(["separate", "appended"] as const)(
    "sends {response} frames and a closing frame with metadata in JSON mode (eos %s)",
    async (eos) => {
      const client = await connect(await start({ eos }));
      client.ask({ query: QUESTION, session_id: "s-json", model_provider: "aws", model_name: "claude4_5_sonnet", response_format: { type: "json" } });
      const frames = (await client.until(endsJson)).map((frame) => JSON.parse(frame) as Record<string, unknown>);
      const chunks = splitIntoChunks(composeAnswer(QUESTION, 1));
      expect(frames.slice(0, -1)).toEqual(chunks.map((response) => ({ response })));
      expect(frames.at(-1)).toEqual({
        response: EOS,
        metadata: {
          model_details: { model_provider: "aws", inference_model: "claude4_5_sonnet" },
          session_id: "s-json",
          turn: 1,
        },
      });
    },
  );

  it("lists sources in the metadata when the payload enables search", async () => {
    const client = await connect(await start());
    client.ask({ query: QUESTION, model_params: { enable_search: true }, response_format: { type: "json" } });
    const last = JSON.parse((await client.until(endsJson)).at(-1) ?? "{}") as { metadata?: { sources?: unknown[] } };
    expect(last.metadata?.sources).toEqual(pickSources(QUESTION));
  });

  it("answers several queries on one socket in order, without closing it after <EOS>", async () => {
    const client = await connect(await start());
    client.ask({ query: "first" });
    client.ask({ query: "second" });
    const frames = await client.until((all) => all.filter((frame) => frame === EOS).length === 2);
    const expected = [composeAnswer("first", 1), composeAnswer("second", 1)].flatMap((text) => [...splitIntoChunks(text), EOS]);
    expect(frames).toEqual(expected);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
  });

  it("closes with 1000 after <EOS> when closeAfterEos is set", async () => {
    const client = await connect(await start({ closeAfterEos: true }));
    client.ask({ query: QUESTION });
    await client.until(endsText);
    expect(await client.closed).toEqual({ code: 1000, reason: "" });
  });

  it("records every payload that parses, in order", async () => {
    const standin = await start();
    const client = await connect(standin);
    client.ask({ query: "one", session_id: "a" });
    client.socket.send("not json");
    client.ask({ session_id: "no query" });
    await client.until((frames) => frames.filter((frame) => frame.includes("bad_request")).length === 2);
    expect(standin.requests).toEqual([{ query: "one", session_id: "a" }, { session_id: "no query" }]);
  });

  it.each([
    ["invalid JSON", "{query:"],
    ["a JSON value that is not an object", "[1,2]"],
    ["a missing query", JSON.stringify({ action: "query" })],
    ["an empty query", JSON.stringify({ query: "  " })],
    ["a malformed history", JSON.stringify({ query: "q", model_params: { history: [{ query: "q" }] } })],
    ["an unknown fault command", JSON.stringify({ query: "/fault nonsense" })],
    ["refuse-handshake asked for after the handshake", JSON.stringify({ query: "/fault refuse-handshake" })],
    ["a bench chunk too small for its timestamp", JSON.stringify({ query: "/bench chunks=2 size=8" })],
  ])("answers %s with a bad_request error frame", async (_name, message) => {
    const client = await connect(await start());
    client.socket.send(message);
    const [frame] = await client.until((frames) => frames.length === 1);
    expect(JSON.parse(frame ?? "")).toEqual({ error: expect.any(String), error_type: "bad_request" });
  });
});

// ---------------------------------------------------------------- history

describe("history per session_id", () => {
  it("counts turns per session across sockets, and keeps sessions apart", async () => {
    const standin = await start();
    const ask = async (query: string, session_id: string): Promise<string> => {
      const client = await connect(standin);
      client.ask({ query, session_id });
      return textOf(await client.until(endsText));
    };
    expect(await ask("first", "s-1")).toBe(composeAnswer("first", 1));
    expect(await ask("second", "s-1")).toBe(composeAnswer("second", 2));
    expect(await ask("other", "s-2")).toBe(composeAnswer("other", 1));
    expect(await ask("third", "s-1")).toBe(composeAnswer("third", 3));
  });

  it("uses the payload's history instead of its memory, and remembers it for the session", async () => {
    const client = await connect(await start());
    const history = [
      { query: "a", response: "A" },
      { query: "b", response: "B" },
    ];
    client.ask({ query: "third", session_id: "s-h", model_params: { history } });
    const first = await client.until(endsText);
    expect(textOf(first)).toBe(composeAnswer("third", 3));
    client.ask({ query: "fourth", session_id: "s-h" });
    const all = await client.until((frames) => frames.length > first.length && endsText(frames.slice(first.length)));
    expect(textOf(all.slice(first.length))).toBe(composeAnswer("fourth", 4));
  });

  it("accepts history at the top level, as some clients send it", async () => {
    const client = await connect(await start());
    client.ask({ query: "q", history: [{ query: "a", response: "A" }] });
    expect(textOf(await client.until(endsText))).toBe(composeAnswer("q", 2));
  });

  it("does not count an answer that never reached <EOS>", async () => {
    const standin = await start();
    const dropped = await connect(standin);
    dropped.ask({ query: "/demo error", session_id: "s-d" });
    await dropped.closed;
    const client = await connect(standin);
    client.ask({ query: "again", session_id: "s-d" });
    expect(textOf(await client.until(endsText))).toBe(composeAnswer("again", 1));
  });
});

// ---------------------------------------------------------------- faults

type Via = "option" | "command";

async function openWithFault(fault: StandinFault, via: Via, options: StandinOptions = {}) {
  const standin = await start({ ...options, ...(via === "option" ? { fault } : {}) });
  const query = via === "option" ? QUESTION : `/fault ${fault}`;
  const client = await connect(standin);
  client.ask({ query });
  return { standin, client, chunks: splitIntoChunks(composeAnswer(query, 1)) };
}

/** One check per fault; the Record type makes a new fault fail to compile until it has one. */
const FAULT_CHECKS: Record<StandinFault, (via: Via) => Promise<void>> = {
  async none(via) {
    const { client, chunks } = await openWithFault("none", via);
    expect(await client.until(endsText)).toEqual([...chunks, EOS]);
  },
  async "refuse-handshake"(via) {
    if (via === "command") {
      // The query arrives after the handshake, too late to refuse it: the stand-in says so.
      const { client } = await openWithFault("refuse-handshake", via);
      const [frame] = await client.until((frames) => frames.length === 1);
      expect(JSON.parse(frame ?? "")).toMatchObject({ error_type: "bad_request" });
      return;
    }
    const standin = await start({ fault: "refuse-handshake", token: TOKEN });
    expect(await connectRefused(urlFor(standin))).toEqual({ error: "Unexpected server response: 401", code: 1006, frames: 0 });
    expect(standin.connectionAttempts()).toBe(1);
  },
  async "close-before-frame"(via) {
    const { client } = await openWithFault("close-before-frame", via);
    expect((await client.closed).code).toBe(1011);
    expect(client.frames).toEqual([]);
  },
  async "drop-mid-answer"(via) {
    const { client, chunks } = await openWithFault("drop-mid-answer", via);
    expect((await client.closed).code).toBe(1006);
    expect(client.frames).toEqual(chunks.slice(0, chunksBeforeDrop(chunks.length)));
    expect(client.frames.length).toBeGreaterThan(1);
  },
  async silence(via) {
    const { client } = await openWithFault("silence", via);
    await expectOnlyTheNextAnswerAfter(client, 0);
  },
  async "gateway-error"(via) {
    const { client } = await openWithFault("gateway-error", via);
    const [frame] = await client.until((frames) => frames.length === 1);
    expect(JSON.parse(frame ?? "")).toEqual({
      message: "Internal server error",
      connectionId: expect.stringMatching(/.+/),
      requestId: expect.stringMatching(/.+/),
    });
    await expectOnlyTheNextAnswerAfter(client, 1);
  },
  async "gateway-timeout-then-text"(via) {
    const { client, chunks } = await openWithFault("gateway-timeout-then-text", via);
    const frames = await client.until(endsText);
    const [gateway] = frames.splice(CHUNKS_BEFORE_GATEWAY_TIMEOUT, 1);
    expect(JSON.parse(gateway ?? "")).toMatchObject({ message: "Endpoint request timed out" });
    expect(frames).toEqual([...chunks, EOS]);
  },
  async "error-frame"(via) {
    const { client } = await openWithFault("error-frame", via);
    const [frame] = await client.until((frames) => frames.length === 1);
    expect(JSON.parse(frame ?? "")).toEqual({ error: FAULT_ERROR.error, error_type: FAULT_ERROR.errorType });
    await expectOnlyTheNextAnswerAfter(client, 1);
  },
  async "no-close-after-eos"(via) {
    const { client, chunks } = await openWithFault("no-close-after-eos", via, { closeAfterEos: true });
    expect(await client.until(endsText)).toEqual([...chunks, EOS]);
    await expectOnlyTheNextAnswerAfter(client, chunks.length + 1); // still open after <EOS>
    expect((await client.closed).code).toBe(1000); // the plain answer after it does close
  },
  async "huge-frame"(via) {
    const { client } = await openWithFault("huge-frame", via);
    const frames = await client.until(endsText);
    expect(frames).toEqual([composeHugeAnswer(1), EOS]);
    expect(Buffer.byteLength(frames[0] ?? "")).toBe(HUGE_ANSWER_BYTES);
    expect(HUGE_ANSWER_BYTES).toBeGreaterThan(128 * 1024);
  },
};

describe.each(["option", "command"] as const)("faults set by %s", (via) => {
  it.each(STANDIN_FAULTS)("%s behaves as documented", async (fault) => {
    await FAULT_CHECKS[fault](via);
  });
});

// ---------------------------------------------------------------- demo and bench commands

describe("commands in the query", () => {
  it("/demo error sends part of the answer, then drops the connection without <EOS>", async () => {
    const client = await connect(await start());
    client.ask({ query: "/demo error" });
    const chunks = splitIntoChunks(composeAnswer("/demo error", 1));
    expect((await client.closed).code).toBe(1006);
    expect(client.frames).toEqual(chunks.slice(0, chunksBeforeDrop(chunks.length)));
  });

  it("/demo slow paces chunks 250 ms apart", async () => {
    const client = await connect(await start());
    const sentAt = performance.now();
    client.ask({ query: "/demo slow" });
    await client.until((frames) => frames.length === 1);
    const firstAt = performance.now();
    await client.until((frames) => frames.length === 2);
    expect(firstAt - sentAt).toBeGreaterThanOrEqual(240);
    expect(performance.now() - firstAt).toBeGreaterThanOrEqual(240);
  });

  it("/demo long streams a long Markdown answer with a list, a table and code", async () => {
    const client = await connect(await start());
    client.ask({ query: "/demo long", session_id: "s-long" });
    const text = textOf(await client.until(endsText));
    expect(text).toBe(composeLongAnswer("/demo long", 1));
    const words = text.split(/\s+/).length;
    expect(words).toBeGreaterThan(250);
    expect(words).toBeLessThan(450);
    expect(text).toMatch(/^\| stage \|/m);
    expect(text).toMatch(/^1\. /m);
    expect(text).toContain("```ts\n");
  });

  it("/bench sends n chunks of exactly size bytes, each stamped with its send time", async () => {
    const client = await connect(await start());
    const before = performance.timeOrigin + performance.now();
    client.ask({ query: "/bench chunks=200 size=100 interval=0" });
    const frames = await client.until(endsText);
    const after = performance.timeOrigin + performance.now();
    expect(frames.at(-1)).toBe(EOS);
    const chunks = frames.slice(0, -1);
    expect(chunks).toHaveLength(200);
    const stamps = chunks.map((chunk) => parseBenchChunkTimestamp(chunk) ?? Number.NaN);
    for (const [index, chunk] of chunks.entries()) {
      expect(Buffer.byteLength(chunk)).toBe(100);
      expect(chunk).toMatch(/^<t=\d+\.\d{3}>x+$/);
      expect(stamps[index]).toBeGreaterThanOrEqual(index === 0 ? before - 1 : (stamps[index - 1] ?? 0));
    }
    expect(stamps.at(-1)).toBeLessThanOrEqual(after);
  });

  it("/bench honours the interval between chunks", async () => {
    const client = await connect(await start());
    client.ask({ query: "/bench chunks=3 size=40 interval=30", response_format: { type: "json" } });
    const frames = (await client.until(endsJson)).map((frame) => JSON.parse(frame) as { response: string });
    const stamps = frames.slice(0, -1).map((frame) => parseBenchChunkTimestamp(frame.response) ?? Number.NaN);
    expect(stamps).toHaveLength(3);
    expect((stamps[1] ?? 0) - (stamps[0] ?? 0)).toBeGreaterThanOrEqual(25);
    expect((stamps[2] ?? 0) - (stamps[1] ?? 0)).toBeGreaterThanOrEqual(25);
  });

  it("parses the timestamp of a bench chunk, and nothing else", () => {
    expect(parseBenchChunkTimestamp(makeBenchChunk(48, 1732240000000.125))).toBe(1732240000000.125);
    expect(makeBenchChunk(48, 1)).toHaveLength(48);
    expect(parseBenchChunkTimestamp("plain text")).toBeUndefined();
  });
});

// ---------------------------------------------------------------- commands off

describe("with commands: false", () => {
  it("answers /fault and /bench as ordinary questions", async () => {
    const client = await connect(await start({ commands: false }));
    const queries = ["/fault drop-mid-answer", "/bench chunks=2 size=8", "/fault refuse-handshake"];
    for (const query of queries) client.ask({ query });
    const frames = await client.until((all) => all.filter((frame) => frame === EOS).length === queries.length);
    expect(frames).toEqual(queries.flatMap((query) => [...splitIntoChunks(composeAnswer(query, 1)), EOS]));
  });

  it("still plays /demo error, one of the demo page's examples", async () => {
    const client = await connect(await start({ commands: false }));
    client.ask({ query: "/demo error" });
    const chunks = splitIntoChunks(composeAnswer("/demo error", 1));
    expect((await client.closed).code).toBe(1006);
    expect(client.frames).toEqual(chunks.slice(0, chunksBeforeDrop(chunks.length)));
  });
});

// ---------------------------------------------------------------- what it keeps

describe("what the stand-in keeps", () => {
  it("keeps only the latest maxRequests payloads, oldest first, and counts them all", async () => {
    const standin = await start({ maxRequests: 5 });
    const client = await connect(standin);
    const queries = Array.from({ length: 12 }, (_, index) => `question ${index + 1}`);
    for (const query of queries) client.ask({ query, session_id: "s-kept" });
    await client.until((frames) => frames.filter((frame) => frame === EOS).length === queries.length);
    expect(standin.requests.map((request) => request.query)).toEqual(queries.slice(-5));
    expect(standin.requests.at(-1)).toEqual({ query: "question 12", session_id: "s-kept" });
    expect(standin.requests.slice(-2).map((request) => request.query)).toEqual(["question 11", "question 12"]);
    expect(standin.requestCount()).toBe(12);
  });

  it("keeps 100 payloads by default, however many arrive", async () => {
    const standin = await start();
    const client = await connect(standin);
    // Payloads without a query are recorded, then refused at once: a quick way to send many.
    for (let index = 0; index < 250; index += 1) client.ask({ index, padding: "x".repeat(1_000) });
    await client.until((frames) => frames.length === 250);
    expect(standin.requests).toHaveLength(100);
    expect(standin.requests[0]).toMatchObject({ index: 150 });
    expect(standin.requests.at(-1)).toMatchObject({ index: 249 });
    expect(standin.requestCount()).toBe(250);
  });

  it("remembers at most maxSessions sessions, forgetting the least recently answered", async () => {
    const standin = await start({ maxSessions: 3 });
    const client = await connect(standin);
    const turnOf = async (session_id: string): Promise<number> => {
      const seen = client.frames.length;
      client.ask({ query: "q", session_id });
      const frames = await client.until((all) => all.length > seen && endsText(all.slice(seen)));
      return Number(/\*\*Turn (\d+)\.\*\*/.exec(textOf(frames.slice(seen)))?.[1]);
    };
    expect([await turnOf("s1"), await turnOf("s2"), await turnOf("s3")]).toEqual([1, 1, 1]);
    expect(await turnOf("s1")).toBe(2); // s1 is now the most recent: s2, s3, s1
    expect(await turnOf("s4")).toBe(1); // over the bound: s2, the least recent, goes
    expect(standin.rememberedSessions()).toBe(3);
    expect(await turnOf("s2")).toBe(1); // forgotten, so a new session; s3 goes now
    expect(await turnOf("s1")).toBe(3);
    expect(await turnOf("s4")).toBe(2);
    expect(await turnOf("s3")).toBe(1);
    expect(standin.rememberedSessions()).toBe(3);
  });

  it.each([
    [{ maxRequests: 0 }, "maxRequests"],
    [{ maxSessions: 1.5 }, "maxSessions"],
  ])("refuses a bound below one: %j", async (options, name) => {
    await expect(startStandin({ port: 0, ...options })).rejects.toThrow(name);
  });
});

// ---------------------------------------------------------------- chunking

describe("splitIntoChunks", () => {
  it.each(["", "one", " leading and trailing ", "a\n\nb  c\t", "学习 📚 done."])(
    "gives back exactly %j when joined",
    (text) => {
      expect(splitIntoChunks(text).join("")).toBe(text);
    },
  );

  it("keeps each word with the spaces after it", () => {
    expect(splitIntoChunks("Hi there,\nyou")).toEqual(["Hi ", "there,\n", "you"]);
  });
});

// ---------------------------------------------------------------- lifecycle

describe("lifecycle", () => {
  function countHandles(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
    return counts;
  }

  it("openSockets() goes back to 0 after the client closes", async () => {
    const standin = await start();
    const client = await connect(standin);
    expect(standin.openSockets()).toBe(1);
    client.socket.close(1000);
    await standin.whenIdle();
    expect(standin.openSockets()).toBe(0);
  });

  it("stops the answer at once when the client closes mid-answer", async () => {
    const recorder = recordLog();
    const standin = await start({ paceMs: 60_000, log: recorder.log });
    const client = await connect(standin);
    client.ask({ query: QUESTION });
    await recorder.waitFor(/#1 query:/); // a 60 s pause is now pending
    client.socket.close(1000);
    // Within the test timeout, so the pending pause was cut short rather than run out.
    await recorder.waitFor(/#1 answer ended without <EOS>/);
    await standin.whenIdle();
    expect(client.frames).toEqual([]);
  });

  it("close() terminates open sockets mid-answer and leaves no server or socket behind", async () => {
    const before = countHandles();
    const recorder = recordLog();
    const standin = await startStandin({ port: 0, paceMs: 60_000, log: recorder.log });
    const client = await connect(standin);
    client.ask({ query: QUESTION });
    await recorder.waitFor(/#1 query:/); // mid-answer: a 60 s pause is pending
    await standin.close();
    await recorder.waitFor(/#1 answer ended without <EOS>/);
    expect((await client.closed).code).toBe(1006);
    expect(standin.openSockets()).toBe(0);
    const after = countHandles();
    for (const kind of ["TCPServerWrap", "TCPSocketWrap"]) {
      expect([kind, after[kind] ?? 0]).toEqual([kind, before[kind] ?? 0]);
    }
    await expect(connectRefused(urlFor(standin))).resolves.toMatchObject({ error: expect.stringContaining("ECONNREFUSED") });
    await standin.close(); // a second close is harmless
  });
});

// ---------------------------------------------------------------- the outlet's timers

describe("createOutlet", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function fakeSocket(): WebSocket {
    const socket = { OPEN: WebSocket.OPEN, readyState: WebSocket.OPEN, bufferedAmount: 0, send: vi.fn() };
    return socket as unknown as WebSocket;
  }

  it("clears a pending pause and settles it with false when the socket goes away", async () => {
    vi.useFakeTimers();
    const outlet = createOutlet(fakeSocket());
    const pause = outlet.pause(60_000);
    expect(vi.getTimerCount()).toBe(1);
    outlet.dispose();
    expect(vi.getTimerCount()).toBe(0);
    await expect(pause).resolves.toBe(false);
    await expect(outlet.pause(10)).resolves.toBe(false);
    await expect(outlet.send("late")).resolves.toBe(false);
  });

  it("waits for the write to drain when the socket is backed up", async () => {
    const socket = fakeSocket();
    let written: ((error?: Error) => void) | undefined;
    Object.assign(socket, {
      bufferedAmount: 2 * 1024 * 1024,
      send: (_data: string, callback: (error?: Error) => void) => (written = callback),
    });
    const outlet = createOutlet(socket);
    let settled = false;
    const sent = outlet.send("frame").then((ok) => (settled = ok));
    await Promise.resolve();
    expect(settled).toBe(false);
    written?.();
    await sent;
    expect(settled).toBe(true);
  });
});
