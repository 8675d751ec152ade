/**
 * The security review's attacks, repeated against a production build under `next start` (the
 * route on the real Edge sandbox), with the stand-in as CreateAI and a local REST `/query`.
 */
import { request as httpRequest, createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { composeAnswer, startStandin, type Standin } from "@/scripts/standin/server";
import { ask, readText } from "../support/chat-client";
import { startNextServer, type NextServer } from "./support/next-server";

const TOKEN = "e2e-security-token-31";
let standin: Standin;
let server: NextServer;

beforeAll(async () => {
  standin = await startStandin({ port: 0, token: TOKEN, paceMs: 1 });
  server = await startNextServer({
    CREATE_AI_API_TOKEN: TOKEN,
    CREATE_AI_PROJECT_ID: "e2e-security",
    CREATE_AI_WS_URL: standin.url,
    WS_CHAT_MAX_STREAMS_PER_CLIENT: "100",
    WS_CHAT_RATE_LIMIT: "10000/60",
    WS_CHAT_MAX_BODY_BYTES: "65536",
    WS_CHAT_BODY_TIMEOUT_MS: "500",
    WS_CHAT_SITE_ORIGIN: "https://coach.example.edu",
  });
});
afterAll(async () => {
  await server?.stop();
  await standin?.close();
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/ws-chat`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });

interface UploadAnswer {
  status: number;
  afterMs: number;
  connection: string | undefined;
  body: string;
}

/**
 * An upload on a raw connection whose body `write` sends (chunked unless `headers` declare a
 * length) and never ends; resolves with the answer and when it came.
 */
function uploadThatNeverEnds(write: (chunk: (text: string) => boolean) => void, headers: Record<string, string | number> = { "Transfer-Encoding": "chunked" }): Promise<UploadAnswer> {
  const url = new URL(`${server.url}/api/ws-chat`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const upload = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: "POST", agent: false, headers: { "Content-Type": "application/json", ...headers } },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (text: string) => (body += text));
        response.on("end", () => {
          resolve({ status: response.statusCode ?? 0, afterMs: performance.now() - started, connection: response.headers.connection, body });
          upload.destroy();
        });
      },
    );
    upload.on("error", (error) => (upload.destroyed ? undefined : reject(error)));
    upload.flushHeaders();
    write((text) => !upload.destroyed && upload.write(text));
  });
}

/** Keeps sending 8 kB pieces of one long message, every 5 ms. */
const pastTheLimit = (write: (text: string) => boolean) => {
  const chunk = `{"messages":[{"role":"user","content":"${"x".repeat(8_000)}`;
  const timer = setInterval(() => {
    if (!write(chunk)) clearInterval(timer);
  }, 5);
};

/** Sends one space every 50 ms. */
const trickling = (write: (text: string) => boolean) => {
  const timer = setInterval(() => {
    if (!write(" ")) clearInterval(timer);
  }, 50);
};

const declaredPastTheLimit = { "Content-Length": 65_537 };

describe("who owns a conversation, under next start", () => {
  it("refuses a session id the route did not issue with 400, before calling CreateAI", async () => {
    const before = standin.connectionAttempts();
    const response = await post(ask("Let me in", { sessionId: "studycoach:CSE110:any-page:987654" }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "bad_request", field: "sessionId" } });
    expect(standin.connectionAttempts()).toBe(before);
  });

  it("gives a second caller with the victim's student and course ids a conversation of its own", async () => {
    const victim = { studentId: "987654", courseId: "CSE110" };
    const first = await post(ask("Private", victim));
    const sessionId = first.headers.get("x-session-id");
    await readText(first);
    expect((await readText(await post(ask("Continue", { ...victim, sessionId })))).text).toContain("**Turn 2.**");
    expect((await readText(await post(ask("What did they say?", victim)))).text).toContain("**Turn 1.**");
  });
});

describe("bodies, ids and origins, under next start", () => {
  // The route's refusals leave as soon as it makes them, though on the Edge runtime Next.js sends
  // an answer only after the whole body (lib/node/chat-body-limits.ts); the connection then closes.
  it("answers 413 at once to a chunked upload that keeps going past the limit", async () => {
    const answer = await uploadThatNeverEnds(pastTheLimit);
    expect(answer).toMatchObject({ status: 413, connection: "close" });
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "payload_too_large" } });
    expect(answer.afterMs).toBeLessThan(5_000);
  });

  it("answers 413 before reading a byte of a body declared larger than the limit", async () => {
    const answer = await uploadThatNeverEnds(() => undefined, declaredPastTheLimit);
    expect(answer).toMatchObject({ status: 413, connection: "close" });
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "payload_too_large" } });
  });

  it("answers 408 to a body that trickles in slower than WS_CHAT_BODY_TIMEOUT_MS allows", async () => {
    const answer = await uploadThatNeverEnds(trickling);
    expect(answer).toMatchObject({ status: 408, connection: "close" });
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "bad_request" } });
    // The route's 500 ms, then the second the Node.js side gives it to answer.
    expect(answer.afterMs).toBeLessThan(5_000);
  });

  it("prints only the route's own lines for refused bodies: no stack trace, no uncaught exception", async () => {
    const from = server.output().length;
    await uploadThatNeverEnds(pastTheLimit);
    await uploadThatNeverEnds(() => undefined, declaredPastTheLimit);
    await uploadThatNeverEnds(trickling);
    // An answer last: its line comes after anything the uploads made the server print.
    await readText(await post(ask("All done?")));
    await vi.waitFor(() => expect(server.output().slice(from)).toContain('"event":"ws-chat.stream"'), { timeout: 5_000 });
    const output = server.output().slice(from);
    expect(output).not.toContain("uncaughtException");
    expect(output).not.toMatch(/^\s+at /m);
    const notOurLines = output.split("\n").filter((line) => line.trim() !== "" && !line.startsWith('{"event":"ws-chat.'));
    expect(notOurLines).toEqual([]);
  });

  it("refuses an id with CR/LF with 400 and no upstream call, and answers ids in any script", async () => {
    const before = standin.connectionAttempts();
    expect((await post(ask("hi", { courseId: "CSE110\r\nX-Evil: 1" }))).status).toBe(400);
    expect(standin.connectionAttempts()).toBe(before);
    const response = await post(ask("hi", { courseId: "数学-101 Δ" }));
    expect(response.status).toBe(200);
    expect(await readText(response)).toEqual({ text: composeAnswer("hi", 1), failed: false });
  });

  it("refuses a DNS-rebinding page (Origin and Host both the attacker's) with 403, and serves the site's own origin", async () => {
    expect((await post(ask("hi"), { Origin: "http://evil.example", Host: "evil.example" })).status).toBe(403);
    const own = await post(ask("hi"), { Origin: "https://coach.example.edu" });
    expect(own.status).toBe(200);
    await readText(own);
  });
});

describe("the REST fallback on the Edge runtime, under next start", () => {
  let rest: Server;
  let refusing: Standin;
  let fallback: NextServer;

  beforeAll(async () => {
    refusing = await startStandin({ port: 0, token: "the-socket-wants-another-token" });
    rest = createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        response.writeHead(200, { "Content-Type": "application/json" });
        response.end(JSON.stringify({ response: "Answered over REST." }));
      });
    });
    await new Promise<void>((resolve) => rest.listen(0, "127.0.0.1", resolve));
    fallback = await startNextServer({
      CREATE_AI_API_TOKEN: TOKEN,
      CREATE_AI_PROJECT_ID: "e2e-security",
      CREATE_AI_WS_URL: refusing.url,
      CREATE_AI_REST_URL: `http://127.0.0.1:${(rest.address() as AddressInfo).port}/`,
      CREATE_AI_REST_FALLBACK: "true",
    });
  });
  afterAll(async () => {
    await fallback?.stop();
    await refusing?.close();
    await new Promise((resolve) => rest?.close(resolve));
  });

  it("answers from REST /query when the socket refuses the token", async () => {
    const response = await fetch(`${fallback.url}/api/ws-chat`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(ask("hi")) });
    expect(response.status).toBe(200);
    expect(await readText(response)).toEqual({ text: "Answered over REST.", failed: false });
  });
});
