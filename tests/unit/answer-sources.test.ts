/**
 * Reading an answer's search sources from upstream metadata whose shape no document fixes:
 * aliases accepted, unknown fields ignored, bad fields dropped, bad items skipped, never a throw.
 */
import { describe, expect, it } from "vitest";
import { parseAnswerSources } from "@/lib/createai/search-sources";

const one = (item: unknown) => parseAnswerSources({ sources: [item] });

describe("parseAnswerSources", () => {
  it("reads CreateAI's fields: name, page, chunk, URL, content and score", () => {
    const metadata = {
      model_details: { inference_model: "claude4_5_sonnet" },
      sources: [
        { source_name: "Lecture-07.pdf", page_number: 4, content: "Osmosis is…", score: 0.91 },
        { source_name: "Textbook ch. 5", chunk_id: "5.2-03", content: "Tonicity…" },
        { source_name: "OpenStax 5.2", source_url: "https://openstax.org/books/biology-2e/pages/5-2-passive-transport" },
      ],
    };
    expect(parseAnswerSources(metadata)).toEqual([
      { title: "Lecture-07.pdf", page: 4, excerpt: "Osmosis is…", score: 0.91 },
      { title: "Textbook ch. 5", chunk: "5.2-03", excerpt: "Tonicity…" },
      { title: "OpenStax 5.2", url: "https://openstax.org/books/biology-2e/pages/5-2-passive-transport" },
    ]);
  });

  it.each([
    ["title", { title: "A" }, { title: "A" }],
    ["file_name", { file_name: "a.pdf" }, { title: "a.pdf" }],
    ["name", { name: "A" }, { title: "A" }],
    ["source_name before title", { title: "T", source_name: "S" }, { title: "S" }],
    ["page", { name: "A", page: 2 }, { title: "A", page: 2 }],
    ["a page label", { name: "A", page_number: "iv" }, { title: "A", page: "iv" }],
    ["page_number before page", { name: "A", page: 9, page_number: 3 }, { title: "A", page: 3 }],
    ["chunk", { name: "A", chunk: "c-1" }, { title: "A", chunk: "c-1" }],
    ["a numeric chunk id", { name: "A", chunk_id: 17 }, { title: "A", chunk: "17" }],
    ["url", { name: "A", url: "http://example.edu/a" }, { title: "A", url: "http://example.edu/a" }],
    ["source_url before url", { name: "A", url: "https://b.example/", source_url: "https://a.example/" }, { title: "A", url: "https://a.example/" }],
    ["excerpt (what the parser itself gives)", { title: "A", excerpt: "E" }, { title: "A", excerpt: "E" }],
    ["a URL alone, as the title too", { url: "https://example.edu/x" }, { title: "https://example.edu/x", url: "https://example.edu/x" }],
  ])("accepts %s", (_name, item, expected) => {
    expect(one(item)).toEqual([expected]);
  });

  it.each([
    ["javascript:", "javascript:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["file:", "file:///etc/passwd"],
    ["a relative path", "/notes.pdf"],
    ["not a URL", "notes dot pdf"],
    ["credentials in it", "https://student:hunter2@files.example.edu/notes.pdf"],
  ])("drops a link that is %s, keeping the source", (_name, url) => {
    expect(one({ source_name: "notes.pdf", source_url: url })).toEqual([{ title: "notes.pdf" }]);
  });

  it.each([
    ["a negative page", { name: "A", page_number: -1 }],
    ["a fractional page", { name: "A", page_number: 2.5 }],
    ["a page that is an object", { name: "A", page_number: { n: 1 } }],
    ["an empty page label", { name: "A", page_number: "  " }],
    ["a chunk that is a list", { name: "A", chunk_id: ["c"] }],
    ["empty content", { name: "A", content: "" }],
    ["content that is a number", { name: "A", content: 42 }],
  ])("leaves out %s and keeps the rest", (_name, item) => {
    expect(one(item)).toEqual([{ title: "A" }]);
  });

  it("trims names and folds an excerpt's line breaks into spaces", () => {
    expect(one({ source_name: "  notes.pdf \n", content: " Line one\n\nline   two. " })).toEqual([{ title: "notes.pdf", excerpt: "Line one line two." }]);
  });

  it("shortens an excerpt too long to show, marking the cut", () => {
    const [source] = one({ name: "A", content: "word ".repeat(500) });
    expect(source?.excerpt?.length).toBeLessThanOrEqual(600);
    expect(source?.excerpt?.endsWith("…")).toBe(true);
  });

  it("keeps the first of two sources with the same title and page, and both when the page differs", () => {
    const sources = [
      { source_name: "a.pdf", page_number: 1, content: "first" },
      { source_name: "a.pdf", page_number: 1, content: "second" },
      { source_name: "a.pdf", page_number: 2 },
      { source_name: "a.pdf" },
      { source_name: "a.pdf", chunk_id: "x" },
    ];
    expect(parseAnswerSources({ sources })).toEqual([
      { title: "a.pdf", page: 1, excerpt: "first" },
      { title: "a.pdf", page: 2 },
      { title: "a.pdf" },
    ]);
  });

  it("skips items that are not sources and keeps the others", () => {
    const sources = [null, 3, "a.pdf", ["a.pdf"], {}, { score: 0.9 }, { source_name: "" }, { source_name: "kept.pdf" }];
    expect(parseAnswerSources({ sources })).toEqual([{ title: "kept.pdf" }]);
  });

  it.each([
    ["undefined", undefined],
    ["null", null],
    ["a string", "sources"],
    ["a list", [{ source_name: "a.pdf" }]],
    ["metadata without sources", { model_details: {} }],
    ["sources that are an object", { sources: { source_name: "a.pdf" } }],
    ["sources that are a string", { sources: "a.pdf" }],
    ["an empty list", { sources: [] }],
  ])("finds no sources in %s", (_name, metadata) => {
    expect(parseAnswerSources(metadata)).toEqual([]);
  });

  it("keeps a __proto__ key a plain, ignored field", () => {
    const metadata = JSON.parse('{"sources":[{"source_name":"a.pdf","__proto__":{"url":"https://evil.example/"}}]}');
    expect(parseAnswerSources(metadata)).toEqual([{ title: "a.pdf" }]);
  });
});
