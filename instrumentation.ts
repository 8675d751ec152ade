/**
 * Runs once when the Next.js server starts (Node.js side only):
 * - pins `X-Forwarded-For` to the connection's address unless a trusted proxy sets it;
 * - keeps clients that disconnect mid-answer from logging an uncaught exception;
 * - ends the body of a /api/ws-chat… request where the route refuses it, so its 413 or 408 goes
 *   out at once instead of after the whole body (Next.js's Edge sandbox drains bodies first);
 * - warns when a production server has no WS_CHAT_SITE_ORIGIN (its own pages would get 403);
 * - with no CreateAI token (and no CREATE_AI_WS_URL pointing elsewhere), starts the local
 *   CreateAI stand-in, so a fresh clone answers questions with no configuration at all; in
 *   production only with CREATE_AI_STANDIN=true, otherwise the server exits at start-up naming
 *   the missing variables.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { pinForwardedForToConnection } = await import("./lib/node/connection-address");
  pinForwardedForToConnection(process.env);
  const { endClientDisconnectsQuietly } = await import("./lib/node/client-disconnects");
  endClientDisconnectsQuietly();
  const { endChatBodiesAtRouteLimits } = await import("./lib/node/chat-body-limits");
  endChatBodiesAtRouteLimits(process.env);
  const { warnAboutStartupSettings } = await import("./lib/chat-stream/startup-warnings");
  warnAboutStartupSettings(process.env);
  const { startLocalStandinIfNeeded } = await import("./scripts/standin/start-for-next");
  await startLocalStandinIfNeeded(process.env);
}
