/**
 * The provider's settings: the same environment variables as the route (`CREATE_AI_*`), each
 * overridable in code, read again at every call so a provider made at import time never holds a
 * stale or half-configured environment. Model ids: `"claude4_5_sonnet"` or `"openai/gpt4o"`.
 */
import { LoadAPIKeyError, LoadSettingError } from "@ai-sdk/provider";
import { ConfigError, loadCreateAIConfig, StandinNotAllowedError, type CreateAIConfig } from "../createai/config";
import type { Logger } from "../chat-stream/logger";
import type { SocketFactory } from "../createai/socket";
import type { EnvSource } from "../env-schema";

/** Settings of `createCreateAI`; every one is optional. */
export interface CreateAIProviderSettings {
  /** CreateAI token (`CREATE_AI_API_TOKEN`). Neither set: the local stand-in answers, as for the route. */
  apiToken?: string;
  /** Sent as `project_id` (`CREATE_AI_PROJECT_ID`). */
  projectId?: string;
  /** `prod`, `beta` or `poc` (`CREATE_AI_ENV`). */
  environment?: "prod" | "beta" | "poc";
  /** The `{api}` part of CreateAI's hosts (`CREATE_AI_API_NAME`). */
  apiName?: string;
  /** Full WebSocket base URL (`CREATE_AI_WS_URL`); the token is still appended as `access_token`. */
  wsUrl?: string;
  /** Full REST base URL (`CREATE_AI_REST_URL`), for the REST fallback. */
  restUrl?: string;
  /** Provider of model ids without one, e.g. `"openai"` for `createai("gpt4o")` (`CREATE_AI_MODEL_PROVIDER`, else `aws`). */
  modelProvider?: string;
  /** A system prompt for every call, before the call's own system messages. */
  systemPrompt?: string;
  /** Where the variables come from; default `process.env`. */
  env?: EnvSource;
  /** A configuration already resolved (tests, special setups); the connection settings above are then ignored. */
  config?: CreateAIConfig;
  /** Opens the upstream socket; default: this runtime's WebSocket (`ws` on Node 20). */
  createSocket?: SocketFactory;
  /** For the REST fallback (`CREATE_AI_REST_FALLBACK`); default the global `fetch`. */
  fetch?: typeof fetch;
  /** Receives upstream notices and failures; default one JSON line per record on the console. */
  logger?: Logger;
  /** Ids of answers and of new CreateAI sessions; default `crypto.randomUUID`. */
  generateId?: () => string;
}

/** A CreateAI model: who serves it and its name there. */
export interface CreateAIModelRef {
  provider: string;
  name: string;
}

const VARIABLE_BY_SETTING = {
  apiToken: "CREATE_AI_API_TOKEN",
  projectId: "CREATE_AI_PROJECT_ID",
  environment: "CREATE_AI_ENV",
  apiName: "CREATE_AI_API_NAME",
  wsUrl: "CREATE_AI_WS_URL",
  restUrl: "CREATE_AI_REST_URL",
} as const satisfies Partial<Record<keyof CreateAIProviderSettings, string>>;

/**
 * The configuration for one call. Throws the AI SDK's `LoadAPIKeyError` when production has no
 * token (and no CREATE_AI_STANDIN=true), `LoadSettingError` for any other bad setting; the
 * messages name the variables, never their values.
 */
export function resolveCreateAIConfig(settings: CreateAIProviderSettings): CreateAIConfig {
  if (settings.config) return settings.config;
  const env: EnvSource = { ...(settings.env ?? process.env) };
  for (const [setting, variable] of Object.entries(VARIABLE_BY_SETTING)) {
    const value = settings[setting as keyof typeof VARIABLE_BY_SETTING];
    if (value !== undefined) env[variable] = value;
  }
  try {
    return loadCreateAIConfig(env);
  } catch (error) {
    if (error instanceof StandinNotAllowedError) throw new LoadAPIKeyError({ message: error.message });
    if (error instanceof ConfigError) throw new LoadSettingError({ message: `${error.message} (or the matching createCreateAI setting)` });
    throw error;
  }
}

/**
 * `"openai/gpt4o"` names both; a bare `"claude4_5_sonnet"` takes the provider from the settings,
 * else from CREATE_AI_MODEL_PROVIDER, else `aws`.
 */
export function resolveModelRef(modelId: string, defaultProvider: string): CreateAIModelRef {
  const slash = modelId.indexOf("/");
  if (slash <= 0 || slash === modelId.length - 1) return { provider: defaultProvider, name: modelId };
  return { provider: modelId.slice(0, slash), name: modelId.slice(slash + 1) };
}
