/**
 * Conversation sessions the route issues itself. A session id is a random value signed with
 * HMAC-SHA256 (WebCrypto, so it runs on Edge and Node.js alike) over the value and the user it
 * belongs to; a request can only continue a session this server gave out, to the same user.
 * Nothing in a request body picks whose CreateAI memory an answer reads.
 */

/** The person a host app's authentication says is asking; `undefined` when it has none. */
export interface ChatUser {
  id: string;
}

export interface SessionIssuer {
  /** A new session for `user` (anonymous when undefined). */
  issue(user: ChatUser | undefined): Promise<string>;
  /** True when `sessionId` was issued by this issuer's secret to this same user. */
  verify(sessionId: string, user: ChatUser | undefined): Promise<boolean>;
}

const VERSION = "s1";
const RANDOM_BYTES = 16;
const SIGNATURE_BYTES = 16;
/** `s1.` + 22 base64url characters of randomness + `.` + 22 of signature. */
const SESSION_ID_PATTERN = /^s1\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/;

export function createSessionIssuer(secret: string): SessionIssuer {
  const key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);

  async function signature(value: string, user: ChatUser | undefined): Promise<string> {
    // The user id is length-prefixed so no (value, user) pair can be read as another.
    const userId = user?.id ?? "";
    const message = new TextEncoder().encode(`${VERSION}.${value}\n${userId.length}:${userId}`);
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await key, message));
    return toBase64Url(mac.subarray(0, SIGNATURE_BYTES));
  }

  return {
    async issue(user) {
      const value = toBase64Url(crypto.getRandomValues(new Uint8Array(RANDOM_BYTES)));
      return `${VERSION}.${value}.${await signature(value, user)}`;
    },
    async verify(sessionId, user) {
      if (!SESSION_ID_PATTERN.test(sessionId)) return false;
      const [, value = "", given = ""] = sessionId.split(".");
      return constantTimeEqual(given, await signature(value, user));
    },
  };
}

/** A secret for a process that was given none: sessions then last as long as the process. */
export function generateSessionSecret(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Compares without stopping at the first difference, so timing does not reveal a prefix. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index += 1) difference |= a.charCodeAt(index) ^ b.charCodeAt(index);
  return difference === 0;
}
