/**
 * A CreateAI provider for the AI SDK, on the same connection code as `/api/ws-chat`:
 * `streamText({ model: createai("claude4_5_sonnet"), prompt })`.
 */
export { createai, createCreateAI, type CreateAIModelId, type CreateAIProvider } from "./provider";
export type { CreateAIProviderSettings } from "./settings";
export type { CreateAIProviderOptions } from "./call-options";
export type { CreateAIProviderMetadata } from "./stream-parts";
export { createAIErrorData, type CreateAIErrorData } from "./errors";
export { CREATEAI_PROVIDER_ID, CreateAILanguageModel } from "./language-model";
