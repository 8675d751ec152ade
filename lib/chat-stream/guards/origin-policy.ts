/**
 * Which browser pages may spend this app's CreateAI quota. Browsers send `Origin` on
 * cross-site POSTs; a page on another site (or a malicious one a student visits) is refused, so
 * it cannot run up the quota or read answers in a student's name. Server-to-server callers send
 * no `Origin` and are not affected; they are held by the rate limits instead. Requiring
 * `application/json` also keeps out HTML forms, which cannot send that type without a preflight.
 */

export type OriginVerdict = { ok: true } | { ok: false; status: 403 | 415; message: string };

export function checkOrigin(request: Request, allowedOrigins: readonly string[]): OriginVerdict {
  const origin = request.headers.get("origin");
  // No Origin: not a cross-site browser request. "null" (sandboxed frames, files) never matches.
  if (!origin || isSameSite(request, origin) || allowedOrigins.includes(origin)) return { ok: true };
  return {
    ok: false,
    status: 403,
    message: `Requests from ${origin === "null" ? "an opaque origin" : origin} are not allowed. Allowed: this site${allowedOrigins.length ? `, ${allowedOrigins.join(", ")}` : ""} (WS_CHAT_ALLOWED_ORIGINS).`,
  };
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

/** Same site = the origin this request was addressed to, as the browser saw it. */
function isSameSite(request: Request, origin: string): boolean {
  const url = new URL(request.url);
  if (url.origin === origin) return true;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (!host) return false;
  const proto = request.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
  return `${proto}://${host}` === origin;
}
