/**
 * Keeps the history sent to CreateAI within a budget, oldest turns dropped first, so a long
 * conversation is trimmed rather than refused: a chat must never reach a state it cannot leave.
 * Pure: no I/O.
 */
import type { HistoryTurn } from "./payload";
import { utf8Length } from "./utf8-length";

/** How much earlier conversation one CreateAI query carries. */
export interface HistoryBudget {
  /** Most earlier turns (question + answer pairs). */
  maxTurns: number;
  /** Most UTF-8 bytes of history in all (queries and responses). */
  maxBytes: number;
}

/**
 * 64 KiB leaves room under CreateAI's 128 KB per WebSocket message for a 32,000-character
 * question and a 16,000-character system prompt in ordinary text.
 */
export const DEFAULT_HISTORY_BUDGET: HistoryBudget = { maxTurns: 50, maxBytes: 64 * 1024 };

/** Marks where the oldest kept turn was cut, so the model knows text is missing before it. */
export const TRIMMED_MARKER = "[…earlier part of this answer omitted…] ";

/**
 * The newest turns that fit the budget. When even the newest turn alone is over the budget, it is
 * kept clipped: the start of its question, and the end of its response (the part closest to the
 * question being asked now) behind `TRIMMED_MARKER`.
 */
export function trimHistory(history: readonly HistoryTurn[], budget: HistoryBudget = DEFAULT_HISTORY_BUDGET): HistoryTurn[] {
  const kept: HistoryTurn[] = [];
  let bytes = 0;
  for (let index = history.length - 1; index >= 0 && kept.length < budget.maxTurns; index -= 1) {
    const turn = history[index] as HistoryTurn;
    const size = utf8Length(turn.query) + utf8Length(turn.response);
    if (bytes + size <= budget.maxBytes) {
      kept.push(turn);
      bytes += size;
      continue;
    }
    if (kept.length === 0) kept.push(clipTurn(turn, budget.maxBytes));
    break;
  }
  return kept.reverse();
}

function clipTurn(turn: HistoryTurn, maxBytes: number): HistoryTurn {
  const query = clipStart(turn.query, Math.floor(maxBytes / 4));
  const room = maxBytes - utf8Length(query) - utf8Length(TRIMMED_MARKER);
  const tail = clipEnd(turn.response, room);
  return { query, response: tail === turn.response ? tail : TRIMMED_MARKER + tail };
}

/** The longest start of `text` within `maxBytes`. */
function clipStart(text: string, maxBytes: number): string {
  let end = Math.min(text.length, Math.max(0, maxBytes));
  while (end > 0 && utf8Length(text.slice(0, end)) > maxBytes) end -= Math.max(1, Math.ceil((utf8Length(text.slice(0, end)) - maxBytes) / 4));
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(0, end);
}

/** The longest end of `text` within `maxBytes`, never starting inside a surrogate pair. */
function clipEnd(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return "";
  let start = Math.max(0, text.length - maxBytes);
  while (start < text.length && utf8Length(text.slice(start)) > maxBytes) start += Math.max(1, Math.ceil((utf8Length(text.slice(start)) - maxBytes) / 4));
  if (isLowSurrogate(text.charCodeAt(start))) start += 1;
  return text.slice(start);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
