/**
 * Makes `X-Forwarded-For` tell the truth when no trusted proxy stands in front of the server.
 *
 * `next start` fills `X-Forwarded-For` with the connection's address only when the client sent
 * none, so a client could name any address and dodge its rate limit. Unless
 * `WS_CHAT_TRUST_PROXY` names trusted proxies (`true` or a number), this overwrites the header
 * with the connection's own address on every incoming request, before Next.js reads it. A value
 * it cannot read pins too (the route then refuses, naming the variable). Node.js only: runs from
 * instrumentation.ts.
 */
import { parseTrustedProxies } from "../chat-stream/guards/client-key";
import { onIncomingRequest, type IncomingRequest } from "./incoming-requests";

export function pinForwardedForToConnection(env: Record<string, string | undefined>): void {
  if ((parseTrustedProxies(env.WS_CHAT_TRUST_PROXY) ?? 0) > 0) return;
  onIncomingRequest("connection-address", pinToSocketAddress);
}

function pinToSocketAddress({ request }: IncomingRequest): void {
  const address = request.socket?.remoteAddress;
  if (address) request.headers["x-forwarded-for"] = address;
}
