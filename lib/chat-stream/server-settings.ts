/**
 * The route's own limits and policies (`WS_CHAT_*`), read from the server's environment and
 * validated; every refusal quotes the limit it applied.
 */
import { z } from "zod";
import { parseAllowedModels, type ModelRef } from "./guards/model-policy";
import { booleanFromEnv, optionalStringFromEnv, positiveIntFromEnv as positiveInt, readEnv, type EnvSource } from "../env-schema";

const rateLimit = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const text = value?.trim() || "100/60";
    const match = /^(\d+)\s*\/\s*(\d+)$/.exec(text);
    const requests = Number(match?.[1]);
    const seconds = Number(match?.[2]);
    if (!match || requests <= 0 || seconds <= 0) {
      ctx.addIssue({ code: "custom", message: 'must look like "<requests>/<seconds>", e.g. "100/60"' });
      return z.NEVER;
    }
    return { requests, windowMs: seconds * 1000 };
  });

const settingsSchema = z.object({
  WS_CHAT_RATE_LIMIT: rateLimit,
  WS_CHAT_TRUST_PROXY: booleanFromEnv,
  WS_CHAT_MAX_STREAMS_PER_CLIENT: positiveInt(3, "streams"),
  WS_CHAT_MAX_STREAMS: positiveInt(1000, "streams"),
  WS_CHAT_ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? "")
        .split(",")
        .map((origin) => origin.trim().replace(/\/+$/, ""))
        .filter(Boolean),
    ),
  WS_CHAT_MAX_BODY_BYTES: positiveInt(1024 * 1024, "bytes"),
  WS_CHAT_BODY_TIMEOUT_MS: positiveInt(10_000, "milliseconds"),
  WS_CHAT_MAX_MESSAGES: positiveInt(1000, "messages"),
  WS_CHAT_MAX_MESSAGE_CHARS: positiveInt(32_000, "characters"),
  WS_CHAT_DEDUP_MS: positiveInt(5_000, "milliseconds"),
  WS_CHAT_METRICS_TOKEN: optionalStringFromEnv,
  WS_CHAT_ALLOWED_MODELS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const models = parseAllowedModels(value);
      if (models === undefined) {
        ctx.addIssue({ code: "custom", message: 'must be a comma-separated list of "<provider>/<name>", e.g. "aws/claude4_5_sonnet,openai/gpt4o"' });
        return z.NEVER;
      }
      return models;
    }),
  WS_CHAT_SESSION_SECRET: optionalStringFromEnv.refine((value) => value === undefined || value.length >= 32, {
    message: "must be at least 32 characters",
  }),
});

/** The variables these settings read. */
export const WS_CHAT_VARIABLES: readonly string[] = Object.keys(settingsSchema.shape);

export interface ServerSettings {
  rateLimit: { requests: number; windowMs: number };
  trustProxy: boolean;
  maxStreamsPerClient: number;
  maxStreams: number;
  allowedOrigins: string[];
  maxBodyBytes: number;
  /** Longest the whole request body may take to arrive. */
  bodyTimeoutMs: number;
  maxMessages: number;
  maxMessageChars: number;
  dedupMs: number;
  metricsToken: string | undefined;
  /** Models callers may pick besides the configured one. */
  allowedModels: ModelRef[];
  /** Signs the session ids the route issues; undefined: a secret generated for this process. */
  sessionSecret: string | undefined;
}

/** Reads `WS_CHAT_*`; throws a ConfigError naming the variable at fault (never its value). */
export function loadServerSettings(env: EnvSource = process.env): ServerSettings {
  const vars = readEnv(settingsSchema, env, "Invalid server configuration");
  return {
    rateLimit: vars.WS_CHAT_RATE_LIMIT,
    trustProxy: vars.WS_CHAT_TRUST_PROXY,
    maxStreamsPerClient: vars.WS_CHAT_MAX_STREAMS_PER_CLIENT,
    maxStreams: vars.WS_CHAT_MAX_STREAMS,
    allowedOrigins: vars.WS_CHAT_ALLOWED_ORIGINS,
    maxBodyBytes: vars.WS_CHAT_MAX_BODY_BYTES,
    bodyTimeoutMs: vars.WS_CHAT_BODY_TIMEOUT_MS,
    maxMessages: vars.WS_CHAT_MAX_MESSAGES,
    maxMessageChars: vars.WS_CHAT_MAX_MESSAGE_CHARS,
    dedupMs: vars.WS_CHAT_DEDUP_MS,
    metricsToken: vars.WS_CHAT_METRICS_TOKEN,
    allowedModels: vars.WS_CHAT_ALLOWED_MODELS,
    sessionSecret: vars.WS_CHAT_SESSION_SECRET,
  };
}
