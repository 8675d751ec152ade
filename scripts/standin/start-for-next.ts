/**
 * Starts the stand-in inside the Next.js server process when the configuration asks for the
 * local upstream. A stand-in already listening on the port (another dev server, or
 * `npm run standin`) is reused rather than treated as an error.
 */
import { LOCAL_STANDIN_TOKEN, loadCreateAIConfig } from "../../lib/createai/config";
import { startStandin } from "./server";

const STARTED = Symbol.for("createai-stream.standin-started");

export async function startLocalStandinIfNeeded(env: Record<string, string | undefined>): Promise<void> {
  const registry = globalThis as { [STARTED]?: boolean };
  if (registry[STARTED]) return;
  registry[STARTED] = true;

  let config;
  try {
    config = loadCreateAIConfig(env);
  } catch (error) {
    console.error(`[createai] ${(error as Error).message}`);
    return;
  }
  if (config.upstream !== "local") {
    console.log(`[createai] answers come from CreateAI at ${new URL(config.wsBaseUrl).host}`);
    return;
  }
  if (env.CREATE_AI_WS_URL) {
    console.log(`[createai] no CREATE_AI_API_TOKEN: using the CreateAI stand-in at ${config.wsBaseUrl}`);
    return;
  }
  const port = Number(new URL(config.wsBaseUrl).port);
  try {
    const standin = await startStandin({ port, token: LOCAL_STANDIN_TOKEN });
    console.log(
      `[createai] no CREATE_AI_API_TOKEN: answers come from the local CreateAI stand-in at ${standin.url} ` +
        "(set CREATE_AI_API_TOKEN and CREATE_AI_PROJECT_ID to use CreateAI)",
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      console.log(`[createai] no CREATE_AI_API_TOKEN: port ${port} is taken; assuming a CreateAI stand-in runs there`);
      return;
    }
    console.error(`[createai] could not start the local CreateAI stand-in: ${(error as Error).message}`);
  }
}
