import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { Markdown, type MarkdownProps } from "@/components/chat/Markdown";
import { highlight } from "@/components/chat/highlighter";

function renderAnswer(text: string, props: Omit<MarkdownProps, "text"> = {}) {
  const view = render(
    <div data-testid="answer">
      <Markdown text={text} {...props} />
    </div>,
  );
  const answer = () => screen.getByTestId("answer");
  return { ...view, answer, update: (next: string, nextProps: Omit<MarkdownProps, "text"> = props) => view.rerender(<div data-testid="answer"><Markdown text={next} {...nextProps} /></div>) };
}

const codeText = (root: HTMLElement) => root.querySelector("pre code")?.textContent;
const tokenSpans = (root: HTMLElement) => root.querySelectorAll("pre code span[style]");

/** Lets a highlight that was asked for finish and reach React, so "still plain" means something. */
async function settleHighlight(code: string): Promise<void> {
  await act(async () => {
    await highlight(code, "typescript");
  });
}

describe("code blocks", () => {
  const PYTHON = "def double(x):\n    return x * 2  # <img src=x onerror=alert(1)>";

  it("colours a known language, labels it, and copies exactly its code", async () => {
    const user = userEvent.setup();
    const { answer } = renderAnswer(`Here:\n\n\`\`\`python\n${PYTHON}\n\`\`\``);
    const before = codeText(answer());
    expect(before).toBe(`${PYTHON}\n`);

    await waitFor(() => expect(answer().querySelector('[data-testid="code-block"]')?.getAttribute("data-highlighted")).toBe("true"));
    expect(within(answer()).getByTestId("code-language").textContent).toBe("Python");
    expect(tokenSpans(answer()).length).toBeGreaterThan(3);
    const keyword = [...tokenSpans(answer())].find((span) => span.textContent === "def") as HTMLElement;
    expect(keyword.style.color).not.toBe("");
    expect(keyword.style.getPropertyValue("--shiki-dark")).not.toBe("");
    // Colouring only wraps the text: what tests and screen readers read is unchanged, and the
    // HTML in the comment is still text.
    expect(codeText(answer())).toBe(before);
    expect(answer().querySelector("img")).toBeNull();

    const writeText = vi.spyOn(navigator.clipboard, "writeText");
    await user.click(within(answer()).getByRole("button", { name: "Copy Python code" }));
    expect(writeText).toHaveBeenCalledWith(PYTHON);
    expect(await navigator.clipboard.readText()).toBe(PYTHON);
    await within(answer()).findByRole("button", { name: "Copied" });
  });

  it.each([
    ["an unknown language, labelled with its name", "```brainfuck\n++[>+<-].\n```", "brainfuck", "Copy brainfuck code"],
    ["a fence with no language", "```\nplain text\n```", "Code", "Copy code"],
    ["a tag that names an Object member", "```constructor\nx\n```", "constructor", "Copy constructor code"],
  ])("shows %s as plain code", async (_name, text, label, copyLabel) => {
    const { answer } = renderAnswer(text);
    await settleHighlight("x");
    expect(within(answer()).getByTestId("code-language").textContent).toBe(label);
    expect(within(answer()).getByRole("button", { name: copyLabel })).toBeTruthy();
    expect(tokenSpans(answer())).toHaveLength(0);
    expect(answer().querySelector('[data-testid="code-block"]')?.getAttribute("data-highlighted")).toBe("false");
  });

  it("keeps a streaming code block plain until its fence closes, then colours it with the same text", async () => {
    const code = "const total = prices.reduce((sum, price) => sum + price, 0);";
    const { answer, update } = renderAnswer(`Sum them:\n\n\`\`\`ts\n${code}\n`, { streaming: true, incomplete: true });
    await settleHighlight(code);
    expect(tokenSpans(answer())).toHaveLength(0);
    expect(codeText(answer())).toBe(`${code}\n`);

    update(`Sum them:\n\n\`\`\`ts\n${code}\n\`\`\``, { streaming: true, incomplete: true });
    await waitFor(() => expect(tokenSpans(answer()).length).toBeGreaterThan(0));
    expect(codeText(answer())).toBe(`${code}\n`);
  });

  it("colours a block whose fence never closed once the answer has ended", async () => {
    const code = "let unfinished = true;";
    const { answer, update } = renderAnswer(`\`\`\`ts\n${code}`, { streaming: true, incomplete: true });
    await settleHighlight(code);
    expect(tokenSpans(answer())).toHaveLength(0);
    update(`\`\`\`ts\n${code}`, { streaming: false, incomplete: true });
    await waitFor(() => expect(tokenSpans(answer()).length).toBeGreaterThan(0));
  });
});

describe("math", () => {
  const tex = (root: HTMLElement) => [...root.querySelectorAll('annotation[encoding="application/x-tex"]')].map((node) => node.textContent);

  it.each([
    ["$…$", "Area: $A = \\pi r^2$.", "A = \\pi r^2", false],
    ["\\(…\\)", "Area: \\(A = \\pi r^2\\).", "A = \\pi r^2", false],
    ["$$…$$ on its own lines", "Sum:\n\n$$\n\\sum_{k=1}^{n} k\n$$", "\\sum_{k=1}^{n} k", true],
    ["$$…$$ on one line", "$$ \\int_0^1 x^2 \\, dx $$", "\\int_0^1 x^2 \\, dx", true],
    ["\\[…\\] on its own lines", "\\[\n\\frac{a}{b}\n\\]", "\\frac{a}{b}", true],
    ["\\[…\\] on one line", "\\[ e^{i\\pi} + 1 = 0 \\]", "e^{i\\pi} + 1 = 0", true],
    ["\\[…\\] inside a sentence, in display style", "so \\[x^2\\] holds", "\\displaystyle x^2", false],
  ])("typesets %s", (_name, text, source, display) => {
    const { answer } = renderAnswer(text);
    expect(answer().querySelectorAll(".katex")).toHaveLength(1);
    expect(answer().querySelectorAll(".katex-display")).toHaveLength(display ? 1 : 0);
    expect(answer().querySelector(".katex-error")).toBeNull();
    expect(tex(answer())).toEqual([source]);
  });

  it("keeps a display formula with a blank line in it whole", () => {
    const { answer } = renderAnswer("Before.\n\n$$\na = b\n\nc = d\n$$\n\nAfter.");
    expect(answer().querySelectorAll(".katex-display")).toHaveLength(1);
    expect(answer().textContent).toContain("After.");
  });

  it.each([
    ["two prices", "The book costs $5 and the course $10."],
    ["a range", "Between $5-$10 a month."],
    ["prices in a list", "- lunch $12\n- dinner $25, tip included"],
    ["an escaped dollar", "Write \\$x\\$ to show dollars."],
    ["a dollar in code", "Use `$HOME` and `$PATH`."],
    ["dollars in a code block", "```bash\necho \"$HOME costs $5\"\n```"],
  ])("leaves %s as text, not math", (_name, text) => {
    const { answer } = renderAnswer(text);
    expect(answer().querySelector(".katex")).toBeNull();
    expect(answer().textContent).toContain("$");
  });

  it.each([
    ["$$", "The integral:\n\n$$\n\\int_0^1 x^2 \\,", "\\int_0^1 x^2 \\,"],
    ["\\[", "The sum:\n\n\\[\n\\sum_{k=1}^{n", "\\sum_{k=1}^{n"],
  ])("shows a display formula still streaming after %s as its TeX, then typesets it when it closes", (_name, text, pending) => {
    const { answer, update } = renderAnswer(text, { streaming: true, incomplete: true });
    expect(answer().querySelector(".katex, .katex-error")).toBeNull();
    expect(within(answer()).getByTestId("math-pending").textContent).toBe(pending);

    const closed = text.includes("\\[") ? `${text}} k\n\\]` : `${text} dx\n$$`;
    update(closed, { streaming: true, incomplete: true });
    expect(within(answer()).queryByTestId("math-pending")).toBeNull();
    expect(answer().querySelectorAll(".katex-display")).toHaveLength(1);
  });

  it("leaves out an inline formula still streaming, until it closes", () => {
    const { answer, update } = renderAnswer("The area is \\(\\pi r^", { streaming: true, incomplete: true });
    expect(answer().textContent).toBe("The area is");
    expect(answer().querySelector(".katex")).toBeNull();
    update("The area is \\(\\pi r^2\\), as you know", { streaming: true, incomplete: true });
    expect(answer().querySelectorAll(".katex")).toHaveLength(1);
    expect(answer().textContent).toContain("as you know");
  });

  it("shows the TeX of a display formula a stopped answer left open, not a broken formula", () => {
    const { answer } = renderAnswer("$$\n\\frac{1}{", { streaming: false, incomplete: true });
    expect(answer().querySelector(".katex")).toBeNull();
    expect(within(answer()).getByTestId("math-pending").textContent).toBe("\\frac{1}{");
  });

  it("shows TeX that KaTeX cannot read as text, without failing the answer", () => {
    const { answer } = renderAnswer("Broken: $\\frac{1}{$ and fine: $x$.");
    expect(answer().querySelector(".katex-error")?.textContent).toContain("\\frac");
    expect(answer().textContent).toContain("fine:");
  });
});

describe("nothing in math or code runs or links", () => {
  it.each([
    ["\\href with javascript:", "$\\href{javascript:alert(1)}{click}$"],
    ["\\url with javascript:", "$$\\url{javascript:alert(1)}$$"],
    ["\\htmlClass", "$\\htmlClass{evil}{x}$"],
    ["\\htmlStyle", "$\\htmlStyle{position:fixed;inset:0}{x}$"],
    ["\\htmlData", "$\\htmlData{foo=bar}{x}$"],
    ["raw HTML in math", "$$<img src=x onerror=alert(1)><script>alert(1)</script>$$"],
    ["a javascript: link", "[click](javascript:alert(1)) and $x$"],
    ["HTML in a code block", "```html\n<script>alert(1)</script><img src=x onerror=alert(1)>\n```"],
  ])("%s", async (_name, text) => {
    const { answer } = renderAnswer(text);
    await settleHighlight("x");
    const root = answer();
    expect(root.querySelector("script, img, iframe, object")).toBeNull();
    for (const link of root.querySelectorAll("a")) expect(link.getAttribute("href") ?? "").not.toMatch(/^\s*javascript:/i);
    expect(root.querySelector(".evil, [data-foo]")).toBeNull();
    expect(root.querySelector('[style*="position:fixed"], [style*="position: fixed"]')).toBeNull();
  });
});
