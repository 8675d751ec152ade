/**
 * What the stand-in says: pure, deterministic answer text for a query and a turn number, and
 * the word-by-word split used to stream it. Tests import these to compute the exact text they
 * should receive.
 */

const END_MARKER = "<EOS>";
const ECHO_MAX_CHARS = 160;

/** The question as the answer quotes it: one line, bounded, and never containing the end marker. */
export function echoQuery(query: string): string {
  const oneLine = query.split(END_MARKER).join("").replace(/\s+/g, " ").trim();
  if (oneLine.length <= ECHO_MAX_CHARS) return oneLine;
  return `${oneLine.slice(0, ECHO_MAX_CHARS).trimEnd()}…`;
}

function countWords(query: string): number {
  return query.split(/\s+/).filter((word) => word.length > 0).length;
}

/**
 * The usual answer: a few lines of Markdown with a list, a table and a code block, the turn
 * number of the session, and multi-byte text (an emoji and a CJK word) to exercise UTF-8 paths.
 */
export function composeAnswer(query: string, turn: number): string {
  return [
    `**Turn ${turn}.** You asked: “${echoQuery(query)}”`,
    "",
    "Here is a short answer from the local CreateAI stand-in:",
    "",
    "- It streams word by word, one WebSocket text frame per chunk.",
    "- The answer ends with an end-of-stream marker, as CreateAI does.",
    "- Study tip 📚: the Chinese word 学习 (xuéxí) means “to study”.",
    "",
    "| turn | words in your question |",
    "| --- | --- |",
    `| ${turn} | ${countWords(query)} |`,
    "",
    "```ts",
    `const turn = ${turn};`,
    "```",
    "",
    "This text comes from a stand-in, not a real model.",
  ].join("\n");
}

/** The `/demo long` answer: about 300 words over several paragraphs, a list, a table and code. */
export function composeLongAnswer(query: string, turn: number): string {
  return [
    `## A longer answer (turn ${turn})`,
    "",
    `You asked: “${echoQuery(query)}”. This answer is deliberately long so that the page has`,
    "to grow while it streams, the scroll position has to follow it, and the Markdown renderer",
    "has to cope with half-finished lists, tables and code blocks along the way.",
    "",
    "### Why streaming matters",
    "",
    "A student who waits ten seconds for a complete paragraph feels that the page is broken.",
    "The same student reading the first words after half a second feels that the tutor is",
    "thinking with them. Streaming does not make the model faster; it makes the wait useful,",
    "because reading starts while writing continues. 学习 is easier when the feedback is quick 📚.",
    "",
    "### What to check while this text arrives",
    "",
    "1. The first words appear quickly, long before the last ones.",
    "2. Nothing flickers or jumps back when a new chunk lands in the middle of a word.",
    "3. The stop button ends the answer at once and keeps what has already arrived.",
    "4. Screen readers are told that the answer is complete only once it really is.",
    "",
    "| stage | what the proxy does | what the student sees |",
    "| --- | --- | --- |",
    "| connect | opens the upstream socket | a waiting indicator |",
    "| stream | forwards each chunk as it comes | the answer growing |",
    "| finish | reports the end and the timing | the complete answer |",
    "",
    "A reader of the stream can be as small as this:",
    "",
    "```ts",
    "const reader = response.body!.getReader();",
    "const decoder = new TextDecoder();",
    "let text = \"\";",
    "for (;;) {",
    "  const { done, value } = await reader.read();",
    "  if (done) break;",
    "  text += decoder.decode(value, { stream: true });",
    "}",
    "```",
    "",
    "### In closing",
    "",
    "Long answers are where small mistakes show: a chunk lost at a boundary, an emoji split in",
    "half, a table rendered before its header row is complete. If this text reads cleanly from",
    `the first heading to this last sentence, the pipeline is doing its job on turn ${turn}.`,
  ].join("\n");
}

/**
 * The `/demo math` answer: inline formulas as `$…$` and `\(…\)`, display formulas as `$$…$$`
 * (on their own lines and on one line) and `\[…\]`, prices that must stay text, and a Python
 * and a TypeScript code block. ASCII only: the rich `/bench` answer repeats it, byte for byte.
 */
export function composeMathAnswer(turn: number): string {
  return [
    `## Formulas and code (turn ${turn})`,
    "",
    "Inline, with dollars: a circle of radius $r$ has area $A = \\pi r^2$. With parentheses: its",
    "circumference is \\(C = 2\\pi r\\), and \\(\\frac{C}{A} = \\frac{2}{r}\\).",
    "",
    "Display, with dollars:",
    "",
    "$$",
    "\\int_0^1 x^2 \\, dx = \\left[ \\frac{x^3}{3} \\right]_0^1 = \\frac{1}{3}",
    "$$",
    "",
    "Display, with brackets:",
    "",
    "\\[",
    "\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}",
    "\\]",
    "",
    "A formula alone on its line is displayed too:",
    "",
    "$$x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}$$",
    "",
    "Prices are not math: the textbook costs $5 and the lab kit $10, so $15 in all.",
    "",
    "The mean in Python:",
    "",
    "```python",
    "def mean(values: list[float]) -> float:",
    '    """The arithmetic mean of a non-empty list."""',
    "    return sum(values) / len(values)",
    "",
    "print(mean([1.0, 2.0, 3.0]))  # 2.0",
    "```",
    "",
    "And in TypeScript:",
    "",
    "```ts",
    "export function mean(values: readonly number[]): number {",
    '  if (values.length === 0) throw new RangeError("mean of an empty list");',
    "  return values.reduce((sum, value) => sum + value, 0) / values.length;",
    "}",
    "```",
    "",
    "This text comes from a stand-in, not a real model.",
  ].join("\n");
}

/** Size of the `huge-frame` answer: one frame just over the gateway's 128 KB message limit. */
export const HUGE_ANSWER_BYTES = 128 * 1024 + 1024;

/** The `huge-frame` answer: ASCII Markdown lines, exactly {@link HUGE_ANSWER_BYTES} bytes. */
export function composeHugeAnswer(turn: number): string {
  const head = `**Turn ${turn}.** One very large frame follows.\n\n`;
  const line = "- This line is filler to make a single WebSocket frame larger than 128 KB.\n";
  const body = line.repeat(Math.ceil(HUGE_ANSWER_BYTES / line.length));
  return (head + body).slice(0, HUGE_ANSWER_BYTES);
}

/**
 * Splits text into word-sized chunks that keep their trailing whitespace, so that joining the
 * chunks gives back exactly the text.
 */
export function splitIntoChunks(text: string): string[] {
  return text.match(/\s+|\S+\s*/g) ?? [];
}
