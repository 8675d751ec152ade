/**
 * Splits Markdown into top-level blocks that render the same one by one as together, so a
 * streaming answer re-parses only its last, growing block while earlier ones stay memoized.
 *
 * It splits only at a blank line followed by a line that starts at the margin, outside fenced
 * code: an indented line after a blank line may continue a list item, so it is never split off.
 * Link reference definitions (`[x]: url`) are the one thing that does not carry across blocks;
 * model answers use inline links.
 */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

export function splitMarkdownBlocks(text: string): string[] {
  const blocks: string[] = [];
  // Blocks are slices of the text rather than joined lines: a slice of a long answer shares its
  // characters, where a join would copy them on every frame.
  let blockStart = 0;
  let lineStart = 0;
  let openFence: string | undefined;
  let previousBlank = false;

  while (lineStart <= text.length) {
    const newline = text.indexOf("\n", lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    const fence = FENCE.exec(line)?.[1];
    const startsAtMargin = /^\S/.test(line);
    if (openFence === undefined && previousBlank && startsAtMargin && lineStart > blockStart) {
      blocks.push(text.slice(blockStart, lineStart - 1));
      blockStart = lineStart;
    }
    if (fence !== undefined) {
      if (openFence === undefined) openFence = fence;
      else if (fence[0] === openFence[0] && fence.length >= openFence.length && line.trim() === fence) openFence = undefined;
    }
    previousBlank = line.trim() === "";
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  blocks.push(text.slice(blockStart));
  return blocks;
}

/**
 * For display while an answer is incomplete: closes a `**` or an inline code span left open at
 * the end, so "**Turn" shows as bold "Turn" rather than with stray asterisks until the closing
 * marker arrives. Fenced code blocks are left alone (the parser closes them itself).
 */
export function closeOpenInlineMarkers(block: string): string {
  if (block.split("\n").some((line) => FENCE.test(line))) return block;
  const codeSpans = block.match(/`+/g) ?? [];
  const singleTicks = codeSpans.filter((run) => run.length === 1).length;
  if (singleTicks % 2 === 1) return `${block}\``;
  const outsideCode = block.replace(/`[^`]*`/g, "");
  const strong = outsideCode.match(/\*\*/g)?.length ?? 0;
  if (strong % 2 === 1 && !/\*\*\s*$/.test(outsideCode)) return `${block}**`;
  return block;
}
