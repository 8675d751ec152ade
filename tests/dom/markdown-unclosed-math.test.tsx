/**
 * A "$$" or "\[" that opens a line and never closes is prose, not a formula that swallows the
 * rest of the answer: the headings, lists and code after it render as Markdown.
 */
import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Markdown } from "@/components/chat/Markdown";

const ANSWER = "$$ is the shell's process id.\n\n## Next\n\n- one\n- two\n\n```bash\necho $$\n```\n\nMore text.";

describe("an unclosed display-math opener", () => {
  it("leaves the rest of a finished answer as Markdown and shows the dollars as written", () => {
    const { container } = render(<Markdown text={ANSWER} />);
    expect(container.querySelector("h2")?.textContent).toBe("Next");
    expect(container.querySelectorAll("li")).toHaveLength(2);
    expect(container.querySelector("pre code")?.textContent).toContain("echo $$");
    expect(container.textContent).toContain("$$ is the shell's process id.");
    expect(container.textContent).toContain("More text.");
    expect(container.querySelector(".katex")).toBeNull();
  });

  it("while streaming, holds it back as unfinished TeX no further than the next code fence", () => {
    const { container } = render(<Markdown text={ANSWER} incomplete streaming />);
    expect(container.querySelector("pre code")?.textContent).toContain("echo $$");
    expect(container.textContent).toContain("More text.");
  });
});
