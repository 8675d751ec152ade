/**
 * Commands a query can carry, so the UI and tests can ask one request for a behaviour without
 * restarting the stand-in. A command is recognised only at the start of the query:
 *
 * - `/demo error`: some text, then the connection drops (the `drop-mid-answer` fault)
 * - `/demo slow`: the usual answer at 250 ms a chunk
 * - `/demo long`: a long Markdown answer
 * - `/demo math`: formulas in the four usual delimiters, a Python and a TypeScript code block,
 *   and prices that must not read as math (`composeMathAnswer`)
 * - `/fault <name>`: any {@link StandinFault} except `refuse-handshake`, which can only happen
 *   at the handshake, before the query exists (start the stand-in with that fault instead)
 * - `/bench chunks=<n> size=<bytes> interval=<ms> [content=plain|rich]`: see `bench.ts`
 *
 * `/fault` and `/bench` are for tests and benchmarks: with `commands: false` (a production
 * server's stand-in unless CREATE_AI_STANDIN_COMMANDS=true) they are ordinary questions.
 * `/demo` is always recognised: the demo page offers it as example prompts.
 */
import { BENCH_MAX_CHUNK_BYTES, BENCH_MIN_CHUNK_BYTES, type BenchPlan } from "./bench";
import { STANDIN_FAULTS, isStandinFault, type StandinFault } from "./faults";

/** The pace of `/demo slow`. */
export const SLOW_PACE_MS = 250;

const BENCH_DEFAULTS: BenchPlan = { chunks: 100, size: 64, intervalMs: 0, content: "plain" };
const BENCH_LIMITS = { chunks: 1_000_000, interval: 60_000 } as const;

/** What a query asks for. */
export type QueryCommand =
  | { kind: "answer" }
  | { kind: "fault"; fault: StandinFault }
  | { kind: "slow" }
  | { kind: "long" }
  | { kind: "math" }
  | { kind: "bench"; plan: BenchPlan }
  | { kind: "invalid"; reason: string };

export interface CommandOptions {
  /** Recognise `/fault` and `/bench`; default true. */
  commands?: boolean;
}

export function parseQueryCommand(query: string, options: CommandOptions = {}): QueryCommand {
  const words = query.trim().split(/\s+/);
  const [head = "", ...args] = words;
  const commands = options.commands ?? true;
  switch (head) {
    case "/demo":
      return parseDemo(args);
    case "/fault":
      return commands ? parseFault(args) : { kind: "answer" };
    case "/bench":
      return commands ? parseBench(args) : { kind: "answer" };
    default:
      return { kind: "answer" };
  }
}

function parseDemo(args: readonly string[]): QueryCommand {
  const [name] = args;
  if (name === "error") return { kind: "fault", fault: "drop-mid-answer" };
  if (name === "slow") return { kind: "slow" };
  if (name === "long") return { kind: "long" };
  if (name === "math") return { kind: "math" };
  return { kind: "invalid", reason: "Unknown demo. Use /demo error, /demo slow, /demo long or /demo math." };
}

function parseFault(args: readonly string[]): QueryCommand {
  const [name = ""] = args;
  if (name === "refuse-handshake") {
    return {
      kind: "invalid",
      reason: "refuse-handshake happens before the query is read: start the stand-in with --fault refuse-handshake.",
    };
  }
  if (isStandinFault(name)) return { kind: "fault", fault: name };
  return { kind: "invalid", reason: `Unknown fault "${name}". Known: ${STANDIN_FAULTS.join(", ")}.` };
}

function parseBench(args: readonly string[]): QueryCommand {
  const plan: BenchPlan = { ...BENCH_DEFAULTS };
  for (const arg of args) {
    const content = /^content=(plain|rich)$/.exec(arg)?.[1];
    if (content === "plain" || content === "rich") {
      plan.content = content;
      continue;
    }
    const match = /^(chunks|size|interval)=(\d+)$/.exec(arg);
    if (match === null) {
      return { kind: "invalid", reason: `Bad /bench argument "${arg}". Use chunks=<n> size=<bytes> interval=<ms> content=plain|rich.` };
    }
    const value = Number(match[2]);
    if (match[1] === "chunks") plan.chunks = value;
    else if (match[1] === "size") plan.size = value;
    else plan.intervalMs = value;
  }
  if (plan.chunks < 1 || plan.chunks > BENCH_LIMITS.chunks) {
    return { kind: "invalid", reason: `/bench chunks must be between 1 and ${BENCH_LIMITS.chunks}.` };
  }
  if (plan.size < BENCH_MIN_CHUNK_BYTES || plan.size > BENCH_MAX_CHUNK_BYTES) {
    return {
      kind: "invalid",
      reason: `/bench size must be between ${BENCH_MIN_CHUNK_BYTES} and ${BENCH_MAX_CHUNK_BYTES} bytes.`,
    };
  }
  if (plan.intervalMs > BENCH_LIMITS.interval) {
    return { kind: "invalid", reason: `/bench interval must be at most ${BENCH_LIMITS.interval} ms.` };
  }
  return { kind: "bench", plan };
}
