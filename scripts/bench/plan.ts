/**
 * What one benchmark run measures: the targets and the size of each workload, full or quick.
 * Every loop the workloads run is bounded by these counts and by the deadlines derived here.
 */

import type { BenchPlan as StandinBenchCommand } from "../standin/bench";
import type { BuildVariant } from "./build";

/** Where a stream is read from. `direct` is the limit: the stand-in read over its own socket. */
export type TargetId = "direct" | "edge-sse" | "edge-text" | "node-sse" | "node-text" | "memory-resumable" | "redis-resumable";

export interface Target {
  id: TargetId;
  label: string;
  /** Undefined for the direct read; otherwise which build serves the route. */
  build?: BuildVariant;
  format?: "sse" | "text";
  /** POST with `"resumable": true`: the answer goes through the answer store. */
  resumable?: boolean;
  /** For a resumable target: the plain route it is judged against (same runtime, same format). */
  plain?: TargetId;
}

export const TARGETS: readonly Target[] = [
  { id: "direct", label: "direct WebSocket read (limit)" },
  { id: "edge-sse", label: "route, SSE, Edge", build: "edge", format: "sse" },
  { id: "edge-text", label: "route, plain text, Edge", build: "edge", format: "text" },
  { id: "node-sse", label: "route, SSE, Node.js", build: "node", format: "sse" },
  { id: "node-text", label: "route, plain text, Node.js", build: "node", format: "text" },
  // The Edge build as shipped, answers in its own memory.
  { id: "memory-resumable", label: "resumable, memory (SSE, Edge)", build: "edge", format: "sse", resumable: true, plain: "edge-sse" },
  // The build made with REDIS_URL: /api/ws-chat… on the Node.js route, answers on a local Redis.
  { id: "redis-resumable", label: "resumable, Redis (SSE, Node.js)", build: "redis", format: "sse", resumable: true, plain: "node-sse" },
];

/**
 * One `/bench` answer: `chunks` chunks of `size` bytes, `intervalMs` apart (0: as fast as
 * possible). The same fields the stand-in parses out of the `/bench` command.
 */
export type StreamShape = StandinBenchCommand;

export interface BenchPlan {
  name: "full" | "quick";
  warmup: { streams: number; shape: StreamShape; long: StreamShape };
  /** Workload 1: added latency per chunk at a model-like cadence; `rounds` streams per target. */
  latency: { rounds: number; shape: StreamShape };
  /** Workload 2: time to the first chunk, connection included; `samples` requests per target. */
  firstChunk: { samples: number; shape: StreamShape };
  /** Workload 3: one stream as fast as the upstream sends; `rounds` streams per target. */
  throughput: { rounds: number; shape: StreamShape };
  /**
   * Workload 4: this many streams at once, per level. `freshServer`: restart and warm up the
   * server before each level, so every level's memory starts from the same resting server.
   */
  concurrency: { levels: number[]; shape: StreamShape; freshServer: boolean };
  /**
   * Workload 5, resumable targets only: start an answer, read `readDeltas` deltas, drop the
   * connection, wait `gapMs` (the answer goes on into the store), then GET it with Last-Event-ID
   * on a new connection and time the first replayed event; `rounds` resumes per target.
   */
  resume: { rounds: number; shape: StreamShape; readDeltas: number; gapMs: number };
}

export const FULL_PLAN: BenchPlan = {
  name: "full",
  warmup: { streams: 20, shape: { chunks: 50, size: 64, intervalMs: 0 }, long: { chunks: 5_000, size: 64, intervalMs: 0 } },
  latency: { rounds: 3, shape: { chunks: 200, size: 64, intervalMs: 5 } },
  firstChunk: { samples: 40, shape: { chunks: 1, size: 64, intervalMs: 0 } },
  throughput: { rounds: 3, shape: { chunks: 20_000, size: 64, intervalMs: 0 } },
  concurrency: { levels: [100, 500, 1_000], shape: { chunks: 40, size: 64, intervalMs: 25 }, freshServer: true },
  resume: { rounds: 40, shape: { chunks: 40, size: 64, intervalMs: 5 }, readDeltas: 10, gapMs: 25 },
};

export const QUICK_PLAN: BenchPlan = {
  name: "quick",
  warmup: { streams: 5, shape: { chunks: 20, size: 64, intervalMs: 0 }, long: { chunks: 500, size: 64, intervalMs: 0 } },
  latency: { rounds: 1, shape: { chunks: 40, size: 64, intervalMs: 5 } },
  firstChunk: { samples: 5, shape: { chunks: 1, size: 64, intervalMs: 0 } },
  throughput: { rounds: 1, shape: { chunks: 2_000, size: 64, intervalMs: 0 } },
  concurrency: { levels: [50], shape: { chunks: 10, size: 64, intervalMs: 25 }, freshServer: false },
  resume: { rounds: 5, shape: { chunks: 30, size: 64, intervalMs: 5 }, readDeltas: 5, gapMs: 25 },
};

/** The question that makes the stand-in play `shape` (see scripts/standin/bench.ts). */
export function benchQuery(shape: StreamShape): string {
  return `/bench chunks=${shape.chunks} size=${shape.size} interval=${shape.intervalMs}`;
}

/**
 * How long one stream may take before it counts as not completed: three times its paced
 * duration plus a minute, so "not complete" means broken or stuck, not merely slow (a slow
 * stream shows in the latency figures instead).
 */
export function streamDeadlineMs(shape: StreamShape): number {
  const paced = shape.chunks * shape.intervalMs;
  const unpaced = shape.chunks * shape.size * 0.001; // allow 1 µs a byte, i.e. ≥ 1 MB/s
  return 3 * (paced + unpaced) + 60_000;
}
