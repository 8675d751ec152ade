/**
 * The AI SDK's UI message stream as an encoder of our events: exact bytes, the SDK's own schema
 * and assembler on what it writes, the protocol's headers, and search sources read tolerantly.
 */
import { UI_MESSAGE_STREAM_HEADERS as SDK_HEADERS } from "ai";
import { describe, expect, it } from "vitest";
import { ChatError } from "@/lib/chat-stream/errors";
import type { ChatEvent } from "@/lib/chat-stream/events";
import { createUiMessageEncoder, sourceChunks, UI_MESSAGE_STREAM_HEADERS } from "@/lib/chat-stream/ui-message-stream-encoder";
import { assemble, parseBody, textOf } from "../support/ai-sdk-client";

const START: ChatEvent = {
  type: "start",
  data: { messageId: "m-1", sessionId: "s1.abc", model: { provider: "aws", name: "claude4_5_sonnet" }, upstream: "local" },
};
const delta = (text: string): ChatEvent => ({ type: "delta", data: { text } });
const DONE: ChatEvent = { type: "done", data: { text: "Hello, world", finishReason: "stop", timing: { firstTokenMs: 12, totalMs: 40 } } };
const DROPPED: ChatEvent = { type: "error", data: new ChatError("upstream_closed").toData() };

function encodeAll(events: readonly ChatEvent[]): string {
  const encoder = createUiMessageEncoder();
  return events.map((event) => encoder.encode(event)).join("");
}

function bodyOf(text: string): ReadableStream<Uint8Array> {
  return new Response(text).body as ReadableStream<Uint8Array>;
}

const META = '{"sessionId":"s1.abc","model":{"provider":"aws","name":"claude4_5_sonnet"},"upstream":"local"}';

describe("the UI message stream encoder", () => {
  it("writes a whole answer as start, start-step, text-start, text-delta…, text-end, finish-step, finish, [DONE]", () => {
    expect(encodeAll([START, delta("Hello, "), delta("world"), DONE])).toBe(
      `data: {"type":"start","messageId":"m-1","messageMetadata":${META}}\n\n` +
        'data: {"type":"start-step"}\n\n' +
        'data: {"type":"text-start","id":"text"}\n\n' +
        'data: {"type":"text-delta","id":"text","delta":"Hello, "}\n\n' +
        'data: {"type":"text-delta","id":"text","delta":"world"}\n\n' +
        'data: {"type":"text-end","id":"text"}\n\n' +
        'data: {"type":"finish-step"}\n\n' +
        `data: {"type":"finish","finishReason":"stop","messageMetadata":${META.slice(0, -1)},"timing":{"firstTokenMs":12,"totalMs":40}}}\n\n` +
        "data: [DONE]\n\n",
    );
  });

  it("ends a truncated answer with error and [DONE]: no text-end, no finish", () => {
    const bytes = encodeAll([START, delta("Half an ans"), DROPPED]);
    expect(bytes.endsWith(`data: {"type":"error","errorText":${JSON.stringify(DROPPED.data.message)}}\n\ndata: [DONE]\n\n`)).toBe(true);
    expect(bytes).not.toContain('"finish');
    expect(bytes).not.toContain('"text-end"');
  });

  it("fails before any text with start, start-step, error", () => {
    expect(encodeAll([START, DROPPED])).toBe(
      `data: {"type":"start","messageId":"m-1","messageMetadata":${META}}\n\n` +
        'data: {"type":"start-step"}\n\n' +
        `data: {"type":"error","errorText":"${DROPPED.data.message}"}\n\n` +
        "data: [DONE]\n\n",
    );
  });

  it("opens no text part for an answer with no text", () => {
    expect(encodeAll([START, { ...DONE, data: { ...DONE.data, text: "" } }])).not.toContain("text-");
  });

  it("keeps JSON-escaped newlines and quotes inside one data line", () => {
    expect(createUiMessageEncoder().encode(delta('line one\n\n"two"'))).toBe(
      'data: {"type":"text-start","id":"text"}\n\ndata: {"type":"text-delta","id":"text","delta":"line one\\n\\n\\"two\\""}\n\n',
    );
  });

  it.each([
    ["stop", "stop"],
    ["length", "length"],
    ["end_turn", "other"],
  ])("maps finishReason %s to %s", (ours, theirs) => {
    const bytes = encodeAll([START, { ...DONE, data: { ...DONE.data, finishReason: ours } }]);
    expect(bytes).toContain(`"type":"finish","finishReason":"${theirs}"`);
  });

  it("writes only chunks the AI SDK's schema accepts, which its assembler turns into the answer", async () => {
    const metadata: ChatEvent = { type: "metadata", data: { sources: [{ source_name: "notes.pdf", page_number: 3 }, { url: "https://asu.edu/a", source_name: "A" }] } };
    const chunks = await parseBody(bodyOf(encodeAll([START, delta("Hello, "), delta("world"), metadata, DONE])));
    const { message, errors } = await assemble(chunks);
    expect(errors).toEqual([]);
    expect(message?.id).toBe("m-1");
    expect(textOf(message)).toBe("Hello, world");
    expect(message?.metadata).toEqual({ sessionId: "s1.abc", model: { provider: "aws", name: "claude4_5_sonnet" }, upstream: "local", timing: { firstTokenMs: 12, totalMs: 40 } });
    expect(message?.parts.map((part) => part.type)).toEqual(["step-start", "text", "source-document", "source-url"]);
  });

  it("is read by the AI SDK as an error with our safe message when the answer breaks off", async () => {
    const { message, errors } = await assemble(await parseBody(bodyOf(encodeAll([START, delta("Half"), DROPPED]))));
    expect(errors).toEqual([DROPPED.data.message]);
    expect(textOf(message)).toBe("Half");
  });
});

describe("the UI message stream headers", () => {
  it("are exactly these bytes", () => {
    expect(UI_MESSAGE_STREAM_HEADERS).toEqual({
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
      "X-Content-Type-Options": "nosniff",
      Connection: "keep-alive",
      "x-vercel-ai-ui-message-stream": "v1",
    });
  });

  it("carry every header of the AI SDK's UI_MESSAGE_STREAM_HEADERS, ours only adding to a value", () => {
    const ours = new Headers(UI_MESSAGE_STREAM_HEADERS);
    for (const [name, value] of Object.entries(SDK_HEADERS)) {
      const given = ours.get(name) ?? "";
      expect(given === value || given.startsWith(`${value};`) || given.startsWith(`${value},`), `${name}: ${given}`).toBe(true);
    }
  });
});

describe("search sources", () => {
  it.each<[string, unknown, unknown[]]>([
    ["no metadata", undefined, []],
    ["metadata that is not an object", "sources", []],
    ["no sources", { model_details: {} }, []],
    ["sources that are not a list", { sources: { source_name: "a.pdf" } }, []],
    ["items that are not objects, or have neither name nor URL", { sources: [null, 3, "a.pdf", { score: 0.4 }] }, []],
    [
      "a named document, with page and score",
      { sources: [{ source_name: "notes.pdf", page_number: 3, score: 0.5, content: "…" }] },
      [{ type: "source-document", sourceId: "source-1", mediaType: "application/pdf", title: "notes.pdf", filename: "notes.pdf", providerMetadata: { createai: { pageNumber: 3, score: 0.5 } } }],
    ],
    [
      "a page number given as text",
      { sources: [{ source_name: "course-notes.md", page_number: "7" }] },
      [{ type: "source-document", sourceId: "source-1", mediaType: "text/markdown", title: "course-notes.md", filename: "course-notes.md", providerMetadata: { createai: { pageNumber: 7 } } }],
    ],
    [
      "a document of a type not known",
      { sources: [{ title: "Syllabus" }] },
      [{ type: "source-document", sourceId: "source-1", mediaType: "application/octet-stream", title: "Syllabus", filename: "Syllabus" }],
    ],
    [
      "a source_url, preferred to url",
      { sources: [{ source_name: "Lecture 3", source_url: "https://canvas.asu.edu/l3", url: "https://other.example" }] },
      [{ type: "source-url", sourceId: "source-1", url: "https://canvas.asu.edu/l3", title: "Lecture 3" }],
    ],
    ["a url with no name", { sources: [{ url: "http://asu.edu/x" }] }, [{ type: "source-url", sourceId: "source-1", url: "http://asu.edu/x" }]],
    [
      "a javascript: URL, never a link",
      { sources: [{ source_name: "evil", url: "javascript:alert(1)" }, { url: "javascript:alert(2)" }] },
      [{ type: "source-document", sourceId: "source-1", mediaType: "application/octet-stream", title: "evil", filename: "evil" }],
    ],
  ])("%s", (_name, metadata, chunks) => {
    expect(sourceChunks(metadata)).toEqual(chunks);
  });

  it("numbers sources on across metadata events", () => {
    const encoder = createUiMessageEncoder();
    encoder.encode({ type: "metadata", data: { sources: [{ source_name: "a.pdf" }] } });
    expect(encoder.encode({ type: "metadata", data: { sources: [{ source_name: "b.pdf" }] } })).toContain('"sourceId":"source-2"');
  });
});
