/**
 * The route's own limits and policies (`WS_CHAT_*`), read from the server's environment and
 * validated; every refusal quotes the limit it applied.
 */
import { z } from "zod";
import { parseTrustedProxies } from "./guards/client-key";
import { parseAllowedModels, type ModelRef } from "./guards/model-policy";
import { parseOrigins } from "./guards/origin-policy";
import { optionalStringFromEnv, positiveIntFromEnv as positiveInt, readEnv, type EnvSource } from "../env-schema";

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

/** A variable read by `parse`, which gives undefined for a value it refuses: that is a configuration error saying `message`. */
function parsedWith<T>(parse: (value: string | undefined) => T | undefined, message: string) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      const parsed = parse(value);
      if (parsed === undefined) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return parsed;
    });
}

const ORIGINS_MESSAGE = 'must be a comma-separated list of origins, e.g. "https://coach.asu.edu" (scheme and host, no path)';

const settingsSchema = z.object({
  WS_CHAT_RATE_LIMIT: rateLimit,
  WS_CHAT_TRUST_PROXY: parsedWith(parseTrustedProxies, "must be true, false or the number of trusted proxies in front of the server, e.g. 2"),
  WS_CHAT_MAX_STREAMS_PER_CLIENT: positiveInt(3, "streams"),
  WS_CHAT_MAX_STREAMS: positiveInt(1000, "streams"),
  // Both lists are read as browsers write `Origin` (case and a default port normalised away); an entry that is not an origin is a configuration error, never a rule that silently matches nothing.
  WS_CHAT_ALLOWED_ORIGINS: parsedWith(parseOrigins, ORIGINS_MESSAGE),
  WS_CHAT_SITE_ORIGIN: parsedWith(parseOrigins, ORIGINS_MESSAGE),
  WS_CHAT_MAX_BODY_BYTES: positiveInt(1024 * 1024, "bytes"),
  WS_CHAT_BODY_TIMEOUT_MS: positiveInt(10_000, "milliseconds"),
  WS_CHAT_MAX_MESSAGES: positiveInt(1000, "messages"),
  WS_CHAT_MAX_MESSAGE_CHARS: positiveInt(32_000, "characters"),
  WS_CHAT_DEDUP_MS: positiveInt(5_000, "milliseconds"),
  WS_CHAT_METRICS_TOKEN: optionalStringFromEnv,
  WS_CHAT_ALLOWED_MODELS: parsedWith(parseAllowedModels, 'must be a comma-separated list of "<provider>/<name>", e.g. "aws/claude4_5_sonnet,openai/gpt4o"'),
  WS_CHAT_RESUME_TTL_S: positiveInt(600, "seconds"),
  WS_CHAT_DETACHED_MS: positiveInt(30_000, "milliseconds"),
  WS_CHAT_PRODUCER_LEASE_MS: positiveInt(10_000, "milliseconds"),
  WS_CHAT_SESSION_SECRET: optionalStringFromEnv.refine((value) => value === undefined || value.length >= 32, {
    message: "must be at least 32 characters",
  }),
});

/** The variables these settings read. */
export const WS_CHAT_VARIABLES: readonly string[] = Object.keys(settingsSchema.shape);

export interface ServerSettings {
  rateLimit: { requests: number; windowMs: number };
  /** Proxies in front of the server that append to `X-Forwarded-For`; 0: the connection's address. */
  trustedProxies: number;
  maxStreamsPerClient: number;
  maxStreams: number;
  allowedOrigins: string[];
  /** This site's own origins; empty: only a loopback page on the server's own port is this site. */
  siteOrigins: string[];
  maxBodyBytes: number;
  /** Longest the whole request body may take to arrive. */
  bodyTimeoutMs: number;
  maxMessages: number;
  maxMessageChars: number;
  dedupMs: number;
  metricsToken: string | undefined;
  /** Models callers may pick besides the configured one. */
  allowedModels: ModelRef[];
  /** How long an ended resumable answer stays readable. */
  resumeTtlSeconds: number;
  /** How long a resumable answer nobody reads keeps streaming before its upstream is closed. */
  detachedMs: number;
  /** Readers learn within this long that the instance producing an answer died. */
  producerLeaseMs: number;
  /** Signs the session ids the route issues; undefined: a secret generated for this process. */
  sessionSecret: string | undefined;
}

/** Reads `WS_CHAT_*`; throws a ConfigError naming the variable at fault (never its value). */
export function loadServerSettings(env: EnvSource = process.env): ServerSettings {
  const vars = readEnv(settingsSchema, env, "Invalid server configuration");
  return {
    rateLimit: vars.WS_CHAT_RATE_LIMIT,
    trustedProxies: vars.WS_CHAT_TRUST_PROXY,
    maxStreamsPerClient: vars.WS_CHAT_MAX_STREAMS_PER_CLIENT,
    maxStreams: vars.WS_CHAT_MAX_STREAMS,
    allowedOrigins: vars.WS_CHAT_ALLOWED_ORIGINS,
    siteOrigins: vars.WS_CHAT_SITE_ORIGIN,
    maxBodyBytes: vars.WS_CHAT_MAX_BODY_BYTES,
    bodyTimeoutMs: vars.WS_CHAT_BODY_TIMEOUT_MS,
    maxMessages: vars.WS_CHAT_MAX_MESSAGES,
    maxMessageChars: vars.WS_CHAT_MAX_MESSAGE_CHARS,
    dedupMs: vars.WS_CHAT_DEDUP_MS,
    metricsToken: vars.WS_CHAT_METRICS_TOKEN,
    allowedModels: vars.WS_CHAT_ALLOWED_MODELS,
    resumeTtlSeconds: vars.WS_CHAT_RESUME_TTL_S,
    detachedMs: vars.WS_CHAT_DETACHED_MS,
    producerLeaseMs: vars.WS_CHAT_PRODUCER_LEASE_MS,
    sessionSecret: vars.WS_CHAT_SESSION_SECRET,
  };
}
