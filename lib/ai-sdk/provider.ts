/**
 * The CreateAI provider for the AI SDK: `createai("claude4_5_sonnet")` or
 * `createai("openai/gpt4o")` is a `LanguageModelV3` for `streamText` and `generateText`.
 * CreateAI serves chat models only; asking for another kind of model is `NoSuchModelError`.
 */
import { NoSuchModelError, type LanguageModelV3, type ProviderV3 } from "@ai-sdk/provider";
import { CreateAILanguageModel } from "./language-model";
import type { CreateAIProviderSettings } from "./settings";

/** CreateAI's model names (a project may be allowed fewer), with or without `provider/`; any other string is passed on as is. */
export type CreateAIModelId =
  | "claude4_5_sonnet"
  | "claude4_5_haiku"
  | "claude4_sonnet"
  | "nova-pro"
  | "nova-lite"
  | "openai/gpt5"
  | "openai/gpt5_mini"
  | "openai/gpt4_1"
  | "openai/gpt4o"
  | "openai/gpt4o_mini"
  | "gcp-deepmind/gemini2_5_pro"
  | "gcp-deepmind/gemini2_5_flash"
  | (string & {});

export interface CreateAIProvider extends ProviderV3 {
  (modelId: CreateAIModelId): LanguageModelV3;
  languageModel(modelId: CreateAIModelId): LanguageModelV3;
}

export function createCreateAI(settings: CreateAIProviderSettings = {}): CreateAIProvider {
  const languageModel = (modelId: CreateAIModelId): LanguageModelV3 => new CreateAILanguageModel(modelId, settings);
  const noSuchModel = (modelType: NoSuchModelError["modelType"]) => (modelId: string): never => {
    throw new NoSuchModelError({ modelId, modelType, message: `CreateAI serves chat models only; there is no ${modelType} "${modelId}".` });
  };
  return Object.assign(languageModel, {
    specificationVersion: "v3" as const,
    languageModel,
    embeddingModel: noSuchModel("embeddingModel"),
    imageModel: noSuchModel("imageModel"),
  });
}

/** The provider with every setting from the environment (`CREATE_AI_*`), read at each call. */
export const createai: CreateAIProvider = createCreateAI();
