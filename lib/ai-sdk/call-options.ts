/**
 * The AI SDK's call settings as CreateAI takes them: temperature (0 to 0.99) and this provider's
 * own options under `providerOptions.createai`. Every other setting is reported as a warning and
 * left out, never refused: a call written for another provider still gets an answer.
 */
import type { LanguageModelV3CallOptions, SharedV3Warning } from "@ai-sdk/provider";
import { parseProviderOptions } from "@ai-sdk/provider-utils";
import { z } from "zod";

/** The key of this provider's options: `providerOptions: { createai: { … } }`. */
export const PROVIDER_OPTIONS_KEY = "createai";

/** `providerOptions.createai`. */
export const createAIProviderOptionsSchema = z.object({
  /**
   * The CreateAI session to continue; default: a new random one per call, so two conversations
   * never share CreateAI's memory. The history in the prompt is what carries a conversation.
   */
  sessionId: z.string().min(1).max(200).optional(),
  /** Search the project's documents (CreateAI's RAG); the sources come back in the provider metadata. */
  enableSearch: z.boolean().optional(),
});

export type CreateAIProviderOptions = z.infer<typeof createAIProviderOptionsSchema>;

/** CreateAI's temperature range. */
export const MAX_TEMPERATURE = 0.99;

export interface CheckedCallOptions {
  temperature: number | undefined;
  providerOptions: CreateAIProviderOptions;
  warnings: SharedV3Warning[];
}

// Settings CreateAI's query takes no equivalent of, with how to tell that a call set one.
const UNSUPPORTED: ReadonlyArray<[feature: string, isSet: (options: LanguageModelV3CallOptions) => boolean]> = [
  ["maxOutputTokens", (options) => options.maxOutputTokens !== undefined],
  ["stopSequences", (options) => (options.stopSequences?.length ?? 0) > 0],
  ["topP", (options) => options.topP !== undefined],
  ["topK", (options) => options.topK !== undefined],
  ["presencePenalty", (options) => options.presencePenalty !== undefined],
  ["frequencyPenalty", (options) => options.frequencyPenalty !== undefined],
  ["seed", (options) => options.seed !== undefined],
  ["responseFormat", (options) => options.responseFormat?.type === "json"],
  ["tools", (options) => (options.tools?.length ?? 0) > 0],
  ["toolChoice", (options) => options.toolChoice !== undefined && options.toolChoice.type !== "auto" && options.toolChoice.type !== "none"],
  ["includeRawChunks", (options) => options.includeRawChunks === true],
  // The AI SDK always adds its user-agent; a socket opened the browser way cannot carry headers at all.
  ["headers", (options) => Object.entries(options.headers ?? {}).some(([name, value]) => value !== undefined && name.toLowerCase() !== "user-agent")],
];

const DETAILS: Readonly<Record<string, string>> = {
  responseFormat: "CreateAI answers in text; ask for JSON in the prompt instead.",
  headers: "CreateAI is reached over a WebSocket, which carries no request headers.",
};

/** Throws the AI SDK's `InvalidArgumentError` (through `parseProviderOptions`) for malformed provider options only. */
export async function checkCallOptions(options: LanguageModelV3CallOptions): Promise<CheckedCallOptions> {
  const warnings: SharedV3Warning[] = UNSUPPORTED.filter(([, isSet]) => isSet(options)).map(([feature]) => ({
    type: "unsupported",
    feature,
    details: DETAILS[feature] ?? "CreateAI has no such setting; it was left out.",
  }));

  let temperature = options.temperature;
  if (temperature !== undefined && (temperature < 0 || temperature > MAX_TEMPERATURE)) {
    const sent = Math.min(Math.max(temperature, 0), MAX_TEMPERATURE);
    warnings.push({ type: "compatibility", feature: "temperature", details: `CreateAI takes 0 to ${MAX_TEMPERATURE}; ${temperature} was sent as ${sent}.` });
    temperature = sent;
  }

  const providerOptions =
    (await parseProviderOptions({ provider: PROVIDER_OPTIONS_KEY, providerOptions: options.providerOptions, schema: createAIProviderOptionsSchema })) ?? {};
  return { temperature, providerOptions, warnings };
}
