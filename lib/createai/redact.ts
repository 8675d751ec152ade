/**
 * Keeps the CreateAI token out of anything that leaves the process: connection errors from
 * WebSocket implementations tend to quote the full URL, and that URL carries the token.
 */

const ACCESS_TOKEN_PARAM = /(access_token=)[^&\s"'<>]*/gi;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/g;

/** Replaces the token (and any access_token parameter or bearer credential) with `[redacted]`. */
export function redactSecrets(text: string, token?: string): string {
  let redacted = text.replace(ACCESS_TOKEN_PARAM, "$1[redacted]").replace(BEARER, "$1[redacted]");
  if (token && token.length >= 4) redacted = redacted.split(token).join("[redacted]");
  return redacted;
}

/** Levels `redactSecretsDeep` reads; CreateAI's metadata is a few levels deep. */
const MAX_REDACT_DEPTH = 16;

/**
 * `redactSecrets` on every string of a JSON value, object keys included: upstream metadata may
 * echo a gateway URL or the token itself. What is nested deeper than it reads is replaced,
 * never passed on unread.
 */
export function redactSecretsDeep(value: unknown, token?: string): unknown {
  return redactValue(value, token, 0);
}

function redactValue(value: unknown, token: string | undefined, depth: number): unknown {
  if (typeof value === "string") return redactSecrets(value, token);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_REDACT_DEPTH) return "[too deep]";
  if (Array.isArray(value)) return value.map((item) => redactValue(item, token, depth + 1));
  // fromEntries, not assignment: a "__proto__" key stays a plain key.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [redactSecrets(key, token), redactValue(item, token, depth + 1)]));
}

/** A readable one-line description of anything thrown, with secrets removed. */
export function describeError(error: unknown, token?: string): string {
  let text: string;
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    text = cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  } else if (typeof error === "object" && error !== null && "message" in error) {
    text = String((error as { message: unknown }).message);
  } else {
    text = String(error);
  }
  return redactSecrets(text, token);
}
