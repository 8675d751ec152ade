/**
 * Models CreateAI offers, by provider, in CreateAI's own naming (`model_provider`,
 * `model_name`). A copy for the demo's picker, not fetched at run time: a project may have
 * access to fewer, and CreateAI refuses a model the project cannot use.
 */
export interface ModelProviderChoice {
  provider: string;
  label: string;
  models: readonly { name: string; label: string }[];
}

export const CREATEAI_MODELS: readonly ModelProviderChoice[] = [
  {
    provider: "aws",
    label: "AWS Bedrock",
    models: [
      { name: "claude4_5_sonnet", label: "Claude Sonnet 4.5" },
      { name: "claude4_5_haiku", label: "Claude Haiku 4.5" },
      { name: "claude4_sonnet", label: "Claude Sonnet 4" },
      { name: "claude3_7_sonnet", label: "Claude 3.7 Sonnet" },
      { name: "nova-pro", label: "Amazon Nova Pro" },
      { name: "nova-lite", label: "Amazon Nova Lite" },
    ],
  },
  {
    provider: "openai",
    label: "OpenAI",
    models: [
      { name: "gpt5", label: "GPT-5" },
      { name: "gpt5_mini", label: "GPT-5 mini" },
      { name: "gpt4_1", label: "GPT-4.1" },
      { name: "gpt4o", label: "GPT-4o" },
      { name: "gpt4o_mini", label: "GPT-4o mini" },
    ],
  },
  {
    provider: "gcp-deepmind",
    label: "Google",
    models: [
      { name: "gemini2_5_pro", label: "Gemini 2.5 Pro" },
      { name: "gemini2_5_flash", label: "Gemini 2.5 Flash" },
    ],
  },
];

export function modelsOf(provider: string): ModelProviderChoice["models"] {
  return CREATEAI_MODELS.find((choice) => choice.provider === provider)?.models ?? [];
}
