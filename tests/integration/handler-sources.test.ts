/**
 * Search sources from the real stand-in through the route's handler to what the chat parses,
 * with no CreateAI token: `enableSearch` in the body yields a `metadata` event whose sources
 * the browser reads, live and when a resumable answer is read again. Runs under Node and Edge.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAnswerSources } from "@/lib/createai/search-sources";
import { createChatHandler } from "@/lib/chat-stream/handler";
import { silentLogger } from "@/lib/chat-stream/logger";
import { startStandin, type Standin } from "@/scripts/standin/server";
import { pickSources } from "@/scripts/standin/sources";
import { ask, chatRequest, readSse } from "../support/chat-client";

const TOKEN = "sources-token-7Kp";
const QUESTION = "What happens to a cell in a hypertonic solution?";
let standin: Standin;

beforeAll(async () => {
  standin = await startStandin({ port: 0, token: TOKEN, paceMs: 1 });
});
afterAll(() => standin.close());

function handler() {
  return createChatHandler({
    env: { CREATE_AI_API_TOKEN: TOKEN, CREATE_AI_PROJECT_ID: "bio181", CREATE_AI_WS_URL: standin.url, WS_CHAT_MAX_STREAMS_PER_CLIENT: "100" },
    logger: silentLogger,
  });
}

const sse = { accept: "text/event-stream" };
const expectedTitles = pickSources(QUESTION).map((source) => source.source_name);

describe("search sources over SSE", () => {
  it("with enableSearch: a metadata event before done, whose sources parse to the stand-in's picks", async () => {
    const { events } = await readSse(await handler()(chatRequest(ask(QUESTION, { enableSearch: true }), sse)));
    const metadata = events.find((event) => event.type === "metadata");
    expect(events.map((event) => event.type).slice(-2)).toEqual(["metadata", "done"]);

    const sources = parseAnswerSources(metadata?.data);
    expect(sources.length).toBeGreaterThanOrEqual(2);
    expect(sources.map((source) => source.title)).toEqual(expectedTitles);
    expect(sources.every((source) => source.excerpt !== undefined && source.excerpt.length > 0)).toBe(true);
    expect(standin.requests.at(-1)).toMatchObject({
      model_params: { enable_search: true, search_params: { collection: "bio181", output_fields: ["content", "source_name", "page_number"] } },
    });
  });

  it("without enableSearch: no sources, and no search asked of the upstream", async () => {
    const { events } = await readSse(await handler()(chatRequest(ask(QUESTION), sse)));
    const metadata = events.find((event) => event.type === "metadata");
    expect(events.at(-1)?.type).toBe("done");
    expect(parseAnswerSources(metadata?.data)).toEqual([]);
    expect(standin.requests.at(-1)?.model_params).not.toHaveProperty("enable_search");
  });

  it("a resumable answer read again carries the same sources", async () => {
    const chat = handler();
    const response = await chat(chatRequest(ask(QUESTION, { enableSearch: true, resumable: true }), sse));
    const id = response.headers.get("x-message-id") as string;
    const live = await readSse(response);
    const replay = await readSse(await chat(new Request(`http://localhost/api/ws-chat/streams/${id}`)));
    const sourcesOf = (events: typeof live.events) => parseAnswerSources(events.find((event) => event.type === "metadata")?.data);
    expect(sourcesOf(replay.events)).toEqual(sourcesOf(live.events));
    expect(sourcesOf(replay.events).map((source) => source.title)).toEqual(expectedTitles);
  });

  it("carries nothing of the token in the sources or anywhere in the metadata", async () => {
    const { events } = await readSse(await handler()(chatRequest(ask(QUESTION, { enableSearch: true }), sse)));
    expect(JSON.stringify(events.find((event) => event.type === "metadata"))).not.toContain(TOKEN);
  });
});

describe("search sources in a JSON answer", () => {
  it("come back as metadata the chat parses the same way", async () => {
    const response = await handler()(chatRequest(ask(QUESTION, { enableSearch: true, stream: false })));
    const body = (await response.json()) as { metadata?: unknown };
    expect(parseAnswerSources(body.metadata).map((source) => source.title)).toEqual(expectedTitles);
  });
});
