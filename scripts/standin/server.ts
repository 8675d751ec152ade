/**
 * A local stand-in for ASU CreateAI's WebSocket API: a real `ws` server that checks the
 * `access_token` at the handshake, reads one JSON payload per query and streams a deterministic
 * Markdown answer in CreateAI's frames, with faults on demand. Used by `npm run dev` when no
 * CREATE_AI_API_TOKEN is set, and by tests and benchmarks as an upstream over a real socket.
 */
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type RawData, type VerifyClientCallbackAsync, type WebSocket } from "ws";
import { composeAnswer, composeHugeAnswer, composeLongAnswer, composeMathAnswer, splitIntoChunks } from "./answers";
import { playBench } from "./bench";
import { SLOW_PACE_MS, parseQueryCommand, type QueryCommand } from "./commands";
import { playAnswer, type AnswerScript, type StandinFault } from "./faults";
import { errorFrame, type EosStyle } from "./frames";
import { createOutlet, type SocketOutlet } from "./outlet";
import { composeMetadata, readPayload, type QueryRequest } from "./payload";

export { composeAnswer, composeHugeAnswer, composeLongAnswer, composeMathAnswer, splitIntoChunks } from "./answers";
export { parseBenchChunkTimestamp, makeBenchChunk } from "./bench";
export { STANDIN_FAULTS, isStandinFault, type StandinFault } from "./faults";
export { EOS } from "./frames";

export interface StandinOptions {
  /** Interface to listen on; default "127.0.0.1". */
  host?: string;
  /** Default 8787; 0 = any free port. */
  port?: number;
  /** Expected access_token; undefined = accept any non-empty token. */
  token?: string;
  /** Delay before each chunk in ms; default 30. */
  paceMs?: number;
  /** Applied to every request (a query's `/fault` or `/demo` command overrides it); default "none". */
  fault?: StandinFault;
  /** Text mode only: `<EOS>` as its own frame (default) or appended to the last chunk. */
  eos?: EosStyle;
  /** Close with 1000 after `<EOS>`; default false, like the real server, which leaves it to the client. */
  closeAfterEos?: boolean;
  /** Receives one line per event; default: no logging. Lines never contain the token. */
  log?: (line: string) => void;
  /**
   * Honour the `/fault` and `/bench` commands in queries; default true. When false they are
   * ordinary questions, answered as such. `/demo` (the demo page's examples) always works.
   */
  commands?: boolean;
  /** How many of the latest payloads {@link Standin.requests} keeps; default 100. */
  maxRequests?: number;
  /** How many sessions' turn counts are remembered; the least recently answered go first. Default 1,000. */
  maxSessions?: number;
}

/** Defaults of {@link StandinOptions.maxRequests} and {@link StandinOptions.maxSessions}. */
export const DEFAULT_MAX_REQUESTS = 100;
export const DEFAULT_MAX_SESSIONS = 1_000;

/** A running stand-in. */
export interface Standin {
  /** "ws://127.0.0.1:<port>" (no token in it). */
  url: string;
  port: number;
  /** Sockets currently open. */
  openSockets(): number;
  /** Resolves once no socket is open (at once if none is). */
  whenIdle(): Promise<void>;
  /**
   * The latest payloads received that parsed as a JSON object, oldest first (`.at(-1)` is the
   * newest): at most `maxRequests` of them, older ones are dropped.
   */
  readonly requests: ReadonlyArray<Record<string, unknown>>;
  /** How many payloads that parsed as a JSON object were received in all, dropped ones included. */
  requestCount(): number;
  /** How many sessions' turn counts are remembered now (at most `maxSessions`). */
  rememberedSessions(): number;
  /** Count of upgrade attempts (accepted or refused): lets tests prove no upstream call was made. */
  connectionAttempts(): number;
  /** Terminates all sockets and the server. */
  close(): Promise<void>;
}

/** API Gateway's limit on one message, applied to what clients send. */
const MAX_INCOMING_MESSAGE_BYTES = 128 * 1024;

/** One accepted socket and its state. */
interface Connection {
  id: number;
  socket: WebSocket;
  outlet: SocketOutlet;
  /** API Gateway style id, sent in gateway frames. */
  gatewayId: string;
  /** The answers to this socket's queries so far, chained so they never overlap. */
  queue: Promise<void>;
}

function rawDataToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  return Buffer.from(new Uint8Array(data)).toString("utf8");
}

function atLeastOne(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number of at least 1`);
  return value;
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

export async function startStandin(options: StandinOptions = {}): Promise<Standin> {
  const host = options.host ?? "127.0.0.1";
  const paceMs = options.paceMs ?? 30;
  const serverFault = options.fault ?? "none";
  const log = options.log ?? (() => undefined);
  const commands = options.commands ?? true;
  const maxRequests = atLeastOne("maxRequests", options.maxRequests ?? DEFAULT_MAX_REQUESTS);
  const maxSessions = atLeastOne("maxSessions", options.maxSessions ?? DEFAULT_MAX_SESSIONS);
  // Only what the answers need is kept: a session's count of completed turns, not its text.
  const sessions = new Map<string, number>();
  const requests: Record<string, unknown>[] = [];
  let requestCount = 0;
  const connections = new Set<Connection>();
  const idleWaiters = new Set<() => void>();
  let attempts = 0;
  let lastId = 0;

  const verifyClient: VerifyClientCallbackAsync = ({ req }, done) => {
    attempts += 1;
    const token = new URL(req.url ?? "/", "http://standin").searchParams.get("access_token");
    const refusal =
      serverFault === "refuse-handshake" ? "fault refuse-handshake"
      : token === null || token === "" ? "no access_token"
      : options.token !== undefined && token !== options.token ? "wrong access_token"
      : undefined;
    if (refusal === undefined) return done(true);
    log(`refused a handshake with HTTP 401 (${refusal})`);
    done(false, 401, JSON.stringify({ message: "Unauthorized" }), { "Content-Type": "application/json" });
  };

  const httpServer = http.createServer(answerPlainHttp);
  const wss = new WebSocketServer({ server: httpServer, verifyClient, maxPayload: MAX_INCOMING_MESSAGE_BYTES });
  wss.on("connection", onConnection);
  wss.on("error", (error) => log(`server error: ${error.message}`));
  await listen(httpServer, options.port ?? 8787, host);
  const port = (httpServer.address() as AddressInfo).port;

  function answerPlainHttp(_req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(426, { "Content-Type": "text/plain; charset=utf-8", Upgrade: "websocket" });
    res.end("This is the local CreateAI stand-in: connect with a WebSocket.\n");
  }

  function onConnection(socket: WebSocket): void {
    lastId += 1;
    const connection: Connection = {
      id: lastId,
      socket,
      outlet: createOutlet(socket),
      gatewayId: randomBytes(11).toString("base64"),
      queue: Promise.resolve(),
    };
    connections.add(connection);
    log(`#${connection.id} connected (${connections.size} open)`);
    socket.on("message", (data) => onMessage(connection, data));
    socket.on("error", (error) => log(`#${connection.id} socket error: ${error.message}`));
    socket.on("close", (code) => onClose(connection, code));
  }

  function onClose(connection: Connection, code: number): void {
    connections.delete(connection);
    connection.outlet.dispose();
    log(`#${connection.id} closed with ${code} (${connections.size} open)`);
    if (connections.size > 0) return;
    for (const wake of [...idleWaiters]) wake();
  }

  // Queries on one socket are answered one after the other, in the order they arrived.
  function onMessage(connection: Connection, data: RawData): void {
    const text = rawDataToText(data);
    connection.queue = connection.queue
      .then(() => handleMessage(connection, text))
      .catch((error: unknown) => log(`#${connection.id} answer failed: ${String(error)}`));
  }

  async function handleMessage(connection: Connection, text: string): Promise<void> {
    const reading = readPayload(text);
    if (reading.raw !== undefined) record(reading.raw);
    if (!reading.ok) return refuse(connection, reading.reason);
    const command = parseQueryCommand(reading.request.query, { commands });
    if (command.kind === "invalid") return refuse(connection, command.reason);
    await answer(connection, reading.request, command);
  }

  function record(payload: Record<string, unknown>): void {
    requestCount += 1;
    requests.push(payload);
    if (requests.length > maxRequests) requests.splice(0, requests.length - maxRequests);
  }

  /** Completed turns of a session; a session answered again becomes the most recent. */
  function rememberTurns(sessionId: string, turns: number): void {
    sessions.delete(sessionId);
    sessions.set(sessionId, turns);
    // A Map iterates in insertion order: the first key is the least recently answered session.
    for (const oldest of sessions.keys()) {
      if (sessions.size <= maxSessions) break;
      sessions.delete(oldest);
    }
  }

  async function refuse(connection: Connection, reason: string): Promise<void> {
    log(`#${connection.id} bad request: ${reason}`);
    await connection.outlet.send(errorFrame(reason, "bad_request"));
  }

  async function answer(connection: Connection, request: QueryRequest, command: QueryCommand): Promise<void> {
    const remembered = request.sessionId === undefined ? undefined : sessions.get(request.sessionId);
    const turn = (request.history?.length ?? remembered ?? 0) + 1;
    const fault = command.kind === "fault" ? command.fault : serverFault;
    const text =
      command.kind === "long" ? composeLongAnswer(request.query, turn)
      : command.kind === "math" ? composeMathAnswer(turn)
      : fault === "huge-frame" ? composeHugeAnswer(turn)
      : composeAnswer(request.query, turn);
    const script: AnswerScript = {
      chunks: fault === "huge-frame" ? [text] : splitIntoChunks(text),
      mode: request.json ? "json" : "text",
      eos: options.eos ?? "separate",
      metadata: composeMetadata(request, turn),
      paceMs: command.kind === "slow" ? SLOW_PACE_MS : paceMs,
      closeAfterEos: options.closeAfterEos ?? false,
      connectionId: connection.gatewayId,
      requestId: randomUUID(),
    };
    log(`#${connection.id} query: ${command.kind}, fault ${fault}, ${script.mode} mode, turn ${turn}`);
    const completed =
      command.kind === "bench"
        ? await playBench(connection.outlet, command.plan, script)
        : await playAnswer(connection.outlet, script, fault);
    log(`#${connection.id} answer ended ${completed ? "with" : "without"} <EOS>`);
    if (!completed || command.kind === "bench" || request.sessionId === undefined) return;
    rememberTurns(request.sessionId, turn);
  }

  function whenIdle(): Promise<void> {
    if (connections.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        idleWaiters.delete(wake);
        resolve();
      };
      idleWaiters.add(wake);
    });
  }

  let closing: Promise<void> | undefined;
  async function shutDown(): Promise<void> {
    for (const connection of connections) connection.socket.terminate();
    await whenIdle();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    httpServer.closeAllConnections();
    await new Promise<void>((resolve, reject) => httpServer.close((error) => (error ? reject(error) : resolve())));
    log("stand-in stopped");
  }

  return {
    url: `ws://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    openSockets: () => connections.size,
    whenIdle,
    requests,
    requestCount: () => requestCount,
    rememberedSessions: () => sessions.size,
    connectionAttempts: () => attempts,
    close() {
      closing ??= shutDown();
      return closing;
    },
  };
}
