/**
 * Who is asking, for rate limits and stream caps: an address, never a value the caller picks
 * per request (a new `sessionId` must not buy a new allowance).
 *
 * Without a trusted proxy it is the connection's address: `next start` puts it in
 * `X-Forwarded-For`, and `instrumentation.ts` overwrites whatever a client sent there itself.
 * Behind n trusted proxies that each append the address they saw (`WS_CHAT_TRUST_PROXY=n`, `true`
 * for one), it is the n-th entry from the right: anything left of it the client wrote itself.
 *
 * An IPv6 client is its /64: one host is handed a whole /64 and may use any address in it.
 */

export function clientKeyOf(request: Request, trustedProxies: number): string {
  const forwarded = request.headers.get("x-forwarded-for");
  if (!forwarded) return "unknown";
  const addresses = forwarded.split(",").map((part) => part.trim()).filter(Boolean);
  // Fewer entries than trusted hops: each came from a trusted proxy, the leftmost from the client.
  const index = Math.max(0, addresses.length - Math.max(1, trustedProxies));
  return clientKeyOfAddress(addresses[index] ?? "unknown");
}

/**
 * `WS_CHAT_TRUST_PROXY`: how many proxies in front of the server append to `X-Forwarded-For`.
 * `true` is one, `false`, `0` or unset none; undefined when it is none of these.
 */
export function parseTrustedProxies(value: string | undefined): number | undefined {
  const text = (value ?? "").trim().toLowerCase();
  if (text === "" || text === "false") return 0;
  if (text === "true") return 1;
  return /^\d{1,3}$/.test(text) ? Number(text) : undefined;
}

/**
 * The key of one address: IPv4 (and IPv4-mapped IPv6) as the address, other IPv6 as its /64
 * prefix, e.g. `2001:db8:1:2::/64`. A port, brackets or a zone are dropped; a value that is no
 * address is kept as it is (lower-cased), so it still counts against itself.
 */
export function clientKeyOfAddress(address: string): string {
  const text = stripPortAndZone(address.trim().toLowerCase());
  if (isIPv4(text)) return text;
  const groups = ipv6Groups(text);
  if (groups === undefined) return text;
  const [, , , , , sixth = 0, high = 0, low = 0] = groups;
  if (groups.slice(0, 5).every((group) => group === 0) && sixth === 0xffff) return [high >> 8, high & 255, low >> 8, low & 255].join(".");
  return `${groups.slice(0, 4).map((group) => group.toString(16)).join(":")}::/64`;
}

/** `[v6]:port` → `v6`, `v4:port` → `v4`, `v6%zone` → `v6`. */
function stripPortAndZone(text: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  const host = bracketed ? (bracketed[1] as string) : /^([\d.]+):\d+$/.exec(text)?.[1] ?? text;
  const zone = host.indexOf("%");
  return zone === -1 ? host : host.slice(0, zone);
}

function isIPv4(text: string): boolean {
  const parts = text.split(".");
  return parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
}

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a dotted IPv4 tail split in two), or undefined. */
function ipv6Groups(text: string): number[] | undefined {
  if (!text.includes(":")) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const compressed = halves.length === 2;
  const head = parseGroups(halves[0] as string, !compressed);
  const tail = compressed ? parseGroups(halves[1] as string, true) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (compressed ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

function parseGroups(part: string, mayEndInIPv4: boolean): number[] | undefined {
  if (part === "") return [];
  const pieces = part.split(":");
  const groups: number[] = [];
  for (const [index, piece] of pieces.entries()) {
    if (mayEndInIPv4 && index === pieces.length - 1 && isIPv4(piece)) {
      const [a, b, c, d] = piece.split(".").map(Number) as [number, number, number, number];
      groups.push((a << 8) | b, (c << 8) | d);
    } else if (/^[0-9a-f]{1,4}$/.test(piece)) {
      groups.push(parseInt(piece, 16));
    } else {
      return undefined;
    }
  }
  return groups;
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
