import { describe, expect, it } from "vitest";
import { streamCreateAIAnswer, type UpstreamOutcome } from "@/lib/createai/connection";
import { buildCreateAIPayload } from "@/lib/createai/payload";
import { createManualClock } from "../support/manual-clock";
import { fakeSocketFactory, type FakeSocket } from "../support/fake-socket";

const TOKEN = "tok-SECRET-42";

function start(options: { signal?: AbortSignal } = {}) {
  const clock = createManualClock();
  const factory = fakeSocketFactory();
  const texts: string[] = [];
  const metadata: unknown[] = [];
  let outcome: UpstreamOutcome | undefined;
  const done = streamCreateAIAnswer(
    {
      url: `ws://upstream.test/?access_token=${TOKEN}`,
      token: TOKEN,
      payload: buildCreateAIPayload({
        query: "q",
        history: [],
        systemPrompt: "s",
        sessionId: "sess",
        projectId: "p",
        model: { provider: "aws", name: "m" },
      }),
      createSocket: factory.create,
      clock,
      connectTimeoutMs: 1_000,
      idleTimeoutMs: 5_000,
      maxStreamMs: 60_000,
      signal: options.signal,
    },
    { onText: (text) => texts.push(text), onMetadata: (m) => metadata.push(m) },
  ).then((result) => (outcome = result));
  const socket = factory.sockets[0] as FakeSocket;
  return { clock, socket, texts, metadata, done, outcome: () => outcome };
}

describe("streamCreateAIAnswer", () => {
  it("sends the payload once open, streams text, and closes the socket itself after <EOS>", async () => {
    const run = start();
    expect(run.socket.url).toContain("access_token=");
    run.socket.serverOpen();
    expect(JSON.parse(run.socket.sent[0] ?? "{}")).toMatchObject({ action: "query", query: "q" });
    run.socket.serverSend("Hello ");
    run.socket.serverSend("world<EOS>");
    await run.done;
    expect(run.texts.join("")).toBe("Hello world");
    expect(run.outcome()).toEqual({ ok: true, closeCode: undefined });
    expect(run.socket.closeCalls).toEqual([{ code: 1000, reason: "done" }]);
    expect(run.clock.pendingTimers()).toBe(0);
  });

  it("ends with upstream_closed, keeping the partial text, when the socket drops mid-answer", async () => {
    const run = start();
    run.socket.serverOpen();
    run.socket.serverSend("Half an ans");
    run.socket.serverClose(1006);
    await run.done;
    expect(run.texts.join("")).toBe("Half an ans");
    expect(run.outcome()).toMatchObject({ ok: false, code: "upstream_closed", opened: true, closeCode: 1006 });
    expect(run.clock.pendingTimers()).toBe(0);
  });

  it("reports a handshake refused with no frame (close 1006) as unavailable, without the token", async () => {
    const run = start();
    run.socket.serverError({ message: `connect to ws://upstream.test/?access_token=${TOKEN} failed` });
    run.socket.serverClose(1006);
    await run.done;
    const outcome = run.outcome();
    expect(outcome).toMatchObject({ ok: false, code: "upstream_unavailable", opened: false, closeCode: 1006 });
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
  });

  it("reports a handshake answered 401 as unauthorized", async () => {
    const run = start();
    run.socket.serverError({ message: "Unexpected server response: 401" });
    run.socket.serverClose(1006);
    await run.done;
    expect(run.outcome()).toMatchObject({ ok: false, code: "upstream_unauthorized" });
  });

  // `ws` tells the HTTP status of a refused handshake in a fixed message; that status decides,
  // never other words in an error or a close reason.
  it.each([
    ["answered 401", { message: "Unexpected server response: 401" }, "", "upstream_unauthorized"],
    ["answered 403", { error: new Error("Unexpected server response: 403") }, "", "upstream_unauthorized"],
    ["answered 429", { message: "Unexpected server response: 429" }, "", "rate_limited"],
    ["answered 500", { message: "Unexpected server response: 500" }, "", "upstream_unavailable"],
    ["answered 503", { message: "Unexpected server response: 503" }, "", "upstream_unavailable"],
    ["unreachable, at a host whose name says forbidden", { message: "getaddrinfo ENOTFOUND forbidden.example" }, "", "upstream_unavailable"],
    ["closed with a reason that says Unauthorized", { message: "socket hang up" }, "Unauthorized", "upstream_unavailable"],
    ["refused with no status at all", { message: "Received network error or non-101 status code." }, "", "upstream_unavailable"],
  ] as const)("classifies a handshake %s by its status alone", async (_name, error, reason, code) => {
    const run = start();
    run.socket.serverError(error);
    run.socket.serverClose(1006, reason);
    await run.done;
    expect(run.outcome()).toMatchObject({ ok: false, code, opened: false });
  });

  it("times out when the socket does not open in time, and closes it", async () => {
    const run = start();
    run.clock.advance(1_000);
    await run.done;
    expect(run.outcome()).toMatchObject({ ok: false, code: "upstream_timeout", opened: false });
    expect(run.socket.closeCalls).toHaveLength(1);
    expect(run.clock.pendingTimers()).toBe(0);
  });

  it("times out after the idle limit of silence between frames, but not before", async () => {
    const run = start();
    run.socket.serverOpen();
    run.clock.advance(4_000);
    run.socket.serverSend("still here ");
    run.clock.advance(4_000);
    expect(run.outcome()).toBeUndefined();
    run.clock.advance(1_000);
    await run.done;
    expect(run.outcome()).toMatchObject({ ok: false, code: "upstream_timeout" });
    expect(run.texts).toEqual(["still here "]);
    expect(run.clock.pendingTimers()).toBe(0);
  });

  it("keeps waiting after the gateway timeout notice and finishes when text follows", async () => {
    const run = start();
    run.socket.serverOpen();
    run.socket.serverSend("one ");
    run.socket.serverSend(JSON.stringify({ message: "Endpoint request timed out", connectionId: "c", requestId: "r" }));
    run.socket.serverSend("two<EOS>");
    await run.done;
    expect(run.texts.join("")).toBe("one two");
    expect(run.outcome()).toMatchObject({ ok: true });
  });

  it("calls it a timeout, not a drop, when only the gateway notice came before the close", async () => {
    const run = start();
    run.socket.serverOpen();
    run.socket.serverSend(JSON.stringify({ message: "Endpoint request timed out", connectionId: "c", requestId: "r" }));
    run.socket.serverClose(1001);
    await run.done;
    expect(run.outcome()).toMatchObject({ ok: false, code: "upstream_timeout" });
  });

  it("closes the socket at once when the caller aborts, and calls it aborted", async () => {
    const abort = new AbortController();
    const run = start({ signal: abort.signal });
    run.socket.serverOpen();
    run.socket.serverSend("some");
    abort.abort();
    await run.done;
    expect(run.outcome()).toMatchObject({ ok: false, code: "aborted" });
    expect(run.socket.closeCalls).toHaveLength(1);
    expect(run.clock.pendingTimers()).toBe(0);
  });

  it("never opens a socket when the signal is already aborted", async () => {
    const abort = new AbortController();
    abort.abort();
    const run = start({ signal: abort.signal });
    await run.done;
    expect(run.socket).toBeUndefined();
    expect(run.outcome()).toMatchObject({ ok: false, code: "aborted" });
  });

  it("passes an upstream error frame on as its code and stops", async () => {
    const run = start();
    run.socket.serverOpen();
    run.socket.serverSend(JSON.stringify({ error: "project has exceeded its rate limit", error_type: "RateLimit" }));
    await run.done;
    expect(run.outcome()).toMatchObject({ ok: false, code: "rate_limited" });
    expect(run.socket.closeCalls).toHaveLength(1);
  });

  it("calls an error frame whose words merely mention a timeout an upstream error", async () => {
    const run = start();
    run.socket.serverOpen();
    run.socket.serverSend(JSON.stringify({ error: "Your session timeout preference was saved", error_type: "validation" }));
    await run.done;
    expect(run.outcome()).toMatchObject({ ok: false, code: "upstream_error", opened: true });
  });

  it("keeps upstream's words for the log, without the token", async () => {
    const run = start();
    run.socket.serverOpen();
    run.socket.serverSend(JSON.stringify({ error: `token ${TOKEN} is not valid for model m`, error_type: "validation" }));
    await run.done;
    const outcome = run.outcome();
    expect(outcome).toMatchObject({ ok: false, code: "upstream_error", detail: expect.stringContaining("is not valid for model m") });
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
  });

  it("ends a runaway answer at the longest stream time, even while frames keep coming", async () => {
    const run = start();
    run.socket.serverOpen();
    for (let second = 0; second < 59; second++) {
      run.socket.serverSend("word ");
      run.clock.advance(1_000);
    }
    expect(run.outcome()).toBeUndefined();
    run.clock.advance(1_000);
    await run.done;
    expect(run.outcome()).toMatchObject({ ok: false, code: "upstream_timeout" });
    expect(run.outcome()).toMatchObject({ detail: expect.stringContaining("60000 ms") });
    expect(run.clock.pendingTimers()).toBe(0);
  });

  it("ignores everything after it has settled", async () => {
    const run = start();
    run.socket.serverOpen();
    run.socket.serverSend("a<EOS>");
    run.socket.serverSend("late");
    run.socket.serverClose(1006);
    await run.done;
    expect(run.texts).toEqual(["a"]);
    expect(run.outcome()).toMatchObject({ ok: true });
  });
});
