import { describe, expect, it } from "vitest";
import { closeOpenInlineMarkers, splitMarkdownBlocks } from "@/components/chat/markdown-blocks";

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
  ])("%s", (_name, text, blocks) => {
    expect(splitMarkdownBlocks(text)).toEqual(blocks);
  });

  it("loses nothing: the blocks joined by newlines give back the text", () => {
    const samples = ["", "x", "a\n\nb\n\n", "```\n\n\n```\n\nz", "- a\n\n  b\n\nc", "\n\nleading blank"];
    for (const text of samples) expect(splitMarkdownBlocks(text).join("\n")).toBe(text);
  });
});

describe("closeOpenInlineMarkers", () => {
  it.each([
    ["an open bold", "**Turn", "**Turn**"],
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
