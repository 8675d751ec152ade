/**
 * The goals of issue #4, each judged for every plain route target against the direct read of
 * the same run; and those of issue #9, each judged for the resumable targets against the plain
 * route of the same runtime in the same run. Figures are in ms, MB/s and KB (1 KB = 1,000 bytes).
 */
import { TARGETS, type TargetId } from "./plan";
import type { ConcurrencyFigures, FirstChunkFigures, LatencyFigures, PerTarget, ResumeFigures, ThroughputFigures } from "./workloads";

export interface BenchResults {
  latency: PerTarget<LatencyFigures>;
  firstChunk: PerTarget<FirstChunkFigures>;
  throughput: PerTarget<ThroughputFigures>;
  /** Keyed by the number of streams. */
  concurrency: Record<string, PerTarget<ConcurrencyFigures>>;
  /** Resumable targets only. */
  resume: PerTarget<ResumeFigures>;
}

/** `no goal`: measured and shown, but issue #9 sets no goal for this target. */
export type Verdict = "met" | "not met" | "not measured" | "no goal";

export interface GoalCheck {
  goal: string;
  limit: string;
  perTarget: PerTarget<{ figure: string; value: number; verdict: Verdict }>;
}

export const ROUTE_TARGETS: readonly TargetId[] = ["edge-sse", "edge-text", "node-sse", "node-text"];
export const RESUMABLE_TARGETS: readonly TargetId[] = TARGETS.filter((target) => target.resumable).map((target) => target.id);
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

/** The plain route a resumable target is judged against. */
export function plainOf(id: TargetId): TargetId | undefined {
  return TARGETS.find((target) => target.id === id)?.plain;
}

/**
 * Issue #9: resumable in memory within +0.1 ms of the plain route's median per chunk; on local
 * Redis within +0.5 ms and at least half its throughput; a resume delivers its first event in
 * 20 ms or less. The plain route is the same runtime's SSE route: Edge for memory (the same
 * build), Node.js for Redis (the build with REDIS_URL serves /api/ws-chat on Node.js).
 */
export function checkResumableGoals(results: BenchResults): GoalCheck[] {
  const latencyLimit: Partial<Record<TargetId, number>> = { "memory-resumable": 0.1, "redis-resumable": 0.5 };
  const throughputLimit: Partial<Record<TargetId, number>> = { "redis-resumable": 0.5 };
  const resumeLimitMs = 20;
  const checks: GoalCheck[] = [
    { goal: "added latency per chunk, median, against the plain SSE route", limit: "memory ≤ +0.1 ms, Redis ≤ +0.5 ms", perTarget: {} },
    { goal: "one-stream throughput against the plain SSE route", limit: "Redis ≥ 0.5×", perTarget: {} },
    { goal: "resume: time to the first replayed event, median", limit: `≤ ${resumeLimitMs} ms`, perTarget: {} },
    { goal: "resume: time to the first replayed event, p99", limit: `≤ ${resumeLimitMs} ms`, perTarget: {} },
    { goal: "resumes that delivered the rest of the answer exactly", limit: "all", perTarget: {} },
  ];
  const [latencyCheck, throughputCheck, resumeMedianCheck, resumeP99Check, resumeCompleteCheck] = checks as [GoalCheck, GoalCheck, GoalCheck, GoalCheck, GoalCheck];
  for (const id of RESUMABLE_TARGETS) {
    const plain = plainOf(id);
    if (plain === undefined) continue;
    const latency = results.latency[id]?.perChunkMs;
    const plainLatency = results.latency[plain]?.perChunkMs;
    if (latency && plainLatency) {
      const added = latency.median - plainLatency.median;
      const limit = latencyLimit[id];
      latencyCheck.perTarget[id] = { figure: plus(added, 3), value: added, verdict: limit === undefined ? "no goal" : judge(added, (v) => v <= limit) };
    }
    const throughput = results.throughput[id]?.megabytesPerSecond;
    const plainThroughput = results.throughput[plain]?.megabytesPerSecond;
    if (throughput !== undefined && plainThroughput) {
      const ratio = throughput / plainThroughput;
      const limit = throughputLimit[id];
      throughputCheck.perTarget[id] = { figure: `${ratio.toFixed(2)}×`, value: ratio, verdict: limit === undefined ? "no goal" : judge(ratio, (v) => v >= limit) };
    }
    const resume = results.resume[id];
    if (resume) {
      const { median: p50, p99 } = resume.resumeMs;
      resumeMedianCheck.perTarget[id] = { figure: `${p50.toFixed(2)} ms`, value: p50, verdict: judge(p50, (v) => v <= resumeLimitMs) };
      resumeP99Check.perTarget[id] = { figure: `${p99.toFixed(2)} ms`, value: p99, verdict: judge(p99, (v) => v <= resumeLimitMs) };
      resumeCompleteCheck.perTarget[id] = {
        figure: `${resume.complete}/${resume.rounds}`,
        value: resume.complete,
        verdict: resume.complete === resume.rounds ? "met" : "not met",
      };
    }
  }
  return checks;
}
