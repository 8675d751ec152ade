/**
 * The search sources of an answer, read from its upstream metadata: one reading for the chat
 * (the list under an answer) and the AI SDK stream (source parts). No public document fixes
 * their shape (createai-protocol.md, "Search sources in metadata"), so the reading is tolerant:
 * known aliases are accepted, a malformed field is dropped, a malformed item skipped, and
 * anything else means no sources. It never throws: metadata comes from outside.
 */
import { z } from "zod";

/** One source as the chat shows it; a field the upstream did not give is absent. */
export interface AnswerSource {
  /** The document's name (a file name when that is all there is), or its URL when it has no name. */
  title: string;
  page?: number | string;
  chunk?: string;
  /** Only ever an http(s) URL without credentials in it. */
  url?: string;
  excerpt?: string;
  /** The retrieval's relevance, when the upstream gave one. */
  score?: number;
}

// Caps keep one odd upstream answer from filling the page; the excerpt is clamped on screen anyway.
const MAX_SOURCES = 20;
const MAX_TITLE_CHARS = 300;
const MAX_EXCERPT_CHARS = 600;
const MAX_LABEL_CHARS = 40;

const text = z.string().trim().min(1);
const page = z.union([z.number().int().nonnegative(), text.max(MAX_LABEL_CHARS)]);
const chunk = z.union([text.max(MAX_LABEL_CHARS), z.number().int().transform(String)]);

/** A field that is simply absent when it is missing or not what we read. */
function lenient<T extends z.ZodType>(schema: T) {
  return schema.optional().catch(undefined);
}

// `excerpt` is read too, so `{ sources: parseAnswerSources(x) }` reads back as the same list.
const sourceItem = z.object({
  source_name: lenient(text),
  title: lenient(text),
  file_name: lenient(text),
  name: lenient(text),
  page_number: lenient(page),
  page: lenient(page),
  chunk_id: lenient(chunk),
  chunk: lenient(chunk),
  source_url: lenient(text),
  url: lenient(text),
  content: lenient(text),
  excerpt: lenient(text),
  score: lenient(z.number().finite()),
});

const withSources = z.object({ sources: z.array(z.unknown()) });

/** The sources in `metadata`, de-duplicated by title and page; `[]` when there are none. */
export function parseAnswerSources(metadata: unknown): AnswerSource[] {
  const parsed = withSources.safeParse(metadata);
  if (!parsed.success) return [];
  const sources: AnswerSource[] = [];
  const seen = new Set<string>();
  for (const item of parsed.data.sources) {
    const source = toSource(item);
    if (source === undefined) continue;
    const key = JSON.stringify([source.title, source.page ?? null]);
    if (seen.has(key)) continue;
    seen.add(key);
    sources.push(source);
    if (sources.length === MAX_SOURCES) break;
  }
  return sources;
}

function toSource(item: unknown): AnswerSource | undefined {
  const fields = sourceItem.safeParse(item);
  if (!fields.success) return undefined;
  const f = fields.data;
  const url = safeHttpUrl(f.source_url) ?? safeHttpUrl(f.url);
  const name = f.source_name ?? f.title ?? f.file_name ?? f.name ?? url;
  if (name === undefined) return undefined;
  const pageLabel = f.page_number ?? f.page;
  const chunkLabel = f.chunk_id ?? f.chunk;
  const excerpt = f.content ?? f.excerpt;
  return {
    title: shorten(name, MAX_TITLE_CHARS),
    ...(pageLabel !== undefined ? { page: pageLabel } : {}),
    ...(chunkLabel !== undefined ? { chunk: chunkLabel } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(excerpt !== undefined ? { excerpt: shorten(excerpt.replace(/\s+/g, " "), MAX_EXCERPT_CHARS) } : {}),
    ...(f.score !== undefined ? { score: f.score } : {}),
  };
}

/**
 * `value` as a link the browser may follow: http(s) only (a `javascript:` URL would run on
 * click) and never with a user name or password in it, which would hand a credential to
 * everyone who sees the answer.
 */
function safeHttpUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  // Not URL.canParse: Safari before 17 has none, and this runs in students' browsers.
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  if (url.username !== "" || url.password !== "") return undefined;
  return url.href;
}

/** At most `max` characters, an ellipsis marking the cut; never cuts a surrogate pair in half. */
function shorten(value: string, max: number): string {
  const characters = Array.from(value);
  return characters.length <= max ? value : `${characters.slice(0, max - 1).join("").trimEnd()}…`;
}
