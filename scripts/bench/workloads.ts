/**
 * The four workloads of issue #4, each run against every target, and the resume workload of
 * issue #9, run against the resumable targets. Rounds go target after target (direct, Edge SSE,
 * Edge text, Node SSE, Node text, resumable in memory, resumable on Redis, then again), so drift
 * on a shared machine spreads over all targets instead of landing on one.
 */
import { PeakSampler, processTree, restingKiB } from "./memory";
import type { BenchPlan, StreamShape, Target, TargetId } from "./plan";
import type { StreamResult } from "./readers";
import type { ResumeResult } from "./resume-reader";
import { median, summarize, type Distribution } from "./stats";

/** A target the workloads can read from. */
export interface TargetRunner {
  target: Target;
  read(shape: StreamShape): Promise<StreamResult>;
  /**
   * Gets ready for a concurrency level. Route targets restart their server, warm it up and
   * return its process tree, so every level starts from the same resting server; the direct
   * read waits for the stand-in's sockets to close and returns undefined (no server to measure).
   */
  prepareLevel(): Promise<number[] | undefined>;
  /** Resumable targets: one answer read, dropped and resumed (workload 5). */
  resume?(plan: BenchPlan): Promise<ResumeResult>;
  /** Targets whose answers live outside the server: bytes the store uses now (Redis `used_memory`). */
  storeBytes?(): Promise<number>;
}

export interface LatencyFigures {
  streams: number;
  complete: number;
  perChunkMs: Distribution;
}

export interface FirstChunkFigures {
  samples: number;
  complete: number;
  firstChunkMs: Distribution;
}

export interface ThroughputFigures {
  rounds: number;
  complete: number;
  /** Median over rounds of answer text per second. */
  megabytesPerSecond: number;
  chunksPerSecond: number;
  perRoundMBps: number[];
  /** `Content-Encoding` seen on the response, if any. */
  encoding?: string;
}

export interface ConcurrencyFigures {
  streams: number;
  complete: number;
  perChunkMs: Distribution;
  /**
   * Per-chunk latency of the chunks sent once every stream had its first chunk: the steady
   * state, without the burst of 100s of connections opening at once.
   */
  steadyPerChunkMs: Distribution;
  firstChunkMs: Distribution;
  /** Most streams that were streaming (first chunk received, end not yet) at the same moment. */
  peakStreaming: number;
  /** Undefined for the direct read (no server of ours to measure). */
  memory?: { restingKiB: number; peakKiB: number; perStreamKiB: number; samples: number };
  /**
   * Answers kept outside the server (Redis): its `used_memory` before the level and once every
   * stream has ended (the answers are still kept then, for WS_CHAT_RESUME_TTL_S).
   */
  store?: { beforeBytes: number; afterBytes: number; perStreamBytes: number };
  /** Why streams did not complete, with counts (at most a few reasons). */
  failures: Record<string, number>;
}

export interface ResumeFigures {
  rounds: number;
  complete: number;
  /** From just before the GET to its first (replayed) event. */
  resumeMs: Distribution;
  /** Why resumes did not complete, with counts (at most a few reasons). */
  failures: Record<string, number>;
}

export type PerTarget<T> = Partial<Record<TargetId, T>>;

type Log = (line: string) => void;

/** Warms up a target: JIT, lazy route compilation and connection paths, before anything is timed. */
export async function warmUp(runner: TargetRunner, plan: BenchPlan): Promise<void> {
  for (let index = 0; index < plan.warmup.streams; index += 1) await runner.read(plan.warmup.shape);
  await runner.read(plan.warmup.long);
  // The resume path (GET /api/ws-chat/streams/{id}) is a route of its own to warm up.
  for (let index = 0; runner.resume && index < WARMUP_RESUMES; index += 1) await runner.resume(plan);
}

const WARMUP_RESUMES = 3;

function isMeasurable(result: StreamResult): boolean {
  return result.complete && Number.isFinite(result.firstChunkMs);
}

/**
 * Reads `shape` from every target, target after target, `rounds` times, and folds each result
 * into that target's entry (made by `fresh` on its first read).
 */
async function readRounds<Entry>(
  runners: readonly TargetRunner[],
  rounds: number,
  shape: StreamShape,
  fresh: () => Entry,
  add: (entry: Entry, result: StreamResult) => void,
  afterRound?: (round: number) => void,
): Promise<Map<TargetId, Entry>> {
  const entries = new Map<TargetId, Entry>();
  for (let round = 0; round < rounds; round += 1) {
    for (const runner of runners) {
      const result = await runner.read(shape);
      let entry = entries.get(runner.target.id);
      if (entry === undefined) {
        entry = fresh();
        entries.set(runner.target.id, entry);
      }
      add(entry, result);
    }
    afterRound?.(round);
  }
  return entries;
}

/** Workload 1: arrival minus upstream send time of every chunk at a model-like cadence. */
export async function measureLatency(runners: readonly TargetRunner[], plan: BenchPlan, log: Log): Promise<PerTarget<LatencyFigures>> {
  const { rounds, shape } = plan.latency;
  const samples = await readRounds(
    runners,
    rounds,
    shape,
    () => ({ latencies: [] as number[], complete: 0 }),
    (entry, result) => {
      if (result.complete) entry.complete += 1;
      for (const value of result.latencies) entry.latencies.push(value);
    },
    (round) => log(`[bench] latency round ${round + 1}/${rounds} done`),
  );
  const figures: PerTarget<LatencyFigures> = {};
  for (const [id, entry] of samples) {
    figures[id] = { streams: rounds, complete: entry.complete, perChunkMs: summarize(entry.latencies) };
  }
  return figures;
}

/** Workload 2: from just before connecting to the first chunk's arrival, one request at a time. */
export async function measureFirstChunk(runners: readonly TargetRunner[], plan: BenchPlan, log: Log): Promise<PerTarget<FirstChunkFigures>> {
  const { samples: count, shape } = plan.firstChunk;
  const samples = await readRounds(
    runners,
    count,
    shape,
    () => ({ times: [] as number[], complete: 0 }),
    (entry, result) => {
      if (!isMeasurable(result)) return;
      entry.complete += 1;
      entry.times.push(result.firstChunkMs);
    },
  );
  log(`[bench] first chunk: ${count} samples per target done`);
  const figures: PerTarget<FirstChunkFigures> = {};
  for (const [id, entry] of samples) {
    figures[id] = { samples: count, complete: entry.complete, firstChunkMs: summarize(entry.times) };
  }
  return figures;
}

/** Workload 3: one stream sent as fast as the upstream can. */
export async function measureThroughput(runners: readonly TargetRunner[], plan: BenchPlan, log: Log): Promise<PerTarget<ThroughputFigures>> {
  const { shape, rounds } = plan.throughput;
  const samples = await readRounds(
    runners,
    rounds,
    shape,
    (): { mbps: number[]; complete: number; encoding?: string } => ({ mbps: [], complete: 0 }),
    (entry, result) => {
      if (result.complete) {
        entry.complete += 1;
        entry.mbps.push(result.chars / 1e6 / (result.totalMs / 1000));
      }
      entry.encoding ??= result.encoding;
    },
    (round) => log(`[bench] throughput round ${round + 1}/${rounds} done`),
  );
  const figures: PerTarget<ThroughputFigures> = {};
  for (const [id, entry] of samples) {
    const mbps = entry.mbps.length > 0 ? median(entry.mbps) : Number.NaN;
    figures[id] = {
      rounds,
      complete: entry.complete,
      megabytesPerSecond: mbps,
      chunksPerSecond: (mbps * 1e6) / shape.size,
      perRoundMBps: entry.mbps,
      encoding: entry.encoding,
    };
  }
  return figures;
}

/** All streams of a level start in the same turn, so their times share an origin. */
function peakOverlap(results: readonly StreamResult[]): number {
  const edges: [number, number][] = [];
  for (const result of results) {
    if (!Number.isFinite(result.firstChunkMs)) continue;
    edges.push([result.firstChunkMs, 1], [result.totalMs, -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let peak = 0;
  for (const [, change] of edges) {
    open += change;
    peak = Math.max(peak, open);
  }
  return peak;
}

/** Workload 4: `level` streams at once; completion, latency and the server's memory per stream. */
export async function measureConcurrency(
  runners: readonly TargetRunner[],
  plan: BenchPlan,
  level: number,
  log: Log,
): Promise<PerTarget<ConcurrencyFigures>> {
  const { shape } = plan.concurrency;
  const figures: PerTarget<ConcurrencyFigures> = {};
  for (const runner of runners) {
    const pids = await runner.prepareLevel();
    const resting = pids ? await restingKiB(pids) : 0;
    const storeBefore = await runner.storeBytes?.();
    const sampler = pids ? new PeakSampler(pids, 20) : undefined;
    const results = await Promise.all(Array.from({ length: level }, () => runner.read(shape)));
    const peak = sampler?.stop();
    const storeAfter = await runner.storeBytes?.();

    const latencies: number[] = [];
    const firstChunks: number[] = [];
    const failures: Record<string, number> = {};
    let complete = 0;
    const allOpenAt = Math.max(...results.map((result) => result.sentAt[0] ?? Number.POSITIVE_INFINITY));
    const steady: number[] = [];
    for (const result of results) {
      result.sentAt.forEach((sentAt, index) => {
        if (sentAt >= allOpenAt) steady.push(result.latencies[index] as number);
      });
      for (const value of result.latencies) latencies.push(value);
      if (Number.isFinite(result.firstChunkMs)) firstChunks.push(result.firstChunkMs);
      if (result.complete) complete += 1;
      else {
        const reason = (result.failure ?? "incomplete").slice(0, 120);
        if (reason in failures || Object.keys(failures).length < 5) failures[reason] = (failures[reason] ?? 0) + 1;
      }
    }
    figures[runner.target.id] = {
      streams: level,
      complete,
      perChunkMs: summarize(latencies),
      steadyPerChunkMs: summarize(steady),
      firstChunkMs: summarize(firstChunks),
      peakStreaming: peakOverlap(results),
      memory:
        pids && peak
          ? { restingKiB: resting, peakKiB: peak.peakKiB, perStreamKiB: (peak.peakKiB - resting) / level, samples: peak.samples }
          : undefined,
      store:
        storeBefore !== undefined && storeAfter !== undefined
          ? { beforeBytes: storeBefore, afterBytes: storeAfter, perStreamBytes: (storeAfter - storeBefore) / level }
          : undefined,
      failures,
    };
    log(`[bench] ${level} streams at once, ${runner.target.label}: ${complete}/${level} complete (pids ${pids?.join(",") ?? "—"})`);
  }
  return figures;
}

/**
 * Workload 5: a dropped connection resumed with Last-Event-ID, on the resumable targets, one
 * resume at a time, target after target.
 */
export async function measureResume(runners: readonly TargetRunner[], plan: BenchPlan, log: Log): Promise<PerTarget<ResumeFigures>> {
  const resumable = runners.filter((runner) => runner.resume !== undefined);
  const entries = new Map<TargetId, { times: number[]; complete: number; failures: Record<string, number> }>();
  for (let round = 0; round < plan.resume.rounds; round += 1) {
    for (const runner of resumable) {
      const result = await (runner.resume as NonNullable<TargetRunner["resume"]>)(plan);
      let entry = entries.get(runner.target.id);
      if (entry === undefined) {
        entry = { times: [], complete: 0, failures: {} };
        entries.set(runner.target.id, entry);
      }
      if (Number.isFinite(result.resumeMs)) entry.times.push(result.resumeMs);
      if (result.complete) entry.complete += 1;
      else {
        const reason = (result.failure ?? "incomplete").slice(0, 160);
        if (reason in entry.failures || Object.keys(entry.failures).length < 5) entry.failures[reason] = (entry.failures[reason] ?? 0) + 1;
      }
    }
  }
  log(`[bench] resume: ${plan.resume.rounds} resumes per resumable target done`);
  const figures: PerTarget<ResumeFigures> = {};
  for (const [id, entry] of entries) {
    figures[id] = { rounds: plan.resume.rounds, complete: entry.complete, resumeMs: summarize(entry.times), failures: entry.failures };
  }
  return figures;
}
