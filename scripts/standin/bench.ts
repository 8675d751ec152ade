/**
 * The `/bench` chunk format, shared by the stand-in (which writes it) and the benchmark (which
 * reads it in the same process, so both sides use the same clock).
 *
 * A bench chunk is `<t=MS>` followed by `x` up to exactly `size` ASCII bytes, where MS is
 * `performance.timeOrigin + performance.now()` at the moment of sending, in milliseconds with
 * three decimals, e.g. `<t=1732240000000.125>xxxxxxxx…`.
 *
 * With `content=rich` the answer is Markdown that gives a renderer work instead: the `/demo math`
 * answer (headings, formulas in all four delimiters, prices, Python and TypeScript code blocks)
 * over and over, cut into chunks of exactly `size` ASCII bytes wherever the cut falls, mid-fence
 * and mid-formula included. Its chunks carry no timestamp.
 */
import { composeMathAnswer } from "./answers";
import { finishAnswer, type AnswerScript } from "./faults";
import { chunkFrame } from "./frames";
import type { Outlet } from "./outlet";

/** The smallest chunk size `/bench` accepts: room for the timestamp prefix. */
export const BENCH_MIN_CHUNK_BYTES = 32;
/** The largest chunk size `/bench` accepts. */
export const BENCH_MAX_CHUNK_BYTES = 1024 * 1024;

/** Wall-clock milliseconds, comparable between the stand-in and a reader in the same process. */
export function benchClock(): number {
  return performance.timeOrigin + performance.now();
}

/** One bench chunk of exactly `size` bytes stamped with `sentAt`. */
export function makeBenchChunk(size: number, sentAt: number = benchClock()): string {
  return `<t=${sentAt.toFixed(3)}>`.padEnd(size, "x");
}

const STAMP = /^<t=(\d+(?:\.\d+)?)>/;

/** The send timestamp at the start of a bench chunk, or undefined if the chunk has none. */
export function parseBenchChunkTimestamp(chunk: string): number | undefined {
  const match = STAMP.exec(chunk);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** A parsed `/bench chunks=<n> size=<bytes> interval=<ms> content=plain|rich` command. */
export interface BenchPlan {
  chunks: number;
  size: number;
  intervalMs: number;
  /** "plain" (the default): stamped `x` chunks, one long line; "rich": Markdown with code and math. */
  content?: "plain" | "rich";
}

/** The first `length` characters of the rich bench answer: `/demo math` answers, numbered, one after another. */
export function richBenchText(length: number): string {
  const parts: string[] = [];
  let total = 0;
  for (let turn = 1; total < length; turn += 1) {
    const part = `${composeMathAnswer(turn)}\n\n`;
    parts.push(part);
    total += part.length;
  }
  return parts.join("").slice(0, length);
}

/** With no interval, the sender lets the event loop run after this many chunks. */
const YIELD_EVERY_CHUNKS = 64;

/**
 * Sends the bench chunks, each stamped as it goes out (or cut from the rich text), then `<EOS>`
 * as a frame of its own (so that every chunk is exactly `size` bytes whatever the stand-in's
 * `eos` style).
 */
export async function playBench(outlet: Outlet, plan: BenchPlan, script: AnswerScript): Promise<boolean> {
  const rich = plan.content === "rich" ? richBenchText(plan.chunks * plan.size) : undefined;
  for (let index = 0; index < plan.chunks; index += 1) {
    const yieldFirst = plan.intervalMs > 0 ? index > 0 : index > 0 && index % YIELD_EVERY_CHUNKS === 0;
    if (yieldFirst && !(await outlet.pause(plan.intervalMs))) return false;
    const chunk = rich === undefined ? makeBenchChunk(plan.size) : rich.slice(index * plan.size, (index + 1) * plan.size);
    if (!(await outlet.send(chunkFrame(script.mode, chunk)))) return false;
  }
  return finishAnswer(outlet, { ...script, eos: "separate", paceMs: 0 }, [], script.closeAfterEos);
}
