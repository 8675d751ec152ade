/**
 * Said once at start-up, in the route's own JSON log format: settings whose defaults suit a
 * developer's machine but not a deployment.
 */
import { consoleLogger, type Logger } from "./logger";

/**
 * In production without WS_CHAT_SITE_ORIGIN, only pages on a loopback address may call the route
 * (Host is never trusted for it), so a site reached by its real name would refuse its own chat.
 */
export function warnAboutStartupSettings(env: Record<string, string | undefined>, logger: Logger = consoleLogger): void {
  if (env.NODE_ENV === "production" && !env.WS_CHAT_SITE_ORIGIN?.trim()) {
    logger.warn({
      event: "ws-chat.site-origin-unset",
      detail: "WS_CHAT_SITE_ORIGIN is not set: only pages on localhost, 127.0.0.1 or [::1] may call /api/ws-chat. Set it to this site's origin(s), e.g. https://coach.example.edu, or its own pages get 403.",
    });
  }
}
