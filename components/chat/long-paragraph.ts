/**
 * Splits one very long paragraph into segments that parse the same one by one as together,
 * so a paragraph that grows for thousands of chunks re-parses only its last segment. Markdown
 * parsing costs about a millisecond per kilobyte; without this, a 160 KB single-line answer
 * costs a long task on every frame.
 *
 * Only single-line paragraphs are split (model answers put a paragraph on one line), and only
 * where nothing inline is open: every run of backticks, `*`, `_` and `~` paired, brackets,
 * parentheses and angle brackets balanced, and no formula open. Formulas are found as
 * math-delimiters.ts finds them and skipped whole (TeX's `_` and `*` are not emphasis); one that
 * nothing closes yet, or a lone `$` that may still open one, ends the cuts: the rest of the
 * paragraph stays one segment. A cut goes at a single space when there is one (the space stays
 * at the end of the segment before it, and Markdown drops it, so the renderer puts it back);
 * text without spaces is cut between two letters or digits. A segment never starts with what
 * would make it a list item. Joined, the segments give back the paragraph exactly.
 */
import { inlineMathAt } from "./math-delimiters";

/** Segments aim at this size: a few milliseconds to parse, and few enough to stay cheap. */
export const SEGMENT_TARGET_CHARS = 800;

// A line that starts like this is not (only) a paragraph: heading, list, quote, table, code,
// thematic break, or an HTML block (CommonMark's start conditions 1 to 6).
const NOT_A_PARAGRAPH =
  /^(?: {4}|[ \t]*(?:\$\$|\\\[)| {0,3}(?:#{1,6}(?:\s|$)|[-*+](?:\s|$)|\d{1,9}[.)](?:\s|$)|>|\||`{3}|~{3}|[-*_](?:\s*[-*_]){2,}\s*$|<(?:[!?]|\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul|pre|script|style|textarea)(?:[\s/>]|$))))/i;

const STARTS_LIKE_LIST_ITEM = /^\d{1,9}[.)](?:\s|$)/;
/** A cut is made only once this many characters follow it, so a later chunk never undoes it. */
const LOOKAHEAD_CHARS = 12;

type OpenCounts = Record<"backtick" | "star" | "underscore" | "tilde" | "bracket" | "paren" | "angle", number>;

/** Where a scan stopped: the segments so far, and the state at the start of the last one. */
interface ScanState {
  line: string;
  segments: string[];
  lastStart: number;
  openAtLastStart: OpenCounts;
}

/** The segments of `block`, or undefined when it is short or not a single-line paragraph. */
export function splitLongParagraph(block: string, target: number = SEGMENT_TARGET_CHARS): string[] | undefined {
  return createParagraphSplitter(target)(block);
}

/**
 * A splitter that remembers its last answer: when the paragraph has only grown, it resumes at
 * the start of the last segment instead of scanning everything again, so a frame costs the
 * length of the last segment, not of the paragraph. Cuts never depend on text after them
 * beyond the look-ahead, so resuming gives exactly what a full scan gives.
 */
export function createParagraphSplitter(target: number = SEGMENT_TARGET_CHARS): (block: string) => string[] | undefined {
  let previous: ScanState | undefined;
  return (block) => {
    const line = block.replace(/\n+$/, "");
    if (line.length <= target || line.includes("\n") || NOT_A_PARAGRAPH.test(line)) {
      previous = undefined;
      return undefined;
    }
    const resume = previous !== undefined && line.startsWith(previous.line) ? previous : undefined;
    previous = scan(line, target, resume);
    return previous.segments.length > 1 ? previous.segments : undefined;
  };
}

function scan(line: string, target: number, resume: ScanState | undefined): ScanState {
  const segments = resume ? resume.segments.slice(0, -1) : [];
  let segmentStart = resume?.lastStart ?? 0;
  const open: OpenCounts = { ...(resume?.openAtLastStart ?? { backtick: 0, star: 0, underscore: 0, tilde: 0, bracket: 0, paren: 0, angle: 0 }) };
  let openAtStart: OpenCounts = { ...open };

  for (let index = segmentStart; index < line.length; index += 1) {
    const code = line.charCodeAt(index);
    const previous = index > 0 ? line.charCodeAt(index - 1) : -1;
    const length = index - segmentStart;
    if (length >= target && index + LOOKAHEAD_CHARS < line.length && isClosed(open)) {
      const atSpace = code === SPACE && previous !== SPACE && previous !== -1 && !isSpace(line.charCodeAt(index + 1));
      const atWord = length >= 2 * target && isWordChar(code) && isWordChar(previous);
      const cut = atSpace ? index + 1 : index;
      if ((atSpace || atWord) && !STARTS_LIKE_LIST_ITEM.test(line.slice(cut, cut + LOOKAHEAD_CHARS))) {
        segments.push(line.slice(segmentStart, cut));
        segmentStart = cut;
        // The space at `index` is counted below; a word cut's character belongs to the new segment.
        openAtStart = { ...open };
      }
    }
    if (open.backtick === 0 && (code === DOLLAR || code === BACKSLASH)) {
      const math = inlineMathAt(line, index);
      // Open: a cut anywhere after this could fall inside the formula once it closes.
      if (math?.kind === "unclosed") break;
      if (math?.kind === "closed") {
        index = math.end - 1;
        continue;
      }
      if (code === BACKSLASH) {
        // An escaped character is text: `\*` opens nothing.
        index += 1;
        continue;
      }
    }
    count(open, code, previous);
  }
  segments.push(line.slice(segmentStart));
  return { line, segments, lastStart: segmentStart, openAtLastStart: openAtStart };
}

const SPACE = 32;
const DOLLAR = 36;
const BACKSLASH = 92;

function isSpace(code: number): boolean {
  return code === SPACE || code === 9 || code === 10 || code === 13;
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * Delimiters count by run, as CommonMark reads them: `**` opens once and `**` closes once, so
 * only the first character of a run of the same character toggles.
 */
function count(open: OpenCounts, code: number, previous: number): void {
  if (code === previous && (code === 96 || code === 42 || code === 95 || code === 126)) return;
  switch (code) {
    case 96: // `
      open.backtick ^= 1;
      break;
    case 42: // *
      open.star ^= 1;
      break;
    case 95: // _
      open.underscore ^= 1;
      break;
    case 126: // ~
      open.tilde ^= 1;
      break;
    case 91: // [
      open.bracket += 1;
      break;
    case 93: // ]
      open.bracket -= 1;
      break;
    case 40: // (
      open.paren += 1;
      break;
    case 41: // )
      open.paren -= 1;
      break;
    case 60: // <
      open.angle += 1;
      break;
    case 62: // >
      open.angle -= 1;
      break;
  }
}

function isClosed(open: OpenCounts): boolean {
  return open.backtick === 0 && open.star === 0 && open.underscore === 0 && open.tilde === 0 && open.bracket === 0 && open.paren === 0 && open.angle === 0;
}
