/**
 * The stand-in's search sources: realistic (names, pages, chunks, links, excerpts, scores),
 * chosen by the query so tests can predict them, and only when the payload asks for search.
 */
import { describe, expect, it } from "vitest";
import { parseAnswerSources } from "@/lib/createai/search-sources";
import { composeMetadata, readPayload, type QueryRequest } from "@/scripts/standin/payload";
import { COURSE_MATERIALS, pickSources } from "@/scripts/standin/sources";

function request(query: string, enableSearch: boolean): QueryRequest {
  return { query, sessionId: "s-1", history: undefined, json: true, modelProvider: "aws", modelName: "claude", enableSearch };
}

const QUERIES = ["What is osmosis?", "Define entropy", "Sources please", "学习 📚", "", "x".repeat(500), "/demo slow"];

describe("pickSources", () => {
  it.each(QUERIES)("picks 2 to 4 distinct materials for %j, the same ones every time", (query) => {
    const sources = pickSources(query);
    expect(sources.length).toBeGreaterThanOrEqual(2);
    expect(sources.length).toBeLessThanOrEqual(4);
    expect(new Set(sources.map((source) => source.source_name)).size).toBe(sources.length);
    expect(pickSources(query)).toEqual(sources);
  });

  it("scores them from the best match down, each between 0 and 1", () => {
    for (const query of QUERIES) {
      const scores = pickSources(query).map((source) => source.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(scores.every((score) => score > 0 && score < 1)).toBe(true);
    }
  });

  it("ranks first the materials that share words with the question, as a search would", () => {
    expect(pickSources("Define entropy and spontaneous processes")[0]?.source_name).toBe("CHM113-Lecture-05-Thermodynamics.pdf");
    expect(pickSources("What does glycolysis make?")[0]?.source_name).toBe("BIO181-Lecture-09-Cellular-Respiration.pdf");
    const osmosis = pickSources("Explain osmosis across the cell membrane").map((source) => source.source_name);
    expect(osmosis).not.toContain("CHM113-Lecture-05-Thermodynamics.pdf");
  });

  it("spreads different questions over different materials and counts", () => {
    const questions = Array.from({ length: 60 }, (_, index) => `Question number ${index}`);
    const names = new Set(questions.flatMap((question) => pickSources(question).map((source) => source.source_name)));
    const counts = new Set(questions.map((question) => pickSources(question).length));
    expect(names.size).toBe(COURSE_MATERIALS.length);
    expect([...counts].sort()).toEqual([2, 3, 4]);
  });
});

describe("the course materials", () => {
  it("give every source a name and an excerpt, pages as whole numbers and links as https", () => {
    for (const material of COURSE_MATERIALS) {
      expect(material.source_name.trim()).not.toBe("");
      expect(material.content.length).toBeGreaterThan(40);
      if (material.page_number !== undefined) expect(Number.isInteger(material.page_number)).toBe(true);
      if (material.source_url !== undefined) expect(new URL(material.source_url).protocol).toBe("https:");
    }
  });

  it("hold each kind the chat must show: lecture pages, a textbook chunk, a web page, a very long file name", () => {
    expect(COURSE_MATERIALS.some((m) => m.source_name.endsWith(".pdf") && m.page_number !== undefined)).toBe(true);
    expect(COURSE_MATERIALS.some((m) => m.chunk_id !== undefined && m.page_number === undefined)).toBe(true);
    expect(COURSE_MATERIALS.some((m) => m.source_url !== undefined)).toBe(true);
    expect(COURSE_MATERIALS.some((m) => m.source_name.length > 60 && !m.source_name.includes(" "))).toBe(true);
  });
});

describe("composeMetadata", () => {
  it("lists the picked sources next to model_details when the payload enables search", () => {
    const metadata = composeMetadata(request("What is osmosis?", true), 2);
    expect(metadata).toEqual({
      model_details: { model_provider: "aws", inference_model: "claude" },
      session_id: "s-1",
      turn: 2,
      sources: pickSources("What is osmosis?"),
    });
  });

  it("has no sources without search", () => {
    expect(composeMetadata(request("What is osmosis?", false), 1)).not.toHaveProperty("sources");
  });

  it("reads search from the payload, in model_params or at the top level as some clients send it", () => {
    for (const payload of [{ query: "q", model_params: { enable_search: true } }, { query: "q", enable_search: true }]) {
      const reading = readPayload(JSON.stringify(payload));
      expect(reading.ok && composeMetadata(reading.request, 1).sources).toEqual(pickSources("q"));
    }
  });

  it("sends sources the chat's parser reads whole: title, page or chunk, link and excerpt", () => {
    const composed = composeMetadata(request("What is osmosis?", true), 1);
    const parsed = parseAnswerSources(JSON.parse(JSON.stringify(composed)));
    expect(parsed).toEqual(
      pickSources("What is osmosis?").map((source) => ({
        title: source.source_name,
        ...(source.page_number !== undefined ? { page: source.page_number } : {}),
        ...(source.chunk_id !== undefined ? { chunk: source.chunk_id } : {}),
        ...(source.source_url !== undefined ? { url: source.source_url } : {}),
        excerpt: source.content,
        score: source.score,
      })),
    );
  });
});
