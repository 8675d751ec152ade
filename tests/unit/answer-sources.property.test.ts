/**
 * Properties of the sources parser over generated metadata: whatever arrives, it never throws,
 * every source it gives is one the chat can show safely, and reading its own output changes nothing.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAnswerSources, type AnswerSource } from "@/lib/createai/search-sources";

const FIELDS = ["source_name", "title", "file_name", "name", "page_number", "page", "chunk_id", "chunk", "source_url", "url", "content", "excerpt", "score"];

// Items that look like sources, with every known field sometimes present and of any JSON type,
// so the generator reaches the parser's branches rather than only rejecting non-objects.
const jsonValue = fc.jsonValue({ maxDepth: 2 });
const urlish = fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.constantFrom("javascript:alert(1)", "https://u:p@x.example/", "ftp://x.example/f"), fc.string());
const sourceLike = fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(jsonValue, urlish, fc.nat(), fc.string()), { maxKeys: 8 });
const metadata = fc.oneof(
  fc.jsonValue(),
  fc.record({ sources: fc.array(fc.oneof(sourceLike, jsonValue), { maxLength: 30 }) }),
  fc.record({ sources: jsonValue, model_details: jsonValue }),
);

function isShowable(source: AnswerSource): boolean {
  const keys = Object.keys(source);
  return (
    typeof source.title === "string" &&
    source.title.trim() !== "" &&
    keys.every((key) => ["title", "page", "chunk", "url", "excerpt", "score"].includes(key)) &&
    (source.score === undefined || Number.isFinite(source.score)) &&
    keys.every((key) => source[key as keyof AnswerSource] !== undefined) &&
    (source.url === undefined || /^https?:\/\/[^@/]+\//.test(source.url))
  );
}

describe("sources parser properties", () => {
  it("never throws on arbitrary JSON, and gives an array", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(Array.isArray(parseAnswerSources(value))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on anything at all, JSON or not", () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true }), (value) => {
        parseAnswerSources(value);
        parseAnswerSources({ sources: [value] });
      }),
      { numRuns: 300 },
    );
  });

  it("gives only sources with a title, known fields, http(s) links without credentials, no repeated title and page", () => {
    fc.assert(
      fc.property(metadata, (value) => {
        const sources = parseAnswerSources(value);
        expect(sources.every(isShowable)).toBe(true);
        const keys = sources.map((source) => JSON.stringify([source.title, source.page ?? null]));
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 1000 },
    );
  });

  it("reads its own output back as the same list, so the sources alone can be stored", () => {
    fc.assert(
      fc.property(metadata, (value) => {
        const sources = parseAnswerSources(value);
        expect(parseAnswerSources(JSON.parse(JSON.stringify({ sources })))).toEqual(sources);
      }),
      { numRuns: 1000 },
    );
  });
});
