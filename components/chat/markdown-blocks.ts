/**
 * Splits Markdown into top-level blocks that render the same one by one as together, so a
 * streaming answer re-parses only its last, growing block while earlier ones stay memoized.
 *
 * It splits only at a blank line followed by a line that starts at the margin, outside fenced
 * code and display math (`$$` or `\[` at the start of a line, to the line that closes it: a
 * formula may have blank lines): an indented line after a blank line may continue a list item,
 * so it is never split off. Link reference definitions (`[x]: url`) are the one thing that does
 * not carry across blocks; model answers use inline links.
 */
import { DISPLAY_OPEN, FENCE, nextFenceState, normalizeMath } from "./math-delimiters";

/** Where one block lies in the text: `text.slice(start, end)`. */
export interface BlockSpan {
  start: number;
  end: number;
}

export function splitMarkdownBlocks(text: string): string[] {
  // Slices of the text rather than joined lines: a slice of a long answer shares its characters.
  return scanBlocks(text, 0, []).map(({ start, end }) => text.slice(start, end));
}

/**
 * A splitter that remembers its last answer: when the text has only grown, it scans again from
 * the start of the last block, so a frame costs the last block, not the whole answer. A block
 * starts outside code and math, so the scan resumes there exactly as a full scan passes it.
 */
export function createBlockSplitter(): (text: string) => readonly BlockSpan[] {
  let previous: { text: string; spans: BlockSpan[] } | undefined;
  return (text) => {
    const last = previous?.spans.at(-1);
    const spans =
      previous !== undefined && last !== undefined && text.startsWith(previous.text)
        ? scanBlocks(text, last.start, previous.spans.slice(0, -1))
        : scanBlocks(text, 0, []);
    previous = { text, spans };
    return spans;
  };
}

/** Appends to `spans` the blocks of `text` from `from` (a block's start) on. */
function scanBlocks(text: string, from: number, spans: BlockSpan[]): BlockSpan[] {
  let blockStart = from;
  let lineStart = from;
  let openFence: string | undefined;
  /** The delimiter that closes the display formula the current line is in. */
  let openMath: string | undefined;
  let previousBlank = false;

  while (lineStart <= text.length) {
    const newline = text.indexOf("\n", lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    const fence = FENCE.exec(line)?.[1];
    const startsAtMargin = /^\S/.test(line);
    if (openFence === undefined && openMath === undefined && previousBlank && startsAtMargin && lineStart > blockStart) {
      spans.push({ start: blockStart, end: lineStart - 1 });
      blockStart = lineStart;
    }
    if (openMath !== undefined) {
      // A formula ends at its closer; one that never closes (a "$$" in prose) ends at a fence,
      // which TeX would not have inside it, so the code after it is read as code again.
      if (line.includes(openMath)) openMath = undefined;
      else if (fence !== undefined) {
        // A fence may interrupt a paragraph, so the code starts a block of its own, where no
        // "$$" in it can be read as the closer.
        openMath = undefined;
        spans.push({ start: blockStart, end: lineStart - 1 });
        blockStart = lineStart;
        openFence = nextFenceState(undefined, line);
      }
    } else if (fence !== undefined) {
      openFence = nextFenceState(openFence, line);
    } else if (openFence === undefined) {
      openMath = displayMathCloser(line);
    }
    previousBlank = line.trim() === "";
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  spans.push({ start: blockStart, end: text.length });
  return spans;
}

/** The delimiter that closes a display formula this line opens and does not close, if any. */
function displayMathCloser(line: string): string | undefined {
  const opener = DISPLAY_OPEN.exec(line);
  if (opener === null) return undefined;
  const closer = opener[2] === "$$" ? "$$" : "\\]";
  return line.includes(closer, opener[0].length) ? undefined : closer;
}

/** What to render of one block. */
export interface BlockView {
  /** Markdown for remark, math in `$$` delimiters (math-delimiters.ts). */
  markdown: string;
  /** The TeX of a display formula nothing closes yet, shown as plain text instead of half-rendered. */
  pendingMath?: string;
  /** The block ends inside fenced code: while it streams, that code may still grow (CodeBlock leaves it plain). */
  endsInFence: boolean;
}

/**
 * A block as it is shown. While it may still grow (`streaming`), a formula left open at its end
 * is held back: an inline one is left out until it closes, a display one shown as its TeX. A
 * display formula that never closed in a stopped answer is shown as TeX too; in an answer that
 * ended whole, an unclosed opener, inline or display, is text, as written.
 */
export function viewBlock(block: string, { incomplete, streaming }: { incomplete: boolean; streaming: boolean }): BlockView {
  // One scan of the block: its math, and where its fences stand.
  const { markdown, open, hasFence, endsInFence } = normalizeMath(block);
  if (open?.display && !incomplete) {
    // The answer ended whole and this "$$" never closed: it was prose, and shows as written.
    return { markdown: markdown.slice(0, open.markdownAt) + markdown.slice(open.markdownAt).replace(/^\$\$/, "\\$\\$"), endsInFence };
  }
  const held = open !== undefined && (open.display || streaming) ? open : undefined;
  const shown = held === undefined ? markdown : markdown.slice(0, held.markdownAt);
  const view: BlockView = { markdown: incomplete ? closeOpenInlineMarkers(shown, hasFence) : shown, endsInFence };
  if (held?.display) view.pendingMath = block.slice(held.at).replace(/^\s*(?:\$\$|\\\[)/, "").trim();
  return view;
}

/**
 * For display while an answer is incomplete: closes a `**` or an inline code span left open at
 * the end, so "**Turn" shows as bold "Turn" rather than with stray asterisks until the closing
 * marker arrives. Fenced code blocks are left alone (the parser closes them itself). The marker
 * goes before any trailing space: chunks end with one, and "**Turn **" would not read as bold.
 */
export function closeOpenInlineMarkers(block: string, hasFence: boolean = block.split("\n").some((line) => FENCE.test(line))): string {
  if (hasFence) return block;
  const codeSpans = block.match(/`+/g) ?? [];
  const singleTicks = codeSpans.filter((run) => run.length === 1).length;
  if (singleTicks % 2 === 1) return closeWith(block, "`");
  const outsideCode = block.replace(/`[^`]*`/g, "");
  const strong = outsideCode.match(/\*\*/g)?.length ?? 0;
  if (strong % 2 === 1 && !/\*\*\s*$/.test(outsideCode)) return closeWith(block, "**");
  return block;
}

function closeWith(block: string, marker: string): string {
  const text = block.trimEnd();
  return `${text}${marker}${block.slice(text.length)}`;
}
