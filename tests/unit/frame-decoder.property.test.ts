/**
 * Properties of the frame decoder over generated answers: whatever the text, the chunking, the
 * place of <EOS> and the gateway notices in between, the answer comes out exactly once.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createFrameDecoder } from "@/lib/createai/frame-decoder";

const GATEWAY_TIMEOUT = JSON.stringify({ message: "Endpoint request timed out", connectionId: "c", requestId: "r" });

function decode(frames: ReadonlyArray<string | Uint8Array>, flush = false) {
  let text = "";
  let ends = 0;
  let errors = 0;
  const decoder = createFrameDecoder({
    onText: (piece) => (text += piece),
    onMetadata: () => undefined,
    onEnd: () => (ends += 1),
    onError: () => (errors += 1),
  });
  for (const frame of frames) decoder.feed(frame);
  if (flush) decoder.flush();
  return { text, ends, errors };
}

// Answer chunks: any Unicode text, except that a chunk never starts with "{" (a whole-frame
// JSON object is how the protocol speaks) and the answer never contains the end marker.
const chunk = fc.string({ unit: "grapheme", maxLength: 12 }).filter((s) => !s.startsWith("{"));
const answerChunks = fc.array(chunk, { maxLength: 15 }).filter((chunks) => !chunks.join("").includes("<EOS>"));

/** Puts the gateway notice in front of the chunks at the chosen positions. */
function withNotices(frames: string[], positions: number[]): string[] {
  const out = [...frames];
  for (const position of [...positions].sort((a, b) => b - a)) out.splice(Math.min(position, out.length), 0, GATEWAY_TIMEOUT);
  return out;
}

describe("frame decoder properties", () => {
  it("text mode, <EOS> alone or appended, notices anywhere: exactly the text, one end", () => {
    fc.assert(
      fc.property(answerChunks, fc.boolean(), fc.array(fc.nat(20), { maxLength: 3 }), (chunks, appended, notices) => {
        const frames = appended && chunks.length > 0 ? [...chunks.slice(0, -1), `${chunks.at(-1)}<EOS>`] : [...chunks, "<EOS>"];
        const result = decode(withNotices(frames, notices));
        expect(result).toEqual({ text: chunks.join(""), ends: 1, errors: 0 });
      }),
    );
  });

  it("JSON mode, with the metadata frame last: exactly the text, one end", () => {
    fc.assert(
      fc.property(answerChunks, fc.array(fc.nat(20), { maxLength: 3 }), (chunks, notices) => {
        const frames = [...chunks.map((c) => JSON.stringify({ response: c })), JSON.stringify({ response: "<EOS>", metadata: { n: 1 } })];
        expect(decode(withNotices(frames, notices))).toEqual({ text: chunks.join(""), ends: 1, errors: 0 });
      }),
    );
  });

  it("binary frames cut at any byte: exactly the text, one end", () => {
    fc.assert(
      fc.property(answerChunks, fc.array(fc.nat(), { maxLength: 8 }), (chunks, cuts) => {
        const text = chunks.join("");
        const bytes = new TextEncoder().encode(`${text}<EOS>`);
        const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
        const frames: Uint8Array[] = [];
        let from = 0;
        for (const point of [...points, bytes.length]) {
          frames.push(bytes.slice(from, point));
          from = point;
        }
        expect(decode(frames)).toEqual({ text, ends: 1, errors: 0 });
      }),
    );
  });

  it("a stream cut off before <EOS> never ends, and loses no text", () => {
    fc.assert(
      fc.property(answerChunks, (chunks) => {
        expect(decode(chunks, true)).toEqual({ text: chunks.join(""), ends: 0, errors: 0 });
      }),
    );
  });
});
