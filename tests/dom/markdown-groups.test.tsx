import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Markdown } from "@/components/chat/Markdown";
import { splitMarkdownBlocks } from "@/components/chat/markdown-blocks";
import { composeMathAnswer } from "@/scripts/standin/answers";
import { richBenchText } from "@/scripts/standin/bench";

const answer = (length: number) => richBenchText(length);

/** The rendered HTML with code blocks uncoloured: colouring arrives asynchronously, whenever it does. */
function withPlainCode(container: HTMLElement): string {
  const copy = container.cloneNode(true) as HTMLElement;
  for (const code of copy.querySelectorAll("pre code")) code.textContent = code.textContent;
  for (const block of copy.querySelectorAll("[data-highlighted]")) block.removeAttribute("data-highlighted");
  return copy.innerHTML;
}

describe("a long answer in groups of blocks", () => {
  it("puts its blocks in groups of 32, the last one live", () => {
    const text = answer(12_000);
    const blocks = splitMarkdownBlocks(text).length;
    const { container } = render(<Markdown text={text} />);
    const groups = container.querySelectorAll(":scope > .markdown-group");
    expect(groups).toHaveLength(Math.ceil(blocks / 32));
    expect([...groups].map((group) => group.classList.contains("markdown-group-live"))).toEqual([...groups].map((_, index) => index === groups.length - 1));
    expect([...groups].reduce((sum, group) => sum + group.children.length, 0)).toBeGreaterThanOrEqual(blocks);
  });

  it("renders an answer that grew chunk by chunk exactly as the whole answer rendered at once", () => {
    const text = answer(5_000);
    const { container, rerender } = render(<Markdown text="" streaming incomplete />);
    for (let end = 0; end <= text.length; end += 97) rerender(<Markdown text={text.slice(0, end)} streaming incomplete />);
    rerender(<Markdown text={text} />);
    const whole = render(<Markdown text={text} />).container;
    expect(withPlainCode(container)).toBe(withPlainCode(whole));
  });

  it("keeps the elements of finished groups as they are while the answer grows", () => {
    const text = answer(8_000);
    const { container, rerender } = render(<Markdown text={text.slice(0, 4_000)} streaming incomplete />);
    const first = container.querySelector(".markdown-group");
    const heading = first?.querySelector("h2");
    rerender(<Markdown text={text} streaming incomplete />);
    expect(container.querySelector(".markdown-group")).toBe(first);
    expect(first?.querySelector("h2")).toBe(heading);
    expect(heading?.textContent).toBe("Formulas and code (turn 1)");
  });

  it("gives each repetition of the demo answer the same blocks wherever a group boundary falls", () => {
    const text = answer(20_000);
    const { container } = render(<Markdown text={text} />);
    const headings = [...container.querySelectorAll("h2")].map((heading) => heading.textContent);
    const repetitions = text.split(/^## /m).length - 1;
    expect(headings).toHaveLength(repetitions);
    expect(container.querySelectorAll(".katex-display").length).toBeGreaterThanOrEqual(3 * (repetitions - 1));
    expect(composeMathAnswer(1)).toContain("## Formulas and code (turn 1)");
  });
});
