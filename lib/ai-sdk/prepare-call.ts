/**
 * Everything one call needs before a socket opens: the configuration, the CreateAI query (built
 * by the route's own rules), the warnings, and what the run talks to. Problems the caller can fix
 * are thrown here, before any upstream connection: a bad setting, a prompt without a question,
 * a query over CreateAI's 128 KB message limit.
 */
import type { LanguageModelV3CallOptions, SharedV3Warning } from "@ai-sdk/provider";
import { consoleLogger } from "../chat-stream/logger";
import { resolveCreateAIQuery } from "../chat-stream/resolve-query";
import type { ChatRunDeps } from "../chat-stream/run-chat";
import { buildCreateAIPayload, splitConversation, type CreateAIPayload, type CreateAIQuery } from "../createai/payload";
import { defaultSocketFactory, systemClock } from "../createai/socket";
import { checkCallOptions } from "./call-options";
import { createAIAPICallError } from "./errors";
import { mapPromptToMessages } from "./prompt-mapping";
import { resolveCreateAIConfig, resolveModelRef, type CreateAIProviderSettings } from "./settings";

export interface PreparedCall {
  query: CreateAIQuery;
  /** What goes on the socket; reported to the AI SDK as the request body. */
  payload: CreateAIPayload;
  warnings: SharedV3Warning[];
  deps: ChatRunDeps;
}

export async function prepareCall(modelId: string, settings: CreateAIProviderSettings, options: LanguageModelV3CallOptions): Promise<PreparedCall> {
  const prompt = mapPromptToMessages(options.prompt);
  const call = await checkCallOptions(options);
  const config = resolveCreateAIConfig(settings);
  const newId = settings.generateId ?? (() => crypto.randomUUID());
  const query = resolveCreateAIQuery(
    {
      messages: prompt.messages,
      systemPrompt: settings.systemPrompt,
      temperature: call.temperature,
      model: resolveModelRef(modelId, settings.modelProvider ?? config.model.provider),
      enableSearch: call.providerOptions.enableSearch,
      sessionId: call.providerOptions.sessionId,
    },
    config,
    newId,
  );
  const warnings = [...prompt.warnings, ...call.warnings];
  const earlierTurns = splitConversation(prompt.messages).history.length;
  if (query.history.length < earlierTurns) {
    // Trimmed, not refused, as the route does: a long conversation must never become unanswerable.
    warnings.push({ type: "other", message: `CreateAI got the latest ${query.history.length} of ${earlierTurns} earlier turns; older ones were left out to stay within its message limit.` });
  }
  const payload = buildCreateAIPayload(query);
  const deps: ChatRunDeps = {
    config,
    createSocket: settings.createSocket ?? (await defaultSocketFactory()),
    fetch: settings.fetch ?? ((input, init) => fetch(input, init)),
    clock: systemClock,
    newId,
    logger: settings.logger ?? consoleLogger,
  };
  return { query, payload, warnings, deps };
}
