/**
 * Which browser pages may spend this app's CreateAI quota. Browsers send `Origin` on POSTs; a
 * page on another site (or a malicious one a student visits) is refused, so it cannot run up the
 * quota or read answers in a student's name. Server-to-server callers send no `Origin` and are
 * not affected; they are held by the rate limits instead. Requiring `application/json` also keeps
 * out HTML forms, which cannot send that type without a preflight.
 *
 * "This site" is what the operator configured (`WS_CHAT_SITE_ORIGIN`), never what the request
 * says: `Host` and `X-Forwarded-Host` name whatever the browser asked for, and a page whose name
 * an attacker re-pointed at this server (DNS rebinding) sends its own name there and in `Origin`
 * alike. With nothing configured, only a local setup is recognised: a loopback page on the port
 * the server itself listens on, as in `next dev` or `next start` on 127.0.0.1. A rebinding
 * page's `Origin` carries the attacker's name, never a loopback one, so it cannot pass for it.
 */

export type OriginVerdict = { ok: true } | { ok: false; status: 403 | 415; message: string };

export interface OriginPolicy {
  /** This site's own origins (`WS_CHAT_SITE_ORIGIN`); empty: a loopback page on the server's port. */
  siteOrigins: readonly string[];
  /** Other sites whose pages may call the route (`WS_CHAT_ALLOWED_ORIGINS`). */
  allowedOrigins: readonly string[];
}

export function checkOrigin(request: Request, policy: OriginPolicy): OriginVerdict {
  const origin = request.headers.get("origin");
  // No Origin: not a browser page. "null" (sandboxed frames, files) never matches.
  if (!origin || policy.allowedOrigins.includes(origin)) return { ok: true };
  const sameSite = policy.siteOrigins.length > 0 ? policy.siteOrigins.includes(origin) : isLocalSameSite(request, origin);
  if (sameSite) return { ok: true };
  return { ok: false, status: 403, message: refusalMessage(origin, policy) };
}

function refusalMessage(origin: string, policy: OriginPolicy): string {
  const who = origin === "null" ? "an opaque origin" : origin;
  const others = policy.allowedOrigins.length > 0 ? `, ${policy.allowedOrigins.join(", ")} (WS_CHAT_ALLOWED_ORIGINS)` : "";
  if (policy.siteOrigins.length > 0) return `Requests from ${who} are not allowed. Allowed: ${policy.siteOrigins.join(", ")} (WS_CHAT_SITE_ORIGIN)${others}.`;
  const hint = origin === "null" ? "" : ` If ${origin} is this site, its operator must set WS_CHAT_SITE_ORIGIN to it.`;
  return `Requests from ${who} are not allowed. Allowed: this site's pages on localhost${others}; WS_CHAT_SITE_ORIGIN is not set.${hint}`;
}

export function checkContentType(request: Request): OriginVerdict {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "application/json") return { ok: true };
  return {
    ok: false,
    status: 415,
    message: `The body must be JSON sent as Content-Type: application/json (got ${type ? type : "none"}).`,
  };
}

/**
 * Comma-separated origins as browsers write them in `Origin` (`https://coach.asu.edu`, no path;
 * case and a default port are normalised away); undefined if an entry is not one.
 */
export function parseOrigins(value: string | undefined): string[] | undefined {
  const origins = new Set<string>();
  for (const entry of (value ?? "").split(",").map((part) => part.trim()).filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      return undefined;
    }
    const bare = url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
    if ((url.protocol !== "http:" && url.protocol !== "https:") || !bare) return undefined;
    origins.add(url.origin);
  }
  return [...origins];
}

const LOOPBACK_NAMES = new Set(["localhost", "[::1]"]);
/** What the server's own URL says when it listens on every interface, loopback included. */
const ALL_INTERFACES = new Set(["0.0.0.0", "[::]"]);

/**
 * A loopback page on the port the server listens on. The request's URL comes from the address
 * `next dev` / `next start` was told to listen on, not from `Host` (unless the app enables
 * `experimental.trustHostHeader`); it is only used for its port, and to tell a local server.
 */
function isLocalSameSite(request: Request, origin: string): boolean {
  let page: URL;
  let server: URL;
  try {
    page = new URL(origin);
    server = new URL(request.url);
  } catch {
    return false;
  }
  const local = isLoopback(server.hostname) || ALL_INTERFACES.has(server.hostname);
  return local && isLoopback(page.hostname) && page.protocol === server.protocol && portOf(page) === portOf(server);
}

function isLoopback(hostname: string): boolean {
  return LOOPBACK_NAMES.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function portOf(url: URL): string {
  return url.port || (url.protocol === "https:" ? "443" : "80");
}
