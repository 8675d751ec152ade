import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_HISTORY_BUDGET, TRIMMED_MARKER, trimHistory } from "@/lib/createai/history-budget";
import { utf8Length } from "@/lib/createai/utf8-length";

const turn = (query: string, response: string) => ({ query, response });
const sizeOf = (turns: ReadonlyArray<{ query: string; response: string }>) =>
  turns.reduce((bytes, kept) => bytes + utf8Length(kept.query) + utf8Length(kept.response), 0);

describe("trimHistory", () => {
  it("keeps a history that fits, unchanged", () => {
    const history = [turn("a", "b"), turn("c", "d")];
    expect(trimHistory(history)).toEqual(history);
  });

  it("drops the oldest turns first when there are more turns than the budget", () => {
    const history = Array.from({ length: 8 }, (_, index) => turn(`q${index}`, `r${index}`));
    expect(trimHistory(history, { maxTurns: 3, maxBytes: 1_000 }).map((kept) => kept.query)).toEqual(["q5", "q6", "q7"]);
  });

  it("drops the oldest turns first when the text is over the byte budget", () => {
    const history = [turn("old", "x".repeat(600)), turn("middle", "y".repeat(300)), turn("new", "z".repeat(300))];
    expect(trimHistory(history, { maxTurns: 10, maxBytes: 700 }).map((kept) => kept.query)).toEqual(["middle", "new"]);
  });

  it("counts bytes, not characters, so multi-byte answers do not overflow CreateAI's message limit", () => {
    const emoji = "🙂".repeat(100); // 400 bytes, 200 UTF-16 units
    expect(trimHistory([turn("a", emoji), turn("b", emoji)], { maxTurns: 10, maxBytes: 500 }).map((kept) => kept.query)).toEqual(["b"]);
  });

  it("keeps the end of the newest answer, marked as cut, when it alone is over the budget", () => {
    const response = `${"early ".repeat(200)}the conclusion`;
    const [kept] = trimHistory([turn("older", "r"), turn("long one", response)], { maxTurns: 10, maxBytes: 200 });
    expect(kept?.query).toBe("long one");
    expect(kept?.response.startsWith(TRIMMED_MARKER)).toBe(true);
    expect(kept?.response.endsWith("the conclusion")).toBe(true);
  });

  it("never exceeds its budget and never splits a surrogate pair, whatever the history", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ query: fc.string({ unit: "grapheme", maxLength: 40 }), response: fc.string({ unit: "grapheme", maxLength: 200 }) }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 120, max: 2_000 }),
        (history, maxTurns, maxBytes) => {
          const kept = trimHistory(history, { maxTurns, maxBytes });
          expect(kept.length).toBeLessThanOrEqual(maxTurns);
          expect(sizeOf(kept)).toBeLessThanOrEqual(maxBytes);
          for (const { query, response } of kept) expect(`${query}${response}`).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
          // The newest turns are the ones kept, in order.
          if (kept.length > 1) expect(kept.slice(0, -1)).toEqual(history.slice(history.length - kept.length, -1));
        },
      ),
    );
  });

  it("has a default budget that leaves room for a full question and system prompt under 128 KB", () => {
    expect(DEFAULT_HISTORY_BUDGET.maxBytes + 32_000 + 16_000).toBeLessThan(128 * 1024);
  });
});
