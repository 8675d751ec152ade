/**
 * The goals of issue #4, each judged for every route target against the direct read of the
 * same run. Figures are in ms, MB/s and KB (1 KB = 1,000 bytes).
 */
import type { TargetId } from "./plan";
import type { ConcurrencyFigures, FirstChunkFigures, LatencyFigures, PerTarget, ThroughputFigures } from "./workloads";

export interface BenchResults {
  latency: PerTarget<LatencyFigures>;
  firstChunk: PerTarget<FirstChunkFigures>;
  throughput: PerTarget<ThroughputFigures>;
  /** Keyed by the number of streams. */
  concurrency: Record<string, PerTarget<ConcurrencyFigures>>;
}

export type Verdict = "met" | "not met" | "not measured";

export interface GoalCheck {
  goal: string;
  limit: string;
  perTarget: PerTarget<{ figure: string; value: number; verdict: Verdict }>;
}

export const ROUTE_TARGETS: readonly TargetId[] = ["edge-sse", "edge-text", "node-sse", "node-text"];
/** The concurrency level the goals are set at. */
export const GOAL_LEVEL = "500";

/** Resident KiB (as /proc reports) to KB. */
export function kibToKB(kib: number): number {
  return (kib * 1024) / 1000;
}

function judge(value: number | undefined, ok: (value: number) => boolean): Verdict {
  if (value === undefined || !Number.isFinite(value)) return "not measured";
  return ok(value) ? "met" : "not met";
}

function plus(value: number, digits: number): string {
  return `${value >= 0 ? "+" : "−"}${Math.abs(value).toFixed(digits)} ms`;
}

export function checkGoals(results: BenchResults): GoalCheck[] {
  const direct = {
    latency: results.latency.direct?.perChunkMs,
    firstChunk: results.firstChunk.direct?.firstChunkMs,
    throughput: results.throughput.direct?.megabytesPerSecond,
  };
  const atLevel = results.concurrency[GOAL_LEVEL];
  const checks: GoalCheck[] = [
    { goal: "added latency per chunk, median", limit: "≤ +0.3 ms", perTarget: {} },
    { goal: "added latency per chunk, p99", limit: "≤ +2 ms", perTarget: {} },
    { goal: "added time to first chunk, median", limit: "≤ +3 ms", perTarget: {} },
    { goal: "one-stream throughput", limit: "≥ 0.6× direct", perTarget: {} },
    { goal: `${GOAL_LEVEL} concurrent streams: all complete`, limit: `${GOAL_LEVEL}/${GOAL_LEVEL}`, perTarget: {} },
    { goal: `${GOAL_LEVEL} concurrent streams: latency p99`, limit: "≤ 50 ms", perTarget: {} },
    { goal: `memory per stream at ${GOAL_LEVEL} streams`, limit: "≤ 40 KB", perTarget: {} },
  ];
  const [medianCheck, p99Check, firstCheck, throughputCheck, completeCheck, loadP99Check, memoryCheck] = checks as [
    GoalCheck, GoalCheck, GoalCheck, GoalCheck, GoalCheck, GoalCheck, GoalCheck,
  ];

  for (const id of ROUTE_TARGETS) {
    const latency = results.latency[id]?.perChunkMs;
    if (latency && direct.latency) {
      const addedMedian = latency.median - direct.latency.median;
      const addedP99 = latency.p99 - direct.latency.p99;
      medianCheck.perTarget[id] = { figure: plus(addedMedian, 3), value: addedMedian, verdict: judge(addedMedian, (v) => v <= 0.3) };
      p99Check.perTarget[id] = { figure: plus(addedP99, 2), value: addedP99, verdict: judge(addedP99, (v) => v <= 2) };
    }
    const first = results.firstChunk[id]?.firstChunkMs;
    if (first && direct.firstChunk) {
      const added = first.median - direct.firstChunk.median;
      firstCheck.perTarget[id] = { figure: plus(added, 2), value: added, verdict: judge(added, (v) => v <= 3) };
    }
    const throughput = results.throughput[id]?.megabytesPerSecond;
    if (throughput !== undefined && direct.throughput) {
      const ratio = throughput / direct.throughput;
      throughputCheck.perTarget[id] = { figure: `${ratio.toFixed(2)}×`, value: ratio, verdict: judge(ratio, (v) => v >= 0.6) };
    }
    const load = atLevel?.[id];
    if (load) {
      completeCheck.perTarget[id] = {
        figure: `${load.complete}/${load.streams}`,
        value: load.complete,
        verdict: load.complete === load.streams ? "met" : "not met",
      };
      loadP99Check.perTarget[id] = { figure: `${load.perChunkMs.p99.toFixed(1)} ms`, value: load.perChunkMs.p99, verdict: judge(load.perChunkMs.p99, (v) => v <= 50) };
      const perStream = load.memory ? kibToKB(load.memory.perStreamKiB) : undefined;
      memoryCheck.perTarget[id] = {
        figure: perStream === undefined ? "—" : `${perStream.toFixed(1)} KB`,
        value: perStream ?? Number.NaN,
        verdict: judge(perStream, (v) => v <= 40),
      };
    }
  }
  return checks;
}
