/**
 * Makes `X-Forwarded-For` tell the truth when no trusted proxy stands in front of the server.
 *
 * `next start` fills `X-Forwarded-For` with the connection's address only when the client sent
 * none, so a client could name any address and dodge its rate limit. Unless
 * `WS_CHAT_TRUST_PROXY=true`, this overwrites the header with the connection's own address on
 * every incoming request, before Next.js reads it. Node.js only: runs from instrumentation.ts.
 */
import { onIncomingRequest, type IncomingRequest } from "./incoming-requests";

export function pinForwardedForToConnection(env: Record<string, string | undefined>): void {
  const trustProxy = env.WS_CHAT_TRUST_PROXY === "true" || env.WS_CHAT_TRUST_PROXY === "1";
  if (trustProxy) return;
  onIncomingRequest("connection-address", pinToSocketAddress);
}

function pinToSocketAddress({ request }: IncomingRequest): void {
  const address = request.socket?.remoteAddress;
  if (address) request.headers["x-forwarded-for"] = address;
}
