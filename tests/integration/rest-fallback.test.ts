/**
 * The REST fallback end to end through the handler: a token the socket refuses at the handshake
 * (as CreateAI does with some tokens) answered from a real local REST `/query` over the runtime's
 * own fetch. Runs under Node and under the Edge runtime, whose AbortSignal has no `any`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createChatHandler } from "@/lib/chat-stream/handler";
import { silentLogger } from "@/lib/chat-stream/logger";
import { startStandin, type Standin } from "@/scripts/standin/server";
import { ask, chatRequest, readSse } from "../support/chat-client";

const TOKEN = "rest-only-token-73";

interface RestCall {
  authorization: string | undefined;
  body: Record<string, unknown>;
  /** Resolves when the caller has closed the request (answered or gone). */
  closed: Promise<void>;
}

type RestReply = (call: RestCall, response: ServerResponse) => void;

let standin: Standin;
let rest: Server;
let restUrl: string;
let reply: RestReply;
let calls: RestCall[] = [];
let callArrived: (call: RestCall) => void = () => undefined;

function onRestRequest(request: IncomingMessage, response: ServerResponse): void {
  let text = "";
  request.setEncoding("utf8");
  request.on("data", (chunk: string) => (text += chunk));
  request.on("end", () => {
    const closed = new Promise<void>((resolve) => response.on("close", () => resolve()));
    const call: RestCall = { authorization: request.headers.authorization, body: JSON.parse(text) as Record<string, unknown>, closed };
    calls.push(call);
    callArrived(call);
    reply(call, response);
  });
}

function answerJson(body: unknown): RestReply {
  return (_call, response) => {
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(JSON.stringify(body));
  };
}

beforeAll(async () => {
  // The socket knows another token: ours is refused at the handshake with HTTP 401.
  standin = await startStandin({ port: 0, token: "the-socket-wants-another-token" });
  rest = createServer(onRestRequest);
  await new Promise<void>((resolve) => rest.listen(0, "127.0.0.1", resolve));
  restUrl = `http://127.0.0.1:${(rest.address() as AddressInfo).port}/`;
});
afterEach(() => {
  calls = [];
  callArrived = () => undefined;
});
afterAll(async () => {
  rest.closeAllConnections();
  await new Promise((resolve) => rest.close(resolve));
  await standin.close();
});

function handler(env: Record<string, string> = {}) {
  return createChatHandler({
    env: {
      CREATE_AI_API_TOKEN: TOKEN,
      CREATE_AI_PROJECT_ID: "p",
      CREATE_AI_WS_URL: standin.url,
      CREATE_AI_REST_URL: restUrl,
      CREATE_AI_REST_FALLBACK: "true",
      ...env,
    },
    logger: silentLogger,
  });
}

describe("REST fallback through the handler", () => {
  it("answers from REST /query when the socket refuses the token", async () => {
    reply = answerJson({ response: "From REST.", metadata: { model_details: { inference_model: "m" } } });
    const { events } = await readSse(await handler()(chatRequest(ask("Define entropy"), { accept: "text/event-stream" })));

    expect(events.map((event) => event.type)).toEqual(["start", "metadata", "delta", "done"]);
    expect(events.at(-1)).toMatchObject({ type: "done", data: { text: "From REST." } });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(calls[0]?.body).toMatchObject({ query: "Define entropy", request_source: "override_params", project_id: "p" });
    expect(calls[0]?.body).not.toHaveProperty("action");
  });

  it("hands on REST metadata without the token, in a URL or bare", async () => {
    reply = answerJson({
      response: "From REST.",
      metadata: { request_url: `${restUrl}query?access_token=${TOKEN}`, echo: [{ token: TOKEN }], usage: { total_tokens: 9 } },
    });
    const response = await handler()(chatRequest(ask("q", { stream: false })));
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(JSON.parse(text).metadata).toEqual({
      request_url: `${restUrl}query?access_token=[redacted]`,
      echo: [{ token: "[redacted]" }],
      usage: { total_tokens: 9 },
    });
    expect(text).not.toContain(TOKEN);
  });

  it("answers 504 upstream_timeout when REST /query is silent past the limit", async () => {
    reply = () => undefined;
    const response = await handler({ CREATE_AI_IDLE_TIMEOUT_MS: "200" })(chatRequest(ask("q")));

    expect(response.status).toBe(504);
    expect((await response.json()).error.code).toBe("upstream_timeout");
    await calls[0]?.closed;
  });

  it("closes the REST request when the caller goes away", async () => {
    reply = () => undefined;
    const arrived = new Promise<RestCall>((resolve) => (callArrived = resolve));
    const caller = new AbortController();
    const answered = handler()(chatRequest(ask("q"), { signal: caller.signal }));

    const call = await arrived;
    caller.abort();
    await call.closed;
    expect((await answered).status).toBe(499);
  });
});
