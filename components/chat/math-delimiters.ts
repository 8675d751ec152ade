/**
 * Models write math four ways: `$…$` and `\(…\)` inline, `$$…$$` and `\[…\]` on lines of their
 * own. remark-math reads only dollars, and is set to read only `$$` (see Markdown.tsx), so this
 * rewrites one block of an answer into that form before it is parsed, outside code:
 *
 * - a formula that starts a line with `$$` or `\[` and ends a line with `$$` or `\]` becomes a
 *   display block: `$$`, the TeX, `$$`, each on its own line, as remark-math needs them;
 * - `\(…\)`, and `\[…\]` inside a line, become inline `$$…$$` (the latter in display style);
 * - `$…$` becomes `$$…$$` only by Pandoc's rule: the opening `$` has a non-space right after it,
 *   the closing one a non-space right before it and no digit right after it. So "$5 and $10"
 *   stays text, as it would in Pandoc, and a price never turns into a formula.
 *
 * It also says where a formula opens that nothing closes yet, so a streaming answer can hold it
 * back instead of showing half a formula.
 */

/** A formula that opens and is not closed in the block. */
export interface OpenMath {
  /** Where its opening delimiter starts, in the block. */
  at: number;
  /** Where the same opening delimiter is, in `markdown` (the text before it is complete). */
  markdownAt: number;
  /** It opened a display formula (`$$` or `\[` at the start of a line). */
  display: boolean;
}

export interface MathScan {
  /** The block with every closed formula in `$$` delimiters, ready for remark-math. */
  markdown: string;
  /** The first formula left open, if any; its delimiter is kept as it was. */
  open?: OpenMath;
  /** The block has a fence line (fenced code). */
  hasFence: boolean;
  /** The block ends inside fenced code, whose text may still grow. */
  endsInFence: boolean;
}

/** A line that opens or closes fenced code. */
export const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** A line that starts a display formula, after any indentation (a list item's, for one): the indentation, then `$$` or `\\[`. */
export const DISPLAY_OPEN = /^([ \t]*)(\$\$|\\\[)/;
const SPECIAL = /[\\`$]/g;

export function normalizeMath(block: string): MathScan {
  let markdown = "";
  let open: OpenMath | undefined;
  let fence: string | undefined;
  let hasFence = false;
  let lineStart = 0;
  // Lines of prose waiting to be scanned together: inline math and code spans may span lines.
  let proseStart = -1;

  const flushProse = (end: number): void => {
    if (proseStart === -1) return;
    const inline = scanInline(block, proseStart, end, markdown.length);
    markdown += inline.text;
    open ??= inline.open;
    proseStart = -1;
  };

  while (lineStart < block.length) {
    const newline = block.indexOf("\n", lineStart);
    const lineEnd = newline === -1 ? block.length : newline + 1;
    const line = block.slice(lineStart, lineEnd);
    if (fence !== undefined || FENCE.test(line)) {
      flushProse(lineStart);
      hasFence = true;
      fence = nextFenceState(fence, line);
      markdown += line;
      lineStart = lineEnd;
      continue;
    }
    const display = DISPLAY_OPEN.exec(line);
    if (display !== null) {
      const formula = readDisplay(block, lineStart, display[1] as string, display[2] as string);
      if (formula !== "inline") {
        flushProse(lineStart);
        if (formula === undefined) {
          // Nothing closes it: the rest of the block is the unfinished formula, kept as it is.
          open ??= { at: lineStart + (display[1] as string).length, markdownAt: markdown.length + (display[1] as string).length, display: true };
          markdown += block.slice(lineStart);
          break;
        }
        markdown += formula.markdown;
        lineStart = formula.end;
        continue;
      }
    }
    if (line.trim() === "") flushProse(lineStart);
    else if (proseStart === -1) proseStart = lineStart;
    if (proseStart === -1) markdown += line;
    lineStart = lineEnd;
  }
  flushProse(Math.min(lineStart, block.length));
  const fences = { hasFence, endsInFence: fence !== undefined };
  return open === undefined ? { markdown, ...fences } : { markdown, open, ...fences };
}

/** The open fence after `line`: `fence` is the one open before it (its marker), if any. */
export function nextFenceState(fence: string | undefined, line: string): string | undefined {
  const marker = FENCE.exec(line)?.[1];
  if (marker === undefined) return fence;
  if (fence === undefined) return marker;
  const closes = marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker;
  return closes ? undefined : fence;
}

/**
 * The display formula starting at `lineStart`: its `$$` form and where the text after it
 * starts; "inline" when it closes on its own line with text after it (`$$x$$ is…`); undefined
 * when nothing closes it.
 */
function readDisplay(block: string, lineStart: number, indent: string, opener: string): { markdown: string; end: number } | "inline" | undefined {
  const closer = opener === "$$" ? "$$" : "\\]";
  const texStart = lineStart + indent.length + opener.length;
  const close = block.indexOf(closer, texStart);
  if (close === -1) return undefined;
  const afterClose = close + closer.length;
  const newline = block.indexOf("\n", afterClose);
  const lineEnd = newline === -1 ? block.length : newline + 1;
  const rest = block.slice(afterClose, lineEnd).trim();
  const sameLine = !block.slice(lineStart, close).includes("\n");
  if (sameLine && rest !== "") return "inline";
  // Each TeX line trimmed and indented like the opener: remark-math strips that indentation.
  const tex = block
    .slice(texStart, close)
    .split("\n")
    .map((texLine) => texLine.trim())
    .filter((texLine) => texLine !== "")
    .map((texLine) => `${indent}${texLine}\n`)
    .join("");
  const after = rest === "" ? "" : `${indent}${rest}\n`;
  const ending = newline === -1 && after === "" ? "" : "\n";
  return { markdown: `${indent}$$\n${tex}${indent}$$${ending}${after}`, end: lineEnd };
}

/** Rewrites the inline formulas of `block[from, to)`; `offset` is where its text lands in the output. */
function scanInline(block: string, from: number, to: number, offset: number): { text: string; open?: OpenMath } {
  let text = "";
  let open: OpenMath | undefined;
  let index = from;
  while (index < to) {
    SPECIAL.lastIndex = index;
    const found = SPECIAL.exec(block);
    const at = found === null || found.index >= to ? to : found.index;
    text += block.slice(index, at);
    if (at === to) break;
    if (block[at] === "`") {
      index = copyCodeSpan(block, at, to, (span) => (text += span));
      continue;
    }
    const math = inlineMathAt(block, at, to);
    if (math === undefined) {
      // Not a formula: an escape (`\$` among them) is kept whole so its character is not read as a delimiter.
      const length = block[at] === "\\" ? 2 : 1;
      text += block.slice(at, Math.min(at + length, to));
      index = at + length;
    } else if (math.kind === "closed") {
      text += math.markdown;
      index = math.end;
    } else {
      if (math.certain) open ??= { at, markdownAt: offset + text.length, display: false };
      text += math.delimiter;
      index = at + math.delimiter.length;
    }
  }
  return open === undefined ? { text } : { text, open };
}

/** What starts at one position of prose, as far as inline math goes. */
export type InlineMathAt =
  | { kind: "closed"; end: number; markdown: string }
  /** `certain` is false for a single `$`, which may be a price as well as a formula. */
  | { kind: "unclosed"; delimiter: string; certain: boolean }
  | undefined;

/**
 * The inline formula that starts at `at`, if any: where it ends and its `$$` form, or that it
 * is not closed before `to`. The long-paragraph splitter asks the same, so it never cuts a
 * paragraph inside a formula.
 */
export function inlineMathAt(text: string, at: number, to: number = text.length): InlineMathAt {
  const char = text[at];
  const next = text[at + 1];
  if (char === "\\") {
    if (next !== "(" && next !== "[") return undefined;
    const close = text.indexOf(next === "(" ? "\\)" : "\\]", at + 2);
    if (close === -1 || close + 2 > to) return { kind: "unclosed", delimiter: `\\${next}`, certain: true };
    const style = next === "[" ? "\\displaystyle " : "";
    return { kind: "closed", end: close + 2, markdown: `$$${style}${text.slice(at + 2, close)}$$` };
  }
  if (char !== "$") return undefined;
  if (next === "$") {
    const close = text.indexOf("$$", at + 2);
    if (close === -1 || close + 2 > to) return { kind: "unclosed", delimiter: "$$", certain: true };
    return { kind: "closed", end: close + 2, markdown: text.slice(at, close + 2) };
  }
  // Pandoc's rule: a non-space after the opening `$`; a non-space before the closing one and no digit after it.
  if (!isNonSpace(next)) return undefined;
  let close = text.indexOf("$", at + 1);
  while (close !== -1 && text[close - 1] === "\\") close = text.indexOf("$", close + 1);
  if (close === -1 || close >= to) return { kind: "unclosed", delimiter: "$", certain: false };
  if (!isNonSpace(text[close - 1]) || /[0-9$]/.test(text[close + 1] ?? "")) return undefined;
  return { kind: "closed", end: close + 1, markdown: `$$${text.slice(at + 1, close)}$$` };
}

/** A code span is copied as it is; an unmatched run of backticks is only text. */
function copyCodeSpan(block: string, at: number, to: number, copy: (span: string) => void): number {
  let runEnd = at;
  while (runEnd < to && block[runEnd] === "`") runEnd += 1;
  const run = block.slice(at, runEnd);
  let search = runEnd;
  for (;;) {
    const close = block.indexOf(run, search);
    if (close === -1 || close + run.length > to) break;
    let closeEnd = close + run.length;
    if (block[closeEnd] !== "`" && block[close - 1] !== "`") {
      copy(block.slice(at, closeEnd));
      return closeEnd;
    }
    while (block[closeEnd] === "`") closeEnd += 1;
    search = closeEnd;
  }
  copy(run);
  return runEnd;
}

function isNonSpace(char: string | undefined): boolean {
  return char !== undefined && !/\s/.test(char);
}
