/**
 * Starts the stand-in inside the Next.js server process when the configuration asks for the
 * local upstream. A stand-in already listening on the port (another dev server, or
 * `npm run standin`) is reused rather than treated as an error.
 *
 * In production (NODE_ENV=production, as `next start` sets it) a missing token is a mistake to
 * stop at, not a reason to serve made-up answers: the stand-in starts only with
 * CREATE_AI_STANDIN=true, and otherwise the server exits with status 1 and says what is missing.
 * There, `/fault` and `/bench` work only with CREATE_AI_STANDIN_COMMANDS=true.
 */
import { LOCAL_STANDIN_TOKEN, loadCreateAIConfig, readStandinSwitches, StandinNotAllowedError } from "../../lib/createai/config";
import { startStandin, type Standin } from "./server";

const STARTED = Symbol.for("createai-stream.standin-started");

/** What to do about the built-in stand-in, decided from the environment alone. */
export type StandinPlan =
  /** Start it on `port`; `commands`: honour `/fault` and `/bench`. */
  | { action: "start"; port: number; production: boolean; commands: boolean }
  /** Nothing to start: CreateAI is the upstream, a stand-in runs elsewhere, or the configuration is broken (`level: "error"`: the route reports it on every request). */
  | { action: "skip"; level: "info" | "error"; message: string }
  /** Production without a token and without CREATE_AI_STANDIN=true: do not serve. */
  | { action: "refuse"; error: StandinNotAllowedError };

export function planLocalStandin(env: Record<string, string | undefined>): StandinPlan {
  let config;
  let switches;
  try {
    config = loadCreateAIConfig(env);
    switches = readStandinSwitches(env);
  } catch (error) {
    if (error instanceof StandinNotAllowedError) return { action: "refuse", error };
    return { action: "skip", level: "error", message: (error as Error).message };
  }
  if (config.upstream !== "local") {
    return { action: "skip", level: "info", message: `answers come from CreateAI at ${new URL(config.wsBaseUrl).host}` };
  }
  if (env.CREATE_AI_WS_URL?.trim()) {
    return { action: "skip", level: "info", message: `no CREATE_AI_API_TOKEN: using the CreateAI stand-in at ${config.wsBaseUrl}` };
  }
  return { action: "start", port: Number(new URL(config.wsBaseUrl).port), ...switches };
}

export interface StartLocalStandinDeps {
  /** Ends the process when production refuses to serve the stand-in; default `process.exit`. */
  exit?: (code: number) => void;
}

/**
 * Carries out {@link planLocalStandin}. Resolves with the stand-in it started, if any. On a
 * refusal it logs why and calls `exit(1)`; should `exit` return, it throws the refusal.
 */
export async function startLocalStandinIfNeeded(
  env: Record<string, string | undefined>,
  deps: StartLocalStandinDeps = {},
): Promise<Standin | undefined> {
  const plan = planLocalStandin(env);
  if (plan.action === "refuse") {
    console.error(`[createai] refusing to start: ${plan.error.message}`);
    (deps.exit ?? ((code: number) => process.exit(code)))(1);
    throw plan.error;
  }

  const registry = globalThis as { [STARTED]?: boolean };
  if (registry[STARTED]) return undefined;
  registry[STARTED] = true;

  if (plan.action === "skip") {
    if (plan.level === "error") console.error(`[createai] ${plan.message}`);
    else console.log(`[createai] ${plan.message}`);
    return undefined;
  }
  const { port, production, commands } = plan;
  try {
    const standin = await startStandin({ port, token: LOCAL_STANDIN_TOKEN, commands });
    if (production) {
      // On stdout like the other start-up lines (the end-to-end helpers wait for a "[createai]" line there).
      console.log(
        `[createai] CREATE_AI_STANDIN=true: answers come from the local CreateAI stand-in at ${standin.url}, not from CreateAI; ` +
          `its /fault and /bench commands are ${commands ? "on (CREATE_AI_STANDIN_COMMANDS=true)" : "off"}`,
      );
    } else {
      console.log(
        `[createai] no CREATE_AI_API_TOKEN: answers come from the local CreateAI stand-in at ${standin.url} ` +
          "(set CREATE_AI_API_TOKEN and CREATE_AI_PROJECT_ID to use CreateAI)",
      );
    }
    return standin;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      console.log(`[createai] no CREATE_AI_API_TOKEN: port ${port} is taken; assuming a CreateAI stand-in runs there`);
      return undefined;
    }
    console.error(`[createai] could not start the local CreateAI stand-in: ${(error as Error).message}`);
    return undefined;
  }
}
