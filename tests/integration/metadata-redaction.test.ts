/**
 * Upstream metadata reaches the browser without the CreateAI token: a gateway that echoes its
 * own URL (token in `access_token`) or the token itself must not hand it out. Runs under Node
 * and under the Edge runtime.
 */
import { describe, expect, it } from "vitest";
import { createChatHandler } from "@/lib/chat-stream/handler";
import { silentLogger } from "@/lib/chat-stream/logger";
import { FakeSocket } from "../support/fake-socket";
import { ask, chatRequest, readSse } from "../support/chat-client";

const TOKEN = "eyJ.metadata-token.42";

const LEAKY_METADATA = {
  request_url: `wss://apiws-main.aiml.asu.edu/?access_token=${TOKEN}&project=p`,
  echo: TOKEN,
  sources: [{ source_name: "notes.pdf", page_number: 3, url: `https://files.example/notes.pdf?sig=1&access_token=${TOKEN}` }],
  headers: { authorization: `Bearer ${TOKEN}` },
  [`seen-${TOKEN}`]: true,
  usage: { input_tokens: 12, cached: false, note: null },
};

const REDACTED_METADATA = {
  request_url: "wss://apiws-main.aiml.asu.edu/?access_token=[redacted]&project=p",
  echo: "[redacted]",
  sources: [{ source_name: "notes.pdf", page_number: 3, url: "https://files.example/notes.pdf?sig=1&access_token=[redacted]" }],
  headers: { authorization: "Bearer [redacted]" },
  "seen-[redacted]": true,
  usage: { input_tokens: 12, cached: false, note: null },
};

/** An upstream that answers every query with `frames` in JSON mode, then waits to be closed. */
class ScriptedUpstream extends FakeSocket {
  constructor(
    url: string,
    private readonly frames: string[],
  ) {
    super(url);
    queueMicrotask(() => this.serverOpen());
  }

  override send(data: string): void {
    super.send(data);
    queueMicrotask(() => {
      for (const frame of this.frames) this.serverSend(frame);
    });
  }
}

function handler() {
  const frames = [JSON.stringify({ response: "Entropy measures disorder." }), JSON.stringify({ response: "<EOS>", metadata: LEAKY_METADATA })];
  return createChatHandler({
    env: { CREATE_AI_API_TOKEN: TOKEN, CREATE_AI_PROJECT_ID: "p" },
    createSocket: (url) => new ScriptedUpstream(url, frames),
    logger: silentLogger,
  });
}

describe("upstream metadata", () => {
  it("reaches an SSE reader with the token redacted wherever it was", async () => {
    const response = await handler()(chatRequest(ask("Define entropy"), { accept: "text/event-stream" }));
    const { events } = await readSse(response);

    expect(events.find((event) => event.type === "metadata")?.data).toEqual(REDACTED_METADATA);
    expect(events.at(-1)?.type).toBe("done");
    expect(JSON.stringify(events)).not.toContain(TOKEN);
  });

  it("reaches a JSON answer with the token redacted wherever it was", async () => {
    const response = await handler()(chatRequest(ask("Define entropy", { stream: false })));
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(JSON.parse(text).metadata).toEqual(REDACTED_METADATA);
    expect(text).not.toContain(TOKEN);
  });
});
