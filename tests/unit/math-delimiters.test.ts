import { describe, expect, it } from "vitest";
import { inlineMathAt, normalizeMath } from "@/components/chat/math-delimiters";

describe("normalizeMath", () => {
  it.each([
    ["$…$ inline", "Area $A = \\pi r^2$.", "Area $$A = \\pi r^2$$."],
    ["\\(…\\) inline", "Area \\(A = \\pi r^2\\).", "Area $$A = \\pi r^2$$."],
    ["\\[…\\] inside a line, in display style", "so \\[x^2\\] holds", "so $$\\displaystyle x^2$$ holds"],
    ["$$…$$ inside a line stays inline", "then $$x$$ and", "then $$x$$ and"],
    ["$$ on its own lines", "$$\nx^2\n$$", "$$\nx^2\n$$"],
    ["$$…$$ alone on a line becomes a display block", "$$ x = 1 $$", "$$\nx = 1\n$$"],
    ["\\[…\\] on its own lines", "\\[\n\\sum k\n\\]\nafter", "$$\n\\sum k\n$$\nafter"],
    ["a closing delimiter with text after it", "\\[\na\n\\] where a > 0", "$$\na\n$$\nwhere a > 0\n"],
    ["indented in a list item", "- item\n\n  \\[\n  x\n  \\]", "- item\n\n  $$\n  x\n  $$"],
    ["two prices", "Costs $5 and $10.", "Costs $5 and $10."],
    ["a price after a formula", "$x$ costs $5", "$$x$$ costs $5"],
    ["a closing $ before a digit", "$x$5", "$x$5"],
    ["a space after the opening $", "$ x$", "$ x$"],
    ["a space before the closing $", "$x $", "$x $"],
    ["escaped dollars", "\\$x\\$ and \\(y\\)", "\\$x\\$ and $$y$$"],
    ["an escaped backslash before a paren", "a \\\\(b) c", "a \\\\(b) c"],
    ["a code span", "`$x$` and `\\(y\\)`", "`$x$` and `\\(y\\)`"],
    ["a double-backtick code span holding a backtick", "`` a ` $b$ `` $c$", "`` a ` $b$ `` $$c$$"],
    ["an unmatched backtick", "a ` b $c$", "a ` b $$c$$"],
    ["a fenced code block", "```py\nx = '$a$ \\\\(b\\\\)'\n```\n$c$", "```py\nx = '$a$ \\\\(b\\\\)'\n```\n$$c$$"],
    ["a formula across lines of one paragraph", "so \\(a +\nb\\) holds", "so $$a +\nb$$ holds"],
    ["no formula across a blank line", "a \\(b\n\nc\\) d", "a \\(b\n\nc\\) d"],
  ])("%s", (_name, block, markdown) => {
    expect(normalizeMath(block).markdown).toBe(markdown);
  });

  it.each([
    ["a display $$ with nothing closing it", "Intro.\n$$\n\\int", { at: 7, display: true }],
    ["a display \\[ with nothing closing it", "\\[ x +", { at: 0, display: true }],
    ["an inline \\( with nothing closing it", "The area \\(\\pi", { at: 9, display: false }],
    ["an inline $$ with nothing closing it", "so $$x", { at: 3, display: false }],
  ])("says where %s opens", (_name, block, open) => {
    expect(normalizeMath(block).open).toMatchObject(open);
  });

  it.each([
    ["a lone $, which may be a price", "It costs $5"],
    ["closed formulas", "$x$ and \\(y\\)"],
    ["an opener inside code", "`\\(` and\n```\n$$\n```"],
  ])("finds nothing open in %s", (_name, block) => {
    expect(normalizeMath(block).open).toBeUndefined();
  });

  it("keeps the text before an open formula exactly as it renders", () => {
    const block = "Area $A$ then \\(\\pi";
    const { markdown, open } = normalizeMath(block);
    expect(markdown.slice(0, open?.markdownAt)).toBe("Area $$A$$ then ");
    expect(block.slice(open?.at)).toBe("\\(\\pi");
  });
});

describe("inlineMathAt", () => {
  it.each([
    ["a single-dollar formula", "$x$ y", 0, { kind: "closed", end: 3, markdown: "$$x$$" }],
    ["a price, whose next $ cannot close a formula", "$5 and $10", 0, undefined],
    ["a last price, which nothing closes yet", "$5 and $10", 7, { kind: "unclosed", delimiter: "$", certain: false }],
    ["a dollar before a space", "$ 5", 0, undefined],
    ["a plain character", "x", 0, undefined],
    ["an escape that is not math", "\\*", 0, undefined],
    ["\\( closed", "\\(a\\)", 0, { kind: "closed", end: 5, markdown: "$$a$$" }],
    ["\\( open", "\\(a", 0, { kind: "unclosed", delimiter: "\\(", certain: true }],
  ])("reads %s", (_name, text, at, expected) => {
    expect(inlineMathAt(text, at)).toEqual(expected);
  });
});
