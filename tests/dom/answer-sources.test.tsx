/**
 * The sources under an answer as a student meets them: a closed line with the count and first
 * titles, opened by mouse or keyboard into a list with pages, chunks, safe links and excerpts.
 */
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AnswerSources } from "@/components/chat/AnswerSources";
import { MessageItem } from "@/components/chat/MessageItem";
import { parseAnswerSources, type AnswerSource } from "@/lib/createai/search-sources";
import type { AssistantMessage } from "@/lib/chat-client/types";

const SOURCES: AnswerSource[] = [
  { title: "BIO181-Lecture-07-Cell-Membranes.pdf", page: 4, excerpt: "Osmosis is the diffusion of water across a membrane." },
  { title: "OpenStax Biology 2e, Chapter 5", chunk: "5.2-03", excerpt: "Tonicity describes how a solution changes a cell's volume." },
  { title: "OpenStax Biology 2e: 5.2 Passive Transport", url: "https://openstax.org/books/biology-2e/pages/5-2-passive-transport" },
];

const toggle = () => screen.getByTestId("sources-toggle");
const list = () => screen.getByRole("list", { hidden: true });
const items = () => screen.getAllByTestId("source-item");

describe("AnswerSources", () => {
  it("starts closed: the count and the first titles, the list hidden", () => {
    render(<AnswerSources sources={SOURCES} />);
    expect(toggle().textContent).toContain("Sources (3)");
    expect(toggle().getAttribute("aria-expanded")).toBe("false");
    expect(screen.getAllByTestId("source-chip").map((chip) => chip.textContent)).toEqual([SOURCES[0]?.title, SOURCES[1]?.title]);
    expect(list().hidden).toBe(true);
    expect(toggle().getAttribute("aria-controls")).toBe(list().id);
  });

  it("opens on click into every source with its page, chunk and excerpt, and closes again", async () => {
    const user = userEvent.setup();
    render(<AnswerSources sources={SOURCES} />);
    await user.click(toggle());

    expect(toggle().getAttribute("aria-expanded")).toBe("true");
    expect(list().hidden).toBe(false);
    expect(screen.queryAllByTestId("source-chip")).toEqual([]);
    expect(items()).toHaveLength(3);
    const [lecture, textbook, web] = items() as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(lecture).getByTestId("source-location").textContent).toBe("p. 4");
    expect(within(lecture).getByTestId("source-excerpt").textContent).toBe(SOURCES[0]?.excerpt);
    expect(within(textbook).getByTestId("source-location").textContent).toBe("chunk 5.2-03");
    expect(within(web).queryByTestId("source-location")).toBeNull();
    expect(within(web).queryByTestId("source-excerpt")).toBeNull();

    await user.click(toggle());
    expect(toggle().getAttribute("aria-expanded")).toBe("false");
    expect(list().hidden).toBe(true);
  });

  it("links only a source with an http(s) URL, in a new tab that gets no opener or referrer", async () => {
    const user = userEvent.setup();
    render(<AnswerSources sources={SOURCES} />);
    await user.click(toggle());

    const links = screen.getAllByRole("link");
    expect(links).toHaveLength(1);
    const link = links[0] as HTMLAnchorElement;
    expect(link.getAttribute("href")).toBe("https://openstax.org/books/biology-2e/pages/5-2-passive-transport");
    expect(link.getAttribute("target")).toBe("_blank");
    expect(link.getAttribute("rel")).toBe("noopener noreferrer nofollow");
    expect(link.textContent).toContain("5.2 Passive Transport");
    expect(link.textContent).toContain("opens in a new tab");
  });

  it("never links a javascript: URL that came from upstream", async () => {
    const user = userEvent.setup();
    const sources = parseAnswerSources({ sources: [{ source_name: "Trap", source_url: "javascript:alert(1)" }, { source_name: "Fine", url: "http://example.edu/a" }] });
    render(<AnswerSources sources={sources} />);
    await user.click(toggle());
    expect(screen.getAllByRole("link").map((link) => link.getAttribute("href"))).toEqual(["http://example.edu/a"]);
    expect(document.body.innerHTML).not.toContain("javascript:");
  });

  it("renders nothing without sources", () => {
    const { container } = render(<AnswerSources sources={[]} />);
    expect(container.innerHTML).toBe("");
  });

  it("opens and closes from the keyboard: Tab to it, Enter, then Space", async () => {
    const user = userEvent.setup();
    render(<AnswerSources sources={SOURCES} />);
    await user.tab();
    expect(document.activeElement).toBe(toggle());

    await user.keyboard("{Enter}");
    expect(toggle().getAttribute("aria-expanded")).toBe("true");
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole("link"));

    await user.tab({ shift: true });
    await user.keyboard(" ");
    expect(toggle().getAttribute("aria-expanded")).toBe("false");
    expect(list().hidden).toBe(true);
  });
});

describe("an answer's sources in the message list", () => {
  const answer = (metadata: unknown): AssistantMessage => ({ id: "a1", role: "assistant", content: "Osmosis is…", state: "done", metadata });

  it("shows the sources of the answer's metadata below its text", () => {
    const metadata = { model_details: {}, sources: [{ source_name: "Lecture-07.pdf", page_number: 4 }, { source_name: "Lecture-09.pdf" }] };
    render(<MessageItem message={answer(metadata)} showFigures={false} />);
    const sources = screen.getByTestId("sources");
    expect(toggle().textContent).toContain("Sources (2)");
    expect(screen.getByTestId("answer-text").compareDocumentPosition(sources) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it.each([
    ["no metadata", undefined],
    ["metadata without sources", { model_details: { inference_model: "x" } }],
    ["malformed sources", { sources: "notes.pdf" }],
  ])("shows no sources for %s", (_name, metadata) => {
    render(<MessageItem message={answer(metadata)} showFigures={false} />);
    expect(screen.queryByTestId("sources")).toBeNull();
  });
});
