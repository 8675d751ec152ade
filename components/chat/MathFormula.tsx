/**
 * One formula, typeset by KaTeX. remark-math leaves formulas as `code.math-inline` and
 * `pre > code.math-display` (Markdown.tsx and CodeBlock.tsx hand them here). The markup KaTeX
 * makes goes in as HTML, once per distinct formula: a streaming answer renders its last block
 * on every frame, and turning hundreds of KaTeX spans per formula into React elements each time
 * cost more than the whole frame. It is KaTeX's markup, never the model's: KaTeX escapes every
 * character of the TeX, and with `trust: false` it makes no link and no element or attribute of
 * the model's choosing.
 */
import katex, { type KatexOptions } from "katex";
import { useMemo } from "react";

const KATEX_OPTIONS: KatexOptions = {
  // A formula KaTeX cannot read shows its TeX (in --math-error, see globals.css) instead of failing the answer.
  throwOnError: false,
  // No \href, \url, \htmlClass, \htmlStyle…: a formula makes no link and no HTML of the model's choosing.
  trust: false,
  strict: "ignore",
  // Bounds on what one formula may cost or cover: sizes in em, macro expansions.
  maxSize: 20,
  maxExpand: 500,
  errorColor: "var(--math-error)",
};

/** Typeset formulas kept, so a formula rendered again (every frame of a streaming block) costs a lookup. */
const CACHE_LIMIT = 500;
const cache = new Map<string, string>();

/** KaTeX's HTML for `tex`. Never throws: what KaTeX cannot handle comes back as the TeX, escaped. */
export function typeset(tex: string, display: boolean): string {
  const key = `${display ? "D" : "I"}${tex}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let html: string;
  try {
    html = katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode: display });
  } catch {
    // throwOnError: false covers TeX errors; anything else (a limit hit) is shown like one.
    html = `<span class="katex-error" style="color:var(--math-error)">${escapeHtml(tex)}</span>`;
  }
  cache.set(key, html);
  // A Map keeps insertion order: the first key is the oldest.
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return html;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function MathFormula({ tex, display }: { tex: string; display: boolean }) {
  const html = useMemo(() => typeset(tex, display), [tex, display]);
  return display ? (
    <div className="math-display" dangerouslySetInnerHTML={{ __html: html }} />
  ) : (
    <span className="math-inline" dangerouslySetInnerHTML={{ __html: html }} />
  );
}
