/**
 * How the chat reads Markdown, for the page (Markdown.tsx) and for copying as text
 * (answer-plain-text.ts) alike: GitHub-flavoured, and math with `$$` only (math-delimiters.ts
 * has already turned every formula into `$$…$$`, and left a single `$` only where it is a
 * dollar sign). Formulas come out as `code.math-inline` and `pre > code.math-display`.
 */
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import type { PluggableList } from "unified";

export const REMARK_PLUGINS: PluggableList = [remarkGfm, [remarkMath, { singleDollarTextMath: false }]];
