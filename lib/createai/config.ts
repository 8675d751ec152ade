/**
 * CreateAI configuration, read from the server's environment only and validated once per
 * environment snapshot. With no token the app talks to the local stand-in; in production
 * (NODE_ENV=production) only when CREATE_AI_STANDIN=true says so, so that a server whose token
 * was forgotten refuses to answer instead of serving the stand-in's made-up answers.
 */
import { z } from "zod";
import { booleanFromEnv, ConfigError, optionalStringFromEnv as optionalString, positiveIntFromEnv, readEnv, type EnvSource } from "../env-schema";

/** Port of the local stand-in when no CREATE_AI_WS_URL is given. */
export const DEFAULT_STANDIN_PORT = 8787;
/** The token the app presents to its own local stand-in; it guards nothing real. */
export const LOCAL_STANDIN_TOKEN = "local-standin-token";

const webSocketUrl = optionalString.refine((value) => value === undefined || /^wss?:\/\//.test(value), {
  message: "must start with ws:// or wss://",
});
const httpUrl = optionalString.refine((value) => value === undefined || /^https?:\/\//.test(value), {
  message: "must start with http:// or https://",
});

const environmentSchema = z.object({
  CREATE_AI_API_TOKEN: optionalString,
  CREATE_AI_PROJECT_ID: optionalString,
  CREATE_AI_ENV: z
    .enum(["prod", "beta", "poc", ""], { message: "must be prod, beta or poc" })
    .optional()
    .transform((value) => (value ? value : "prod")),
  CREATE_AI_API_NAME: optionalString.refine((value) => value === undefined || /^[a-z0-9-]+$/i.test(value), {
    message: "must be letters, digits or dashes",
  }),
  CREATE_AI_WS_URL: webSocketUrl,
  CREATE_AI_REST_URL: httpUrl,
  CREATE_AI_MODEL_PROVIDER: optionalString,
  CREATE_AI_MODEL_NAME: optionalString,
  CREATE_AI_CONNECT_TIMEOUT_MS: positiveIntFromEnv(10_000, "milliseconds"),
  CREATE_AI_IDLE_TIMEOUT_MS: positiveIntFromEnv(60_000, "milliseconds"),
  CREATE_AI_MAX_STREAM_MS: positiveIntFromEnv(300_000, "milliseconds"),
  CREATE_AI_REST_FALLBACK: booleanFromEnv,
  CREATE_AI_STANDIN_PORT: positiveIntFromEnv(DEFAULT_STANDIN_PORT),
  /** Production only: true = answer from the local stand-in although there is no token. */
  CREATE_AI_STANDIN: booleanFromEnv,
  /** Production only: true = the built-in stand-in honours `/fault` and `/bench` (see start-for-next). */
  CREATE_AI_STANDIN_COMMANDS: booleanFromEnv,
  NODE_ENV: optionalString,
});

/** The variables this configuration reads. */
export const CREATE_AI_VARIABLES: readonly string[] = Object.keys(environmentSchema.shape);

/** Everything the upstream side needs, resolved from the environment. */
export interface CreateAIConfig {
  upstream: "createai" | "local";
  /** WebSocket base URL without the token. */
  wsBaseUrl: string;
  restBaseUrl: string;
  token: string;
  projectId: string;
  model: { provider: string; name: string };
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  /** Longest an answer may stream in all; a runaway answer ends as upstream_timeout. */
  maxStreamMs: number;
  restFallback: boolean;
}

export { ConfigError };

/**
 * Production without a token, and without CREATE_AI_STANDIN=true: the configuration refuses to
 * resolve to the stand-in. The message names the variables; the route answers it as 500 `internal`.
 */
export class StandinNotAllowedError extends ConfigError {
  constructor(missing: readonly string[]) {
    super(
      `${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set, so answers would come from the local ` +
        "CreateAI stand-in (made-up answers), which a production server (NODE_ENV=production) does not serve unless asked. " +
        "Set CREATE_AI_API_TOKEN and CREATE_AI_PROJECT_ID to answer from CreateAI, " +
        "or set CREATE_AI_STANDIN=true to serve the local stand-in on purpose.",
    );
    this.name = "StandinNotAllowedError";
  }
}

function hostSuffix(env: "prod" | "beta" | "poc"): string {
  return env === "prod" ? "" : `-${env}`;
}

/**
 * Reads the configuration from `env` (default `process.env`).
 * Throws a ConfigError naming the variable at fault; it never includes a variable's value.
 */
export function loadCreateAIConfig(env: EnvSource = process.env): CreateAIConfig {
  const vars = readEnv(environmentSchema, env, "Invalid CreateAI configuration");
  const model = {
    provider: vars.CREATE_AI_MODEL_PROVIDER ?? "aws",
    name: vars.CREATE_AI_MODEL_NAME ?? "claude4_5_sonnet",
  };
  const timeouts = {
    connectTimeoutMs: vars.CREATE_AI_CONNECT_TIMEOUT_MS,
    idleTimeoutMs: vars.CREATE_AI_IDLE_TIMEOUT_MS,
    maxStreamMs: vars.CREATE_AI_MAX_STREAM_MS,
  };

  if (vars.CREATE_AI_API_TOKEN === undefined) {
    if (vars.NODE_ENV === "production" && !vars.CREATE_AI_STANDIN) {
      throw new StandinNotAllowedError(
        vars.CREATE_AI_PROJECT_ID === undefined ? ["CREATE_AI_API_TOKEN", "CREATE_AI_PROJECT_ID"] : ["CREATE_AI_API_TOKEN"],
      );
    }
    return {
      upstream: "local",
      wsBaseUrl: vars.CREATE_AI_WS_URL ?? `ws://127.0.0.1:${vars.CREATE_AI_STANDIN_PORT}/`,
      restBaseUrl: vars.CREATE_AI_REST_URL ?? `http://127.0.0.1:${vars.CREATE_AI_STANDIN_PORT}/`,
      token: LOCAL_STANDIN_TOKEN,
      projectId: vars.CREATE_AI_PROJECT_ID ?? "local-project",
      model,
      ...timeouts,
      restFallback: false,
    };
  }

  if (vars.CREATE_AI_PROJECT_ID === undefined) {
    throw new ConfigError(
      "Invalid CreateAI configuration: CREATE_AI_PROJECT_ID is required when CREATE_AI_API_TOKEN is set",
    );
  }
  const apiName = vars.CREATE_AI_API_NAME ?? "main";
  const suffix = hostSuffix(vars.CREATE_AI_ENV);
  return {
    upstream: "createai",
    wsBaseUrl: vars.CREATE_AI_WS_URL ?? `wss://apiws-${apiName}${suffix}.aiml.asu.edu/`,
    restBaseUrl: vars.CREATE_AI_REST_URL ?? `https://api-${apiName}${suffix}.aiml.asu.edu/`,
    token: vars.CREATE_AI_API_TOKEN,
    projectId: vars.CREATE_AI_PROJECT_ID,
    model,
    ...timeouts,
    restFallback: vars.CREATE_AI_REST_FALLBACK,
  };
}

/**
 * How the built-in stand-in may run, from the same variables: `production` is NODE_ENV=production;
 * `commands` (the stand-in honours `/fault` and `/bench`) is always true outside production and
 * needs CREATE_AI_STANDIN_COMMANDS=true in it. Throws a ConfigError like {@link loadCreateAIConfig}.
 */
export function readStandinSwitches(env: EnvSource = process.env): { production: boolean; commands: boolean } {
  const vars = readEnv(environmentSchema, env, "Invalid CreateAI configuration");
  const production = vars.NODE_ENV === "production";
  return { production, commands: !production || vars.CREATE_AI_STANDIN_COMMANDS };
}

/** The socket URL with the token as `access_token`, CreateAI's only way to take it. Never log it. */
export function buildWebSocketUrl(config: Pick<CreateAIConfig, "wsBaseUrl" | "token">): string {
  const url = new URL(config.wsBaseUrl);
  url.searchParams.set("access_token", config.token);
  return url.toString();
}
