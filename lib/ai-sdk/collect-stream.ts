/**
 * `doGenerate` as a reading of `doStream`'s parts to the end: the text, the sources, the finish,
 * the usage and the response's id. An `error` part makes the whole call fail with that error: a
 * truncated answer is never returned as if it were whole.
 */
import type { LanguageModelV3Content, LanguageModelV3GenerateResult, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { UNKNOWN_USAGE } from "./usage";

export async function collectGenerateResult(stream: ReadableStream<LanguageModelV3StreamPart>): Promise<Omit<LanguageModelV3GenerateResult, "request">> {
  const result: Omit<LanguageModelV3GenerateResult, "request" | "content"> = {
    finishReason: { unified: "other", raw: undefined },
    usage: UNKNOWN_USAGE,
    warnings: [],
  };
  let text = "";
  const sources: LanguageModelV3Content[] = [];
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value: part } = await reader.read();
      if (done) break;
      switch (part.type) {
        case "stream-start":
          result.warnings = part.warnings;
          break;
        case "response-metadata":
          result.response = { id: part.id, modelId: part.modelId, timestamp: part.timestamp };
          break;
        case "text-delta":
          text += part.delta;
          break;
        case "source":
          sources.push(part);
          break;
        case "error":
          throw part.error;
        case "finish":
          result.finishReason = part.finishReason;
          result.usage = part.usage;
          result.providerMetadata = part.providerMetadata;
          break;
      }
    }
  } finally {
    reader.releaseLock();
  }
  const content: LanguageModelV3Content[] = text === "" ? sources : [{ type: "text", text }, ...sources];
  return { ...result, content };
}
