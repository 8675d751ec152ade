/**
 * Tokenizes code with Shiki's fine-grained core: the JavaScript regex engine (the app's CSP
 * allows no WebAssembly), two GitHub themes picked for contrast (light and dark, switched by
 * CSS), and the grammars of code-languages.ts loaded on first use. It runs in the highlight
 * worker (highlight.worker.ts): the first block of a language compiles hundreds of its regular
 * expressions, 100 to 1,500 ms that would otherwise block the page while an answer streams.
 */
import { createHighlighterCore, type HighlighterCore } from "shiki/core";
import { createJavaScriptRegexEngine } from "shiki/engine/javascript";
import { loadGrammar, type GrammarId } from "./code-languages";

/** One coloured run of a line: its text and the inline style that colours it in both themes. */
export interface CodeToken {
  content: string;
  /** A React style: `color` (and `fontStyle`…) for the light theme, `--shiki-dark…` for the dark one (see globals.css). */
  style: Record<string, string> | undefined;
}

/** The lines of a code block, without the newlines between them. */
export type HighlightedLines = readonly (readonly CodeToken[])[];

/** What the page asks the worker, and what it answers (no `lines` when highlighting failed). */
export interface HighlightRequest {
  id: number;
  code: string;
  grammar: GrammarId;
}
export interface HighlightResponse {
  id: number;
  lines?: HighlightedLines;
}

const THEMES = { light: "github-light-default", dark: "github-dark-default" } as const;

let highlighter: Promise<HighlighterCore> | undefined;
const grammars = new Map<GrammarId, Promise<void>>();

function getHighlighter(): Promise<HighlighterCore> {
  if (highlighter === undefined) {
    highlighter = createHighlighterCore({
      themes: [import("shiki/themes/github-light-default.mjs"), import("shiki/themes/github-dark-default.mjs")],
      langs: [],
      // Forgiving: a pattern the JavaScript engine cannot run is skipped rather than failing the grammar.
      engine: createJavaScriptRegexEngine({ forgiving: true }),
    });
    // A failed start (a chunk that did not arrive) may be tried again by the next block.
    highlighter.catch(() => (highlighter = undefined));
  }
  return highlighter;
}

function ensureGrammar(shiki: HighlighterCore, id: GrammarId): Promise<void> {
  let loading = grammars.get(id);
  if (loading === undefined) {
    loading = loadGrammar(id).then((grammar) => shiki.loadLanguage(grammar));
    loading.catch(() => grammars.delete(id));
    grammars.set(id, loading);
  }
  return loading;
}

/** `code` as coloured lines; the text of the tokens, joined by newlines, is exactly `code`. */
export async function tokenize(code: string, id: GrammarId): Promise<HighlightedLines> {
  const shiki = await getHighlighter();
  await ensureGrammar(shiki, id);
  const { tokens } = shiki.codeToTokens(code, { lang: id, themes: THEMES });
  return tokens.map((line) => line.map((token) => ({ content: token.content, style: reactStyle(token.htmlStyle) })));
}

/** Shiki's CSS names (`font-style`) as React's (`fontStyle`); custom properties stay as they are. */
function reactStyle(style: Record<string, string> | undefined): Record<string, string> | undefined {
  if (style === undefined) return undefined;
  const entries = Object.entries(style).map(([name, value]) => [name.startsWith("--") ? name : name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()), value]);
  return Object.fromEntries(entries) as Record<string, string>;
}
