/**
 * Who is asking, for rate limits and stream caps: an address, never a value the caller picks
 * per request (a new `sessionId` must not buy a new allowance).
 *
 * Behind a trusted proxy (`WS_CHAT_TRUST_PROXY=true`) that is the first `X-Forwarded-For`
 * address. Otherwise it is the connection's address: `next start` puts it in
 * `X-Forwarded-For`, and `instrumentation.ts` overwrites whatever a client sent there itself.
 */

export function clientKeyOf(request: Request, trustProxy: boolean): string {
  const forwarded = request.headers.get("x-forwarded-for");
  if (!forwarded) return "unknown";
  const addresses = forwarded.split(",").map((part) => part.trim()).filter(Boolean);
  const address = trustProxy ? addresses[0] : addresses[addresses.length - 1];
  return normalizeAddress(address ?? "unknown");
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are the same client. */
function normalizeAddress(address: string): string {
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}

const salt = crypto.getRandomValues(new Uint8Array(16));

const hashes = new Map<string, string>();
const MAX_CACHED_HASHES = 10_000;

/** A short, salted hash of the key for logs: stable within a process, not reversible to an address. */
export async function hashClientKey(key: string): Promise<string> {
  const cached = hashes.get(key);
  if (cached !== undefined) return cached;
  const hash = await computeHash(key);
  // A bounded cache: the same few clients make most requests, and one SHA-256 each is enough.
  if (hashes.size >= MAX_CACHED_HASHES) hashes.clear();
  hashes.set(key, hash);
  return hash;
}

async function computeHash(key: string): Promise<string> {
  const bytes = new TextEncoder().encode(key);
  const salted = new Uint8Array(salt.length + bytes.length);
  salted.set(salt);
  salted.set(bytes, salt.length);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", salted));
  return Array.from(digest.slice(0, 6), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
