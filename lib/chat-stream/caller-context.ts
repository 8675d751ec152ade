/**
 * The `context` option of `chatWithWebSocket` and `createWebSocketPayload`: free text, or an
 * object as the Study Coach's routes pass (`{ studentId, courseId, preparationPageId,
 * previousMessages }`). Pure: no I/O.
 */
import type { ChatMessage } from "../createai/payload";

/** Extra material for the model: a string, or an object of labelled facts and earlier messages. */
export type CallerContext = string | Readonly<Record<string, unknown>>;

/** What a context becomes in the query CreateAI receives. */
export interface ResolvedCallerContext {
  /** Joins the system prompt under "Use this context when it helps:". */
  text: string | undefined;
  /** `previousMessages` of an object context: earlier turns of the conversation, in order. */
  previousMessages: ChatMessage[];
}

/** Longest rendering of one non-text value (a nested object, say), so a big object cannot flood the prompt. */
const MAX_VALUE_CHARS = 2_000;

/**
 * A string is used as it is. An object's `previousMessages` (an array of `{ role, content }`)
 * become history; every other field with a value becomes a `name: value` line, objects and arrays
 * as compact JSON; `null`, `undefined` and empty strings are left out.
 */
export function resolveCallerContext(context: CallerContext | undefined | null): ResolvedCallerContext {
  if (typeof context === "string") return { text: context, previousMessages: [] };
  if (typeof context !== "object" || context === null) return { text: undefined, previousMessages: [] };

  const lines: string[] = [];
  let previousMessages: ChatMessage[] = [];
  for (const [name, value] of Object.entries(context)) {
    if (name === "previousMessages" && Array.isArray(value)) {
      previousMessages = value.filter(isChatMessage).map(({ role, content }) => ({ role, content }));
      continue;
    }
    const rendered = renderValue(value);
    if (rendered !== undefined) lines.push(`${name}: ${rendered}`);
  }
  return { text: lines.length > 0 ? lines.join("\n") : undefined, previousMessages };
}

function renderValue(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return value.trim() === "" ? undefined : value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (typeof value === "function" || typeof value === "symbol") return undefined;
  try {
    const json = JSON.stringify(value);
    return json.length > MAX_VALUE_CHARS ? `${json.slice(0, MAX_VALUE_CHARS)}…` : json;
  } catch {
    return undefined; // A cyclic object: nothing sensible to tell the model.
  }
}

function isChatMessage(value: unknown): value is ChatMessage {
  if (typeof value !== "object" || value === null) return false;
  const { role, content } = value as Record<string, unknown>;
  return (role === "user" || role === "assistant" || role === "system") && typeof content === "string";
}
