/**
 * The two hooks instrumentation.ts puts on the Node.js HTTP server, against a real server and a
 * real client connection. The full story, with Next.js around them, is tests/e2e/operations.test.ts.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { endClientDisconnectsQuietly } from "@/lib/node/client-disconnects";
import { pinForwardedForToConnection } from "@/lib/node/connection-address";

let server: http.Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function listen(handler: http.RequestListener): Promise<number> {
  server = http.createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * What Next.js does to a request on the Edge runtime once the handler has returned
 * (`replaceRequestBody` in next/dist/server/body-streams.js): every property of a buffered copy
 * of the body is copied onto the request, its `_events` (so the request's listeners go) and its
 * `_destroy` (which emits an error whether anyone listens or not) among them.
 */
function swapBodyAsNextDoes(request: http.IncomingMessage): void {
  const copy = new Readable({ read() {} });
  const target = request as unknown as Record<string, unknown>;
  for (const key in copy) {
    const value = (copy as unknown as Record<string, unknown>)[key];
    target[key] = typeof value === "function" ? value.bind(request) : value;
  }
}

describe("X-Forwarded-For pinned to the connection", () => {
  // First: the hook, once installed, stays for the process.
  it.each([["true"], ["2"]])("is left to the proxies when WS_CHAT_TRUST_PROXY=%s", async (value) => {
    pinForwardedForToConnection({ WS_CHAT_TRUST_PROXY: value });
    const seen: Array<string | string[] | undefined> = [];
    const port = await listen((request, response) => {
      seen.push(request.headers["x-forwarded-for"]);
      response.end();
    });
    await fetch(`http://127.0.0.1:${port}/`, { headers: { "X-Forwarded-For": "203.0.113.9, 10.0.0.1" } });
    expect(seen).toEqual(["203.0.113.9, 10.0.0.1"]);
  });

  it("overwrites whatever the client sent with the connection's own address", async () => {
    pinForwardedForToConnection({});
    const seen: Array<string | string[] | undefined> = [];
    const port = await listen((request, response) => {
      seen.push(request.headers["x-forwarded-for"]);
      response.end();
    });
    await fetch(`http://127.0.0.1:${port}/`, { headers: { "X-Forwarded-For": "203.0.113.9" } });
    await fetch(`http://127.0.0.1:${port}/`);
    expect(seen).toEqual(["127.0.0.1", "127.0.0.1"]);
  });
});

describe("a client that goes away mid-response", () => {
  it("ends the request quietly even after Next.js's body swap dropped its error listeners", async () => {
    endClientDisconnectsQuietly();
    let closed!: (errorIsListenedFor: boolean) => void;
    const requestClosed = new Promise<boolean>((resolve) => (closed = resolve));
    const port = await listen((request, response) => {
      request.resume();
      // Next.js swaps the body once it has read all of it, and the request has closed.
      request.once("close", () => {
        swapBodyAsNextDoes(request);
        response.writeHead(200, { "Content-Type": "text/plain" });
        response.write("first words of an answer");
        // When the client leaves, Node.js emits `Error: aborted` on the swapped request just
        // before a second `close`; with no listener that is an uncaught exception, failing this run.
        request.on("close", () => closed(request.listenerCount("error") > 0));
      });
    });
    leaveAfterFirstBytes(port);
    expect(await requestClosed).toBe(true);
  });
});

/** Posts a body, reads the first bytes of the answer, then drops the connection. */
function leaveAfterFirstBytes(port: number): void {
  const request = http.request({ port, host: "127.0.0.1", method: "POST" }, (response) => {
    response.once("data", () => request.destroy());
  });
  request.on("error", () => undefined);
  request.end("{}");
}
