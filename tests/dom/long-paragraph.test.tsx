import { renderToStaticMarkup } from "react-dom/server";
import ReactMarkdown from "react-markdown";
import { describe, expect, it } from "vitest";
import { Markdown, MARKDOWN_COMPONENTS } from "@/components/chat/Markdown";
import { REMARK_PLUGINS } from "@/components/chat/markdown-plugins";
import { createParagraphSplitter, splitLongParagraph } from "@/components/chat/long-paragraph";
import { normalizeMath } from "@/components/chat/math-delimiters";

const benchChunk = (i: number) => `<t=${(1732240000000 + i * 5).toFixed(3)}>`.padEnd(32, "x");
const benchText = (chunks: number) => Array.from({ length: chunks }, (_, i) => benchChunk(i)).join("");
const prose = "Osmosis moves **water** across a `membrane` to the side with more [solute](https://example.org/solute). ";
const mathProse = "With $x_1 * y_2$ and \\(a_i * b_i\\), a price of $5 for $$\\sum_k k$$ (`$HOME`) \\[x\\] and \\*star. ";

describe("splitLongParagraph", () => {
  it.each([
    ["a short paragraph", "Short and sweet.", 10_000],
    ["a paragraph over several lines", `${"word ".repeat(50)}\n${"more ".repeat(50)}`, 20],
    ["a heading", `# ${"Title ".repeat(40)}`, 20],
    ["a list item", `- ${"item ".repeat(40)}`, 20],
    ["an ordered list item", `12. ${"item ".repeat(40)}`, 20],
    ["a quote", `> ${"quoted ".repeat(40)}`, 20],
    ["a table row", `| ${"cell | ".repeat(40)}`, 20],
    ["an HTML block", `<div>${"x".repeat(200)}`, 20],
    ["an indented code line", `    ${"code ".repeat(40)}`, 20],
  ])("leaves %s whole", (_name, block, target) => {
    expect(splitLongParagraph(block, target)).toBeUndefined();
  });

  it("splits a long line without spaces into bounded segments that join back to it", () => {
    const text = benchText(500);
    const segments = splitLongParagraph(text, 1_000) ?? [];
    // Without spaces the cut waits for twice the target, between two letters or digits.
    expect(segments.length).toBeGreaterThanOrEqual(7);
    expect(segments.join("")).toBe(text);
    for (const segment of segments.slice(0, -1)) expect(segment.length).toBeLessThan(2_100);
  });

  it("keeps earlier segments unchanged as the paragraph grows", () => {
    const text = prose.repeat(80);
    const before = splitLongParagraph(text.slice(0, 5_000), 1_000) ?? [];
    const after = splitLongParagraph(text, 1_000) ?? [];
    expect(after.slice(0, before.length - 1)).toEqual(before.slice(0, -1));
  });

  it.each([
    ["bench chunks", benchText(200)],
    ["prose", prose.repeat(60)],
    ["prose with numbered steps", "Step 1. Mix. ".repeat(300)],
    ["prose with math", mathProse.repeat(30)],
  ])("gives the same segments when fed %s chunk by chunk as when scanning it whole", (_name, text) => {
    const split = createParagraphSplitter(300);
    for (let end = 7; end <= text.length; end += 7) {
      const prefix = text.slice(0, end);
      expect(split(prefix), `at ${end}`).toEqual(splitLongParagraph(prefix, 300));
    }
  });

  it("never cuts inside bold, code, a link or angle brackets", () => {
    const text = `${"a".repeat(30)}**${"b".repeat(30)}**\`${"c".repeat(30)}\`[${"d".repeat(30)}](https://e.org/${"f".repeat(30)})<${"g".repeat(30)}>${"h".repeat(30)}`;
    const segments = splitLongParagraph(text, 10) ?? [];
    expect(segments.join("")).toBe(text);
    for (const segment of segments) {
      expect((segment.match(/\*\*/g) ?? []).length % 2, segment).toBe(0);
      expect((segment.match(/`/g) ?? []).length % 2, segment).toBe(0);
      expect((segment.match(/\[/g) ?? []).length, segment).toBe((segment.match(/\]/g) ?? []).length);
      expect((segment.match(/</g) ?? []).length, segment).toBe((segment.match(/>/g) ?? []).length);
    }
  });

  it("never cuts inside a formula, and skips TeX's _ and * as emphasis", () => {
    const text = mathProse.repeat(30).trimEnd();
    const segments = splitLongParagraph(text, 100) ?? [];
    expect(segments.length).toBeGreaterThan(10);
    expect(segments.join("")).toBe(text);
    // Each segment rewrites to the same formulas as the whole paragraph does.
    expect(segments.map((segment) => normalizeMath(segment).markdown).join("")).toBe(normalizeMath(text).markdown);
  });

  it("makes no cut after a lone $ that a later one could close", () => {
    const text = `${"word ".repeat(40)}costs $5 ${"more ".repeat(80)}`;
    const segments = splitLongParagraph(text, 50) ?? [];
    expect(segments.at(-1)).toMatch(/^costs \$5|\$5/);
    expect(segments.join("")).toBe(text);
  });

  it("cuts prose at a single space, kept at the end of the segment before", () => {
    const text = prose.repeat(40).trimEnd();
    const segments = splitLongParagraph(text, 200) ?? [];
    expect(segments.length).toBeGreaterThan(5);
    for (const segment of segments.slice(0, -1)) expect(segment).toMatch(/\S $/);
    expect(segments.join("")).toBe(text);
  });

  it.each([
    ["a long paragraph flows while streaming and once done", 40, false, false],
    ["a very long paragraph is stacked while streaming, and flows once done", 100, true, false],
    ["a huge paragraph stays stacked once done", 250, true, true],
  ])("%s", (_name, repeats, stackedWhileStreaming, stackedOnceDone) => {
    const text = prose.repeat(repeats).trimEnd();
    const className = (stacked: boolean) => (stacked ? '<p class="segments segments-stacked">' : '<p class="segments">');
    expect(renderToStaticMarkup(<Markdown text={text} streaming incomplete />)).toContain(className(stackedWhileStreaming));
    expect(renderToStaticMarkup(<Markdown text={text} />)).toContain(className(stackedOnceDone));
  });

  it("never starts a segment with what reads as a list item", () => {
    const text = `${"x".repeat(20)}1. ${"y".repeat(20)}`;
    for (const segment of splitLongParagraph(text, 19) ?? []) expect(segment).not.toMatch(/^\d+[.)]\s/);
  });

  it.each([
    ["bench chunks", benchText(300)],
    ["prose with bold, code and links", prose.repeat(60).trimEnd()],
    ["prose with formulas and prices", mathProse.repeat(30).trimEnd()],
  ])("renders %s exactly as one parse of the whole paragraph would", (_name, text) => {
    expect(splitLongParagraph(text)).toBeDefined();
    const whole = renderToStaticMarkup(
      <ReactMarkdown remarkPlugins={REMARK_PLUGINS} components={MARKDOWN_COMPONENTS}>
        {normalizeMath(text).markdown}
      </ReactMarkdown>,
    );
    const segmented = renderToStaticMarkup(<Markdown text={text} />);
    // Apart from the segments' own wrappers, the HTML is the same as one parse of the whole
    // (closing span tags are dropped on both sides: a segment's cannot be told from KaTeX's).
    const unwrapped = segmented
      .replace(/^<div class="markdown-group[^"]*">|<\/div>$/g, "")
      .replace('<p class="segments">', "<p>")
      .replace(/<span class="segment">|<\/span>/g, "");
    expect(unwrapped).toBe(whole.replace(/<\/span>/g, ""));
  });
});
