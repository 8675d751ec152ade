/**
 * Runs once when the Next.js server starts. With no CreateAI token (and no CREATE_AI_WS_URL
 * pointing elsewhere) it starts the local CreateAI stand-in, so a fresh clone answers questions
 * with no configuration at all.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startLocalStandinIfNeeded } = await import("./scripts/standin/start-for-next");
  await startLocalStandinIfNeeded(process.env);
}
