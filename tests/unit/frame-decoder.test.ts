import { describe, expect, it } from "vitest";
import { createFrameDecoder, type FrameError } from "@/lib/createai/frame-decoder";

interface Decoded {
  text: string;
  pieces: string[];
  metadata: unknown[];
  ends: number;
  errors: FrameError[];
  gatewayTimeouts: number;
  order: string[];
}

function decode(frames: Array<string | Uint8Array>, { flush = false } = {}): Decoded {
  const result: Decoded = { text: "", pieces: [], metadata: [], ends: 0, errors: [], gatewayTimeouts: 0, order: [] };
  const decoder = createFrameDecoder({
    onText(text) {
      result.pieces.push(text);
      result.text += text;
      result.order.push("text");
    },
    onMetadata(metadata) {
      result.metadata.push(metadata);
      result.order.push("metadata");
    },
    onEnd() {
      result.ends += 1;
      result.order.push("end");
    },
    onError(error) {
      result.errors.push(error);
      result.order.push("error");
    },
    onGatewayTimeout() {
      result.gatewayTimeouts += 1;
    },
  });
  for (const frame of frames) decoder.feed(frame);
  if (flush) decoder.flush();
  return result;
}

/** Every way to cut `text` into two or three pieces, at code point boundaries. */
function splits(text: string): string[][] {
  const points = Array.from(text);
  const cut = (from: number, to: number) => points.slice(from, to).join("");
  const out: string[][] = [[text]];
  for (let i = 1; i < points.length; i++) {
    out.push([cut(0, i), cut(i, points.length)]);
    for (let j = i + 1; j < points.length; j++) out.push([cut(0, i), cut(i, j), cut(j, points.length)]);
  }
  return out;
}

const ANSWER = "Hi 👋 学习 <b> done.";
const gateway = (message: string) => JSON.stringify({ message, connectionId: "c1", requestId: "r1" });

describe("frame decoder: text mode", () => {
  it.each([
    ["<EOS> as a frame of its own", ["Hello", " world", "<EOS>"], "Hello world"],
    ["<EOS> appended to the last chunk", ["Hello", " world.<EOS>"], "Hello world."],
    ["<EOS> split across two frames", ["Hello<E", "OS>"], "Hello"],
    ["<EOS> split into single characters", ["Hi", "<", "E", "O", "S", ">"], "Hi"],
    ["text that only looks like a marker start", ["a <", "b", "<EOS>"], "a <b"],
    ["an empty frame in the middle", ["a", "", "b<EOS>"], "ab"],
    ["a model answer that is JSON itself", ['{"a": 1}', "<EOS>"], '{"a": 1}'],
    ["JSON with a message but no gateway ids", ['{"message":"hi"}', "<EOS>"], '{"message":"hi"}'],
    ["a broken JSON object", ['{"response": ', "<EOS>"], '{"response": '],
  ])("%s", (_name, frames, expected) => {
    const result = decode(frames);
    expect(result.text).toBe(expected);
    expect(result.ends).toBe(1);
    expect(result.errors).toEqual([]);
  });

  it("yields exactly the text sent, and one end, however the stream is cut", () => {
    for (const pieces of splits(`${ANSWER}<EOS>`)) {
      const result = decode(pieces);
      expect({ pieces, text: result.text, ends: result.ends }).toEqual({ pieces, text: ANSWER, ends: 1 });
    }
  });

  it("decodes UTF-8 split at every byte when frames are binary", () => {
    const bytes = new TextEncoder().encode(`${ANSWER}<EOS>`);
    for (let i = 1; i < bytes.length; i++) {
      const result = decode([bytes.slice(0, i), bytes.slice(i)]);
      expect(result.text).toBe(ANSWER);
      expect(result.ends).toBe(1);
    }
  });

  it("ignores frames after <EOS>", () => {
    const result = decode(["done<EOS>", "late text", "<EOS>"]);
    expect(result.text).toBe("done");
    expect(result.ends).toBe(1);
  });

  it("hands over held-back text on flush when the socket drops without <EOS>", () => {
    const result = decode(["partial answer <E"], { flush: true });
    expect(result.text).toBe("partial answer <E");
    expect(result.ends).toBe(0);
  });

  it("never reports an end for a stream without <EOS>", () => {
    const result = decode(["a", "b"], { flush: true });
    expect(result.ends).toBe(0);
    expect(result.text).toBe("ab");
  });
});

describe("frame decoder: JSON mode", () => {
  it("reads {response} frames and the final metadata before the end", () => {
    const result = decode([
      JSON.stringify({ response: "Hel" }),
      JSON.stringify({ response: "lo 世界" }),
      JSON.stringify({ response: "<EOS>", metadata: { sources: [{ source_name: "syllabus.pdf" }] } }),
    ]);
    expect(result.text).toBe("Hello 世界");
    expect(result.metadata).toEqual([{ sources: [{ source_name: "syllabus.pdf" }] }]);
    expect(result.order.slice(-2)).toEqual(["metadata", "end"]);
    expect(result.ends).toBe(1);
  });

  it("strips <EOS> appended inside a JSON frame", () => {
    expect(decode([JSON.stringify({ response: "last words<EOS>" })]).text).toBe("last words");
  });

  it("keeps an answer that mentions <EOS> whole in JSON mode, ending only at the end frame", () => {
    const frames = [
      { response: "CreateAI marks the end with " },
      { response: "<EOS> in text mode, " },
      { response: "so <EOS> inside a sentence is just text." },
      { response: "<EOS>" },
    ].map((frame) => JSON.stringify(frame));
    const result = decode(frames);
    expect(result.text).toBe("CreateAI marks the end with <EOS> in text mode, so <EOS> inside a sentence is just text.");
    expect(result.ends).toBe(1);
  });

  it.each([
    [{ error: "Rate limit exceeded for project", error_type: "RateLimit" }, "rate_limited"],
    [{ error: "Unauthorized", error_type: "auth" }, "upstream_unauthorized"],
    [{ error: "model exploded", error_type: "InternalError" }, "upstream_error"],
    [{ error: { detail: "nested" } }, "upstream_error"],
  ] as const)("maps the error frame %j to %s", (frame, code) => {
    const result = decode(["some text ", JSON.stringify(frame), "more<EOS>"]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.code).toBe(code);
    expect(result.text).toBe("some text ");
    expect(result.ends).toBe(0);
  });

  // Codes come from `error_type` alone, through a table of known values: the words of `error`
  // never decide, so an unrelated message that mentions "timeout" stays a plain upstream error.
  it.each([
    ["a validation error that mentions a timeout", { error: "Your session timeout preference was saved", error_type: "validation" }, "upstream_error"],
    ["a validation error that mentions exceeding", { error: "You have exceeded the maximum query length", error_type: "ValidationException" }, "upstream_error"],
    ["a model error that mentions permission", { error: "The model is not allowed to call tools", error_type: "model_error" }, "upstream_error"],
    ["rate-limit words with no error_type", { error: "Rate limit exceeded for project" }, "upstream_error"],
    ["auth words with no error_type", { error: "Unauthorized" }, "upstream_error"],
    ["timeout words with no error_type", { error: "Request timed out" }, "upstream_error"],
    ["an error_type that only contains a known word", { error: "x", error_type: "timeout_preference_invalid" }, "upstream_error"],
    ["an error_type that is not a string", { error: "x", error_type: 429 }, "upstream_error"],
    ["error_type rate_limit_exceeded", { error: "Slow down", error_type: "rate_limit_exceeded" }, "rate_limited"],
    ["error_type RateLimitError", { error: "Slow down", error_type: "RateLimitError" }, "rate_limited"],
    ["error_type ThrottlingException", { error: "Slow down", error_type: "ThrottlingException" }, "rate_limited"],
    ["error_type throttling", { error: "Slow down", error_type: "throttling" }, "rate_limited"],
    ["error_type TOO_MANY_REQUESTS", { error: "Slow down", error_type: "TOO_MANY_REQUESTS" }, "rate_limited"],
    ["error_type AccessDeniedException", { error: "No", error_type: "AccessDeniedException" }, "upstream_unauthorized"],
    ["error_type permission_denied", { error: "No", error_type: "permission_denied" }, "upstream_unauthorized"],
    ["error_type Forbidden", { error: "No", error_type: "Forbidden" }, "upstream_unauthorized"],
    ["error_type authentication_error", { error: "No", error_type: "authentication_error" }, "upstream_unauthorized"],
    ["error_type timeout", { error: "Took too long", error_type: "timeout" }, "upstream_timeout"],
    ["error_type ModelTimeoutException", { error: "Took too long", error_type: "ModelTimeoutException" }, "upstream_timeout"],
  ] as const)("classifies %s by structure", (_name, frame, code) => {
    const result = decode([JSON.stringify(frame)]);
    expect(result.errors.map((error) => error.code)).toEqual([code]);
  });

  it("keeps what upstream said, type and text, as the detail for the log", () => {
    const result = decode([JSON.stringify({ error: "Your session timeout preference was saved", error_type: "validation" })]);
    expect(result.errors).toEqual([{ code: "upstream_error", detail: "validation: Your session timeout preference was saved" }]);
  });

  it("keeps held-back text when an error frame arrives", () => {
    const result = decode(["answer <EO", JSON.stringify({ error: "boom" })]);
    expect(result.text).toBe("answer <EO");
    expect(result.order).toEqual(["text", "text", "error"]);
  });
});

describe("frame decoder: gateway frames", () => {
  it("treats the 29 s timeout notice as a notice and keeps streaming after it", () => {
    const result = decode(["Part one. ", gateway("Endpoint request timed out"), "Part two.", "<EOS>"]);
    expect(result.text).toBe("Part one. Part two.");
    expect(result.gatewayTimeouts).toBe(1);
    expect(result.ends).toBe(1);
    expect(result.errors).toEqual([]);
  });

  it("reports Internal server error as an upstream error", () => {
    const result = decode(["x", gateway("Internal server error")]);
    expect(result.errors).toEqual([{ code: "upstream_error", detail: "Internal server error" }]);
  });

  it("reports a Forbidden gateway frame as unauthorized", () => {
    expect(decode([gateway("Forbidden")]).errors[0]?.code).toBe("upstream_unauthorized");
  });

  // AWS API Gateway speaks a handful of fixed messages; only those, word for word, carry meaning.
  it.each([
    ["Internal server error", "upstream_error"],
    ["Forbidden", "upstream_unauthorized"],
    ["Unauthorized", "upstream_unauthorized"],
    ["Limit Exceeded", "rate_limited"],
    ["Too Many Requests", "rate_limited"],
    ["Request exceeded the allowed size", "upstream_error"],
    ["Access not allowed for this route", "upstream_error"],
    ["The request timed out while saving your timeout preference", "upstream_error"],
  ] as const)("maps the gateway message %j to %s", (message, code) => {
    const result = decode(["x", gateway(message)]);
    expect(result.errors).toEqual([{ code, detail: message }]);
    expect(result.gatewayTimeouts).toBe(0);
  });

  it("yields the exact text whatever the cut when a timeout notice sits anywhere between chunks", () => {
    const notice = gateway("Endpoint request timed out");
    for (const pieces of splits(`${ANSWER}<EOS>`)) {
      for (let at = 0; at <= pieces.length; at++) {
        const frames = [...pieces.slice(0, at), notice, ...pieces.slice(at)];
        const result = decode(frames);
        expect(result.text).toBe(ANSWER);
        expect(result.ends).toBe(1);
      }
    }
  });
});
