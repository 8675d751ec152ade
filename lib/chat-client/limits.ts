/**
 * The route's limits the question box enforces. Written as a number, not imported, so the
 * browser bundle does not load the route's request schema; the type below is taken from that
 * schema with a type-only import, so the two cannot drift apart without a type error here.
 */
import type { REQUEST_LIMITS } from "@/lib/chat-stream/request-schema";

/** The most characters (UTF-16 code units, as the route counts them) one question may hold. */
export const MAX_QUESTION_CHARS: (typeof REQUEST_LIMITS)["maxMessageChars"] = 32_000;

/** The share of the limit from which the question box shows how many characters are left. */
export const QUESTION_COUNTER_FROM = 0.8;
