import { describe, expect, it } from "vitest";
import type { ChatEvent } from "@/lib/chat-stream/events";
import { SAFE_MESSAGE_BY_CODE } from "@/lib/chat-stream/errors";
import { silentLogger } from "@/lib/chat-stream/logger";
import { runChat } from "@/lib/chat-stream/run-chat";
import { loadCreateAIConfig } from "@/lib/createai/config";
import { createManualClock } from "../support/manual-clock";
import { fakeSocketFactory, type FakeSocket } from "../support/fake-socket";

function start() {
  const factory = fakeSocketFactory();
  const events: ChatEvent[] = [];
  const clock = createManualClock();
  const done = runChat(
    {
      query: "q",
      history: [],
      systemPrompt: "s",
      sessionId: "session-1",
      projectId: "p",
      model: { provider: "aws", name: "m" },
    },
    {
      config: loadCreateAIConfig({ CREATE_AI_API_TOKEN: "t", CREATE_AI_PROJECT_ID: "p", CREATE_AI_WS_URL: "ws://upstream.test/" }),
      createSocket: factory.create,
      fetch,
      clock,
      newId: () => "id-1",
      logger: silentLogger,
    },
    (event) => events.push(event),
  );
  return { socket: () => factory.sockets[0] as FakeSocket, events, done };
}

const deltas = (events: ChatEvent[]) => events.filter((event) => event.type === "delta").map((event) => event.data.text);

describe("runChat", () => {
  it("sends a turn's first frame at once and the frames after it in that turn as one delta", async () => {
    const run = start();
    run.socket().serverOpen();
    run.socket().serverSend("one ");
    expect(deltas(run.events)).toEqual(["one "]);
    run.socket().serverSend("two ");
    run.socket().serverSend("three ");
    expect(deltas(run.events)).toEqual(["one "]);
    // The end of the current turn: queued microtasks run.
    await Promise.resolve();
    expect(deltas(run.events)).toEqual(["one ", "two three "]);
    run.socket().serverSend("four<EOS>");
    await run.done;
    expect(deltas(run.events)).toEqual(["one ", "two three ", "four"]);
  });

  it("emits start first and one done last, holding the whole text, with nothing held back", async () => {
    const run = start();
    run.socket().serverOpen();
    run.socket().serverSend("a");
    run.socket().serverSend("b");
    run.socket().serverSend("c<EOS>");
    const summary = await run.done;
    expect(run.events[0]).toMatchObject({ type: "start", data: { messageId: "id-1", sessionId: "session-1", upstream: "createai" } });
    expect(deltas(run.events).join("")).toBe("abc");
    expect(run.events.at(-1)).toMatchObject({ type: "done", data: { text: "abc", finishReason: "stop" } });
    expect(summary).toMatchObject({ outcome: "done", chars: 3 });
  });

  it("sends text still waiting in the turn before the error that ends it", async () => {
    const run = start();
    run.socket().serverOpen();
    run.socket().serverSend("first ");
    run.socket().serverSend("second");
    run.socket().serverClose(1006);
    const summary = await run.done;
    expect(deltas(run.events).join("")).toBe("first second");
    expect(run.events.at(-1)).toMatchObject({ type: "error", data: { code: "upstream_closed" } });
    expect(summary).toMatchObject({ outcome: "error", code: "upstream_closed" });
  });

  it("shows the safe message for an upstream error and keeps upstream's words for the log only", async () => {
    const run = start();
    run.socket().serverOpen();
    run.socket().serverSend(JSON.stringify({ error: "Your session timeout preference was saved", error_type: "validation" }));
    const summary = await run.done;
    expect(run.events.at(-1)).toEqual({
      type: "error",
      data: { code: "upstream_error", message: SAFE_MESSAGE_BY_CODE.upstream_error, retryable: true },
    });
    expect(summary).toMatchObject({ code: "upstream_error", detail: expect.stringContaining("Your session timeout preference was saved") });
  });
});
