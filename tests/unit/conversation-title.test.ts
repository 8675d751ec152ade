import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_TITLE_CHARS, UNTITLED, cleanTypedTitle, titleFromQuestion } from "@/lib/chat-client/conversation-title";

describe("a conversation's title from its first question", () => {
  it.each([
    ["what is osmosis?", "What is osmosis?"],
    ["  Explain   **active transport**\n in cells ", "Explain active transport in cells"],
    ["Why does `useEffect` run twice?", "Why does useEffect run twice?"],
    ["See [the notes](https://example.edu/n) on $x^2$", "See the notes on x^2"],
    ["Fix this:\n```py\nprint('hi')\n```\nplease", "Fix this: please"],
    ["```\nonly code\n```", UNTITLED],
    ["   ", UNTITLED],
  ])("%j becomes %j", (question, title) => {
    expect(titleFromQuestion(question)).toBe(title);
  });

  it("cuts a long question at a word, with an ellipsis", () => {
    const title = titleFromQuestion("Compare the stages of mitosis and meiosis in animal cells with examples from the lecture");
    expect(title).toBe("Compare the stages of mitosis and meiosis in…");
    expect(Array.from(title).length).toBeLessThanOrEqual(MAX_TITLE_CHARS);
  });

  it("is always one bounded line and never splits an emoji", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (question) => {
        const title = titleFromQuestion(question);
        expect(title).not.toMatch(/\n/);
        expect(Array.from(title).length).toBeLessThanOrEqual(MAX_TITLE_CHARS);
        expect(title).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
      }),
    );
  });

  it("keeps a typed title as typed, on one line; an empty one is no title", () => {
    expect(cleanTypedTitle("  Exam  prep\nweek 3 ")).toBe("Exam prep week 3");
    expect(cleanTypedTitle("   ")).toBe("");
  });
});
