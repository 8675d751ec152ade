import { describe, expect, it } from "vitest";
import { closeOpenInlineMarkers, createBlockSplitter, splitMarkdownBlocks, viewBlock } from "@/components/chat/markdown-blocks";
import { richBenchText } from "@/scripts/standin/bench";

describe("splitMarkdownBlocks", () => {
  it.each([
    ["one paragraph", "Hello world.", ["Hello world."]],
    ["paragraphs", "First.\n\nSecond.", ["First.\n", "Second."]],
    ["a heading, a list and a table", "# Title\n\n- a\n- b\n\n| x |\n| - |\n| 1 |", ["# Title\n", "- a\n- b\n", "| x |\n| - |\n| 1 |"]],
    ["a fenced code block with blank lines inside", "```ts\nconst a = 1;\n\nconst b = 2;\n```\n\nAfter.", ["```ts\nconst a = 1;\n\nconst b = 2;\n```\n", "After."]],
    ["an unfinished fence while streaming", "Intro.\n\n```py\nx = 1\n\ny", ["Intro.\n", "```py\nx = 1\n\ny"]],
    ["a tilde fence is not closed by backticks", "~~~\na\n\n```\nb\n~~~\n\nc", ["~~~\na\n\n```\nb\n~~~\n", "c"]],
    ["an indented continuation of a list item", "1. Step one\n\n   more about step one\n2. Step two", ["1. Step one\n\n   more about step one\n2. Step two"]],
    ["several blank lines", "a\n\n\n\nb", ["a\n\n\n", "b"]],
    ["display math with a blank line inside", "$$\na\n\nb\n$$\n\nAfter.", ["$$\na\n\nb\n$$\n", "After."]],
    ["bracketed display math with a blank line inside", "\\[\na\n\nb \\]\n\nc", ["\\[\na\n\nb \\]\n", "c"]],
    ["display math closed on its own line", "$$ x $$\n\ny", ["$$ x $$\n", "y"]],
    ["unfinished display math while streaming", "Intro.\n\n$$\na\n\nb", ["Intro.\n", "$$\na\n\nb"]],
    ["$$ inside fenced code opens nothing", "```\n$$\n```\n\nz", ["```\n$$\n```\n", "z"]],
  ])("%s", (_name, text, blocks) => {
    expect(splitMarkdownBlocks(text)).toEqual(blocks);
  });

  it("loses nothing: the blocks joined by newlines give back the text", () => {
    const samples = ["", "x", "a\n\nb\n\n", "```\n\n\n```\n\nz", "- a\n\n  b\n\nc", "\n\nleading blank"];
    for (const text of samples) expect(splitMarkdownBlocks(text).join("\n")).toBe(text);
  });
});

describe("createBlockSplitter", () => {
  const slices = (text: string, spans: readonly { start: number; end: number }[]) => spans.map(({ start, end }) => text.slice(start, end));

  it("gives the same blocks when fed an answer chunk by chunk as when splitting it whole", () => {
    const text = richBenchText(6_000);
    const split = createBlockSplitter();
    for (let end = 0; end <= text.length; end += 13) {
      const prefix = text.slice(0, end);
      expect(slices(prefix, split(prefix)), `at ${end}`).toEqual(splitMarkdownBlocks(prefix));
    }
  });

  it("splits again from the start when the text changed rather than grew", () => {
    const split = createBlockSplitter();
    split("First.\n\nSecond.\n\nThird.");
    const text = "Other.\n\n```\n\nx";
    expect(slices(text, split(text))).toEqual(["Other.\n", "```\n\nx"]);
  });
});

describe("closeOpenInlineMarkers", () => {
  it.each([
    ["an open bold", "**Turn", "**Turn**"],
    ["an open bold before the space a chunk ended with", "**Turn ", "**Turn** "],
    ["an open code span before a trailing space", "Use `const ", "Use `const` "],
    ["a closed bold", "**Turn 1.** You", "**Turn 1.** You"],
    ["an open inline code span", "Use `const", "Use `const`"],
    ["asterisks inside code do not count", "`a ** b` and **bo", "`a ** b` and **bo**"],
    ["a bold marker that just opened, with nothing after it yet", "Hello **", "Hello **"],
    ["a fenced code block", "```ts\nconst a = **b", "```ts\nconst a = **b"],
    ["plain text", "Nothing to close", "Nothing to close"],
  ])("%s", (_name, block, shown) => {
    expect(closeOpenInlineMarkers(block)).toBe(shown);
  });
});

describe("whether a block ends inside fenced code (viewBlock's endsInFence)", () => {
  it.each([
    ["an open fence", "```ts\nconst a = 1;", true],
    ["a closed fence", "```ts\nconst a = 1;\n```", false],
    ["a longer closing fence", "````\n```\nx\n````", false],
    ["a tilde fence closed by backticks", "~~~\nx\n```", true],
    ["no fence", "Just text.", false],
  ])("%s", (_name, block, open) => {
    expect(viewBlock(block, { incomplete: true, streaming: true }).endsInFence).toBe(open);
  });
});

describe("viewBlock", () => {
  const streaming = { incomplete: true, streaming: true };
  const stopped = { incomplete: true, streaming: false };
  const done = { incomplete: false, streaming: false };
  it.each([
    ["math delimiters rewritten", "Area \\(\\pi r^2\\)", done, { markdown: "Area $$\\pi r^2$$" }],
    ["an open inline formula left out while streaming", "Area is \\(\\pi", streaming, { markdown: "Area is " }],
    ["an open inline formula kept as text once stopped", "Area is \\(\\pi", stopped, { markdown: "Area is \\(\\pi" }],
    ["an open display formula as its TeX", "$$\n\\int_0^1", streaming, { markdown: "", pendingMath: "\\int_0^1" }],
    ["an open display formula as its TeX once stopped", "See:\n\\[ a +", stopped, { markdown: "See:\n", pendingMath: "a +" }],
    ["a price is never held back", "It costs $5", streaming, { markdown: "It costs $5" }],
    ["an open bold closed before the formula", "**Area \\(x", streaming, { markdown: "**Area** " }],
  ])("%s", (_name, block, state, view) => {
    // None of these has fenced code.
    expect(viewBlock(block, state)).toEqual({ ...view, endsInFence: false });
  });
});
