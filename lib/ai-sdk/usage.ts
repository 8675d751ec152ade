/**
 * Token usage from the metadata CreateAI closes a JSON-mode answer with. No public document
 * shows its shape; CreateAI passes its model vendors' records through, so the usual spellings
 * are read (`input_tokens`, `prompt_tokens`, `inputTokens`…) under `usage` or
 * `model_details.usage`. Read tolerantly: anything missing or malformed is `undefined`, never an
 * error. Pure: no I/O.
 */
import type { JSONObject, LanguageModelV3Usage } from "@ai-sdk/provider";

const INPUT_KEYS = ["input_tokens", "prompt_tokens", "inputTokens", "promptTokens"];
const OUTPUT_KEYS = ["output_tokens", "completion_tokens", "outputTokens", "completionTokens"];
const CACHE_READ_KEYS = ["cache_read_input_tokens", "cacheReadInputTokens", "cacheReadInputTokenCount"];
const CACHE_WRITE_KEYS = ["cache_creation_input_tokens", "cacheWriteInputTokens", "cacheWriteInputTokenCount"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function tokenCount(record: Record<string, unknown>, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
  }
  return undefined;
}

/** The usage record in `metadata`, if it has one. */
function findUsageRecord(metadata: unknown): Record<string, unknown> | undefined {
  if (!isRecord(metadata)) return undefined;
  if (isRecord(metadata.usage)) return metadata.usage;
  const details = metadata.model_details;
  if (isRecord(details) && isRecord(details.usage)) return details.usage;
  return undefined;
}

/** Usage with every count unknown: what a finish reports when CreateAI told nothing. */
export const UNKNOWN_USAGE: LanguageModelV3Usage = {
  inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: undefined, text: undefined, reasoning: undefined },
};

export function usageFromMetadata(metadata: unknown): LanguageModelV3Usage {
  const record = findUsageRecord(metadata);
  if (record === undefined) return UNKNOWN_USAGE;
  const input = tokenCount(record, INPUT_KEYS);
  const output = tokenCount(record, OUTPUT_KEYS);
  const cacheRead = tokenCount(record, CACHE_READ_KEYS);
  const cacheWrite = tokenCount(record, CACHE_WRITE_KEYS);
  return {
    inputTokens: {
      total: input,
      // Vendors disagree on whether the input count includes cached tokens: only a record without cache figures says.
      noCache: cacheRead === undefined && cacheWrite === undefined ? input : undefined,
      cacheRead,
      cacheWrite,
    },
    outputTokens: { total: output, text: output, reasoning: undefined },
    // It came from JSON.parse, so it is JSON.
    raw: record as JSONObject,
  };
}
