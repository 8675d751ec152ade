/**
 * "Copy as text": an answer as the student reads it, with no Markdown syntax left, decided by
 * the same parser and block split as the page.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerPlainText } from "@/components/chat/answer-plain-text";

describe("answerPlainText", () => {
  it.each([
    ["headings lose their #", "# Osmosis\n\n## In plants\nWater moves.", "Osmosis\n\nIn plants\n\nWater moves."],
    ["setext headings lose their underline", "Osmosis\n=======", "Osmosis"],
    ["emphasis, strikethrough and code spans are their text", "Some **bold**, *italic*, __also__, ***both***, ~~gone~~ and `x = 1`.", "Some bold, italic, also, both, gone and x = 1."],
    ["links are their text", "See [the notes](https://example.edu/notes) and <https://asu.edu>.", "See the notes and https://asu.edu."],
    ["an image is its alt text", "![A dividing cell](https://example.edu/cell.png)", "A dividing cell"],
    ["bullets replace list markers, nested lists stay indented", "- one\n- two\n  * nested\n  * again\n- three", "• one\n• two\n  • nested\n  • again\n• three"],
    ["a new marker starts a new list, as it renders", "- one\n+ two", "• one\n\n• two"],
    ["ordered lists keep their numbers from where they start", "3. three\n4. four", "3. three\n4. four"],
    ["loose list items are a blank line apart, their paragraphs under the text", "1. first\n\n   more\n\n2. second", "1. first\n\n   more\n\n2. second"],
    ["task list items show their box", "- [ ] to do\n- [x] done", "• ☐ to do\n• ☑ done"],
    ["table cells are tab-separated, without pipes or the alignment row", "| Phase | Mitosis |\n|:--|--:|\n| **Cells** | 2 |\n| a \\| b | |", "Phase\tMitosis\nCells\t2\na | b\t"],
    ["code blocks keep their code, not their fences", "```python\nprint('**not bold**')\n\n  indented\n```", "print('**not bold**')\n\n  indented"],
    ["code in a list item lines up under the item", "1. run\n   ```\n   npm test\n   ```", "1. run\n   npm test"],
    ["quotes lose their >", "> **Note:** read\n> twice", "Note: read\ntwice"],
    ["a hard break is a new line", "line one  \nline two\\\nline three", "line one\nline two\nline three"],
    ["escapes and entities are what they show", "\\*not emphasis\\* &amp; 5 &lt; 6", "*not emphasis* & 5 < 6"],
    ["a rule is only the blank line between blocks", "above\n\n---\n\nbelow", "above\n\nbelow"],
    ["raw HTML is shown as text, as on the page", "a <b>b</b>", "a <b>b</b>"],
    ["inline math is its TeX", "Energy is $E = mc^2$.", "Energy is E = mc^2."],
    ["math in \\( \\) is its TeX", "Solve \\(x^2 = 4\\).", "Solve x^2 = 4."],
    ["display math is its TeX", "Then\n\n$$\n\\frac{a}{b}\n$$\n\nso", "Then\n\n\\frac{a}{b}\n\nso"],
    ["prices stay prices", "It costs $5 and $10.", "It costs $5 and $10."],
    ["footnotes are numbered and listed after their block", "Fact[^src].\n[^src]: The **source**.", "Fact[1].\n\n[1] The source."],
    ["nothing is nothing", "", ""],
  ])("%s", (_name, markdown, text) => {
    expect(answerPlainText(markdown)).toBe(text);
  });

  it("takes a nesting deeper than any answer flat instead of exhausting the stack", () => {
    expect(answerPlainText(`${">".repeat(5_000)} deep **text**`)).toBe("deep text");
  });
});

/** Words that cannot be Markdown themselves. */
const word = fc.stringMatching(/^[a-z]{1,8}$/);
/** Inline pieces a model writes, each with its emphasis closed. */
const inline = fc.oneof(
  word,
  word.map((text) => `**${text}**`),
  word.map((text) => `*${text}*`),
  word.map((text) => `_${text}_`),
  word.map((text) => `__${text}__`),
  word.map((text) => `***${text}***`),
  word.map((text) => `~~${text}~~`),
  word.map((text) => `[${text}](https://example.edu/${text})`),
  word.map((text) => `**${text} *${text}* ${text}**`),
);
const line = fc.tuple(fc.constantFrom("", "# ", "## ", "- ", "1. ", "> ", "- [ ] "), fc.array(inline, { minLength: 1, maxLength: 6 })).map(([prefix, pieces]) => prefix + pieces.join(" "));
const answer = fc.array(fc.tuple(line, fc.constantFrom("\n", "\n\n")), { maxLength: 12 }).map((lines) => lines.map(([text, end]) => text + end).join(""));

describe("answerPlainText properties", () => {
  it("never throws, whatever the text", () => {
    const markdownish = fc.string({ unit: fc.constantFrom(..."*_`$\\|-#>[]()!~^:\n \t1a"), maxLength: 200 });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), markdownish), (markdown) => {
        expect(typeof answerPlainText(markdown)).toBe("string");
      }),
    );
  });

  it("leaves no emphasis markers, link syntax or line markers in answers written with them", () => {
    fc.assert(
      fc.property(answer, (markdown) => {
        const text = answerPlainText(markdown);
        expect(text).not.toMatch(/\*|~~|\]\(|^#|^>|^- /m);
        expect(text).not.toMatch(/(^|\s)_|_(\s|$)/);
      }),
    );
  });
});
