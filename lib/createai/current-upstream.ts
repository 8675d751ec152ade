/**
 * Which upstream this server answers from, for the demo pages' badges: read at request time
 * (the environment is the server's); undefined while the configuration is broken, which the
 * route reports on the first question.
 */
import type { UpstreamKind } from "@/lib/chat-stream/events";
import type { EnvSource } from "../env-schema";
import { loadCreateAIConfig, type CreateAIConfig } from "./config";

export function currentUpstream(env: EnvSource = process.env): { upstream: UpstreamKind | undefined; defaultModel: string | undefined } {
  let config: CreateAIConfig;
  try {
    config = loadCreateAIConfig(env);
  } catch {
    return { upstream: undefined, defaultModel: undefined };
  }
  return { upstream: config.upstream, defaultModel: `${config.model.provider}/${config.model.name}` };
}
