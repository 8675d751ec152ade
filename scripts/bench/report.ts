/**
 * The run as a JSON file and as the generated part of the "Proxy speed" section of
 * BENCHMARKS.md. Only the text between the markers is rewritten: the rest of that section (the
 * profile findings) and every other section of the file stay as they are.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./build";
import { checkGoals, checkResumableGoals, kibToKB, plainOf, RESUMABLE_TARGETS, type BenchResults, type GoalCheck } from "./goals";
import type { MachineInfo, SourceInfo } from "./machine";
import { TARGETS, type BenchPlan, type Target, type TargetId } from "./plan";
import type { Distribution } from "./stats";
import { replaceMarkedSection } from "../lib/markdown-section";

export interface BenchReport {
  date: string;
  plan: BenchPlan;
  machine: MachineInfo;
  loadAverageAtEnd: number[];
  source: SourceInfo;
  commands: string[];
  durationSeconds: number;
  builds: { variant: string; reused: boolean; seconds: number }[];
  /** Whether a redis-server was found (without one, the Redis target is left out). */
  redis: { available: boolean; version?: string };
  results: BenchResults;
  goals: GoalCheck[];
  resumableGoals: GoalCheck[];
}

export const BENCHMARKS_FILE = path.join(ROOT, "BENCHMARKS.md");
const START = "<!-- proxy-speed:generated:start (written by npm run bench; edit scripts/bench/report.ts instead) -->";
const END = "<!-- proxy-speed:generated:end -->";
const HEADING = "## Proxy speed";

export function finishReport(report: Omit<BenchReport, "goals" | "resumableGoals">): BenchReport {
  return { ...report, goals: checkGoals(report.results), resumableGoals: checkResumableGoals(report.results) };
}

export function writeJson(report: BenchReport, file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

const ms = (value: number, digits = 2): string => (Number.isFinite(value) ? `${value.toFixed(digits)} ms` : "—");

/** A figure with its relation to the limit: the difference for times, the ratio always. */
function versusLimit(value: number, limit: number | undefined, unit: "ms" | "MB/s", digits: number): string {
  if (!Number.isFinite(value)) return "—";
  const shown = unit === "ms" ? ms(value, digits) : `${value.toFixed(1)} MB/s`;
  if (limit === undefined || !Number.isFinite(limit) || limit === 0) return shown;
  const ratio = `${(value / limit).toFixed(2)}×`;
  if (unit !== "ms") return `${shown} (${ratio})`;
  const added = value - limit;
  return `${shown} (${added >= 0 ? "+" : "−"}${Math.abs(added).toFixed(digits)}, ${ratio})`;
}

type Row = [string, ...string[]];

function figureRows(report: BenchReport): Row[] {
  const { results, plan } = report;
  const rows: Row[] = [];
  const times = (label: string, pick: (id: TargetId) => Distribution | undefined, digits: number): void => {
    for (const which of ["median", "p99"] as const) {
      const limit = pick("direct")?.[which];
      rows.push([`${label}, ${which}`, ...TARGETS.map((t) => {
        const value = pick(t.id)?.[which];
        return value === undefined ? "—" : t.id === "direct" ? ms(value, digits) : versusLimit(value, limit, "ms", digits);
      })]);
    }
  };
  const { latency, firstChunk, throughput } = plan;
  times(`1. latency per chunk (${latency.shape.chunks} chunks, ${latency.shape.intervalMs} ms apart, ${latency.rounds} streams)`, (id) => results.latency[id]?.perChunkMs, 3);
  times(`2. time to first chunk, connection included (${firstChunk.samples} requests)`, (id) => results.firstChunk[id]?.firstChunkMs, 2);
  const limitMBps = results.throughput.direct?.megabytesPerSecond;
  rows.push([
    `3. one-stream throughput (${throughput.shape.chunks.toLocaleString("en-US")} × ${throughput.shape.size} B, median of ${throughput.rounds})`,
    ...TARGETS.map((t) => {
      const figures = results.throughput[t.id];
      if (!figures) return "—";
      const shown = t.id === "direct" ? `${figures.megabytesPerSecond.toFixed(1)} MB/s` : versusLimit(figures.megabytesPerSecond, limitMBps, "MB/s", 1);
      return figures.encoding ? `${shown}, ${figures.encoding}` : shown;
    }),
  ]);
  for (const [level, perTarget] of Object.entries(results.concurrency)) {
    const label = `4. ${level} streams at once (${plan.concurrency.shape.chunks} chunks, ${plan.concurrency.shape.intervalMs} ms apart)`;
    rows.push([`${label}: complete`, ...TARGETS.map((t) => (perTarget[t.id] ? `${perTarget[t.id]?.complete}/${perTarget[t.id]?.streams}` : "—"))]);
    rows.push([`${label}: most streaming at the same moment`, ...TARGETS.map((t) => String(perTarget[t.id]?.peakStreaming ?? "—"))]);
    const limitP99 = perTarget.direct?.perChunkMs.p99;
    rows.push([`${label}: latency per chunk, p99`, ...TARGETS.map((t) => {
      const value = perTarget[t.id]?.perChunkMs.p99;
      return value === undefined ? "—" : t.id === "direct" ? ms(value, 1) : versusLimit(value, limitP99, "ms", 1);
    })]);
    const limitSteady = perTarget.direct?.steadyPerChunkMs.p99;
    rows.push([`${label}: latency per chunk, p99, once all streams are open`, ...TARGETS.map((t) => {
      const value = perTarget[t.id]?.steadyPerChunkMs.p99;
      return value === undefined ? "—" : t.id === "direct" ? ms(value, 1) : versusLimit(value, limitSteady, "ms", 1);
    })]);
    rows.push([`${label}: server memory per stream`, ...TARGETS.map((t) => {
      const memory = perTarget[t.id]?.memory;
      return memory ? `${kibToKB(memory.perStreamKiB).toFixed(1)} KB` : "—";
    })]);
    if (TARGETS.some((t) => perTarget[t.id]?.store)) {
      rows.push([`${label}: Redis memory per answer, kept after its end`, ...TARGETS.map((t) => {
        const store = perTarget[t.id]?.store;
        return store ? `${(store.perStreamBytes / 1000).toFixed(1)} KB` : "—";
      })]);
    }
  }
  const { resume } = plan;
  const resumeLabel = `5. resume: first replayed event after a drop (${resume.shape.chunks} chunks ${resume.shape.intervalMs} ms apart, dropped after ${resume.readDeltas} deltas, GET ${resume.gapMs} ms later; ${resume.rounds} resumes)`;
  for (const which of ["median", "p99"] as const) {
    rows.push([`${resumeLabel}, ${which}`, ...TARGETS.map((t) => {
      const value = results.resume[t.id]?.resumeMs[which];
      return value === undefined ? "—" : ms(value, 2);
    })]);
  }
  rows.push([`${resumeLabel}: rest of the answer exact`, ...TARGETS.map((t) => {
    const figures = results.resume[t.id];
    return figures ? `${figures.complete}/${figures.rounds}` : "—";
  })]);
  return rows;
}

/** A resumable target's figure against its plain route's: the difference, and the ratio. */
function versusPlain(value: number | undefined, plain: number | undefined, unit: "ms" | "MB/s" | "KB", digits: number): string {
  if (value === undefined || !Number.isFinite(value)) return "—";
  const shown = unit === "ms" ? ms(value, digits) : `${value.toFixed(digits)} ${unit}`;
  if (plain === undefined || !Number.isFinite(plain) || plain === 0) return shown;
  const added = value - plain;
  const sign = added >= 0 ? "+" : "−";
  return `${shown} (${sign}${Math.abs(added).toFixed(digits)}, ${(value / plain).toFixed(2)}×)`;
}

/**
 * Issue #9's view: each resumable target against the plain SSE route of the same runtime, read
 * in the same run (memory: the Edge build's; Redis: the Node.js build's).
 */
function resumableRows(report: BenchReport): Row[] {
  const { results } = report;
  const targets = TARGETS.filter((t) => RESUMABLE_TARGETS.includes(t.id));
  const rows: Row[] = [];
  const row = (label: string, pick: (id: TargetId) => number | undefined, unit: "ms" | "MB/s" | "KB", digits: number): void => {
    rows.push([label, ...targets.map((t) => {
      const plain = plainOf(t.id);
      return versusPlain(pick(t.id), plain === undefined ? undefined : pick(plain), unit, digits);
    })]);
  };
  rows.push(["judged against", ...targets.map((t) => TARGETS.find((other) => other.id === t.plain)?.label ?? "—")]);
  row("1. latency per chunk, median", (id) => results.latency[id]?.perChunkMs.median, "ms", 3);
  row("1. latency per chunk, p99", (id) => results.latency[id]?.perChunkMs.p99, "ms", 3);
  row("2. time to first chunk, median", (id) => results.firstChunk[id]?.firstChunkMs.median, "ms", 2);
  row("2. time to first chunk, p99", (id) => results.firstChunk[id]?.firstChunkMs.p99, "ms", 2);
  row("3. one-stream throughput", (id) => results.throughput[id]?.megabytesPerSecond, "MB/s", 1);
  for (const [level, perTarget] of Object.entries(results.concurrency)) {
    const label = `4. ${level} streams at once`;
    rows.push([`${label}: complete`, ...targets.map((t) => (perTarget[t.id] ? `${perTarget[t.id]?.complete}/${perTarget[t.id]?.streams}` : "—"))]);
    row(`${label}: latency per chunk, p99`, (id) => perTarget[id]?.perChunkMs.p99, "ms", 1);
    row(`${label}: server memory per stream`, (id) => {
      const memory = perTarget[id]?.memory;
      return memory ? kibToKB(memory.perStreamKiB) : undefined;
    }, "KB", 1);
    if (targets.some((t) => perTarget[t.id]?.store)) {
      rows.push([`${label}: Redis memory per answer, kept after its end`, ...targets.map((t) => {
        const store = perTarget[t.id]?.store;
        return store ? `${(store.perStreamBytes / 1000).toFixed(1)} KB` : "—";
      })]);
    }
  }
  for (const which of ["median", "p99"] as const) {
    rows.push([`5. resume: first replayed event, ${which}`, ...targets.map((t) => {
      const value = results.resume[t.id]?.resumeMs[which];
      return value === undefined ? "—" : ms(value, 2);
    })]);
  }
  return rows;
}

function table(header: Row, rows: readonly Row[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function goalsTable(goals: readonly GoalCheck[], routes: readonly Target[]): string {
  const mark = { met: "met", "not met": "**not met**", "not measured": "not measured", "no goal": "no goal" } as const;
  return table(
    ["goal", "limit", ...routes.map((t) => t.label)],
    goals.map((check): Row => [
      check.goal,
      check.limit,
      ...routes.map((t) => {
        const cell = check.perTarget[t.id];
        return cell ? `${cell.figure}: ${mark[cell.verdict]}` : "not measured";
      }),
    ]),
  );
}

export function renderSection(report: BenchReport): string {
  const { machine, source } = report;
  const when = report.date.replace("T", " ").replace(/\.\d+Z$/, " UTC");
  return [
    START,
    `Measured ${when} by \`npm run bench\` (${report.plan.name} plan, ${Math.round(report.durationSeconds)} s) on one machine:`,
    `${machine.cpus} CPUs (\`nproc\`), ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, Next.js ${machine.next};`,
    `load average ${machine.loadAverage.join(" / ")} at the start and ${report.loadAverageAtEnd.join(" / ")} at the end (a shared machine).`,
    `Source: commit \`${source.commit}\`${source.dirty ? " plus uncommitted changes in the working tree" : ""}.`,
    "",
    "Commands:",
    "",
    "```sh",
    ...report.commands,
    "```",
    "",
    "Every figure is measured in the same run as the limit, a direct WebSocket read of the same stand-in;",
    "in brackets: the difference to the limit for times, and the ratio to the limit.",
    "",
    table(["figure", ...TARGETS.map((t) => t.label)], figureRows(report)),
    "",
    "Goals of issue #4, judged against the limit above:",
    "",
    goalsTable(report.goals, TARGETS.filter((t) => t.id !== "direct" && !t.resumable)),
    "",
    "Resumable answers (`\"resumable\": true`) against the plain SSE route of the same runtime, read in the same run;",
    "in brackets: the difference to the plain route, and the ratio to it.",
    report.redis.available ? `Redis: a \`redis-server\` ${report.redis.version ?? ""} started by the benchmark on loopback, nothing saved to disk.` : "Redis: no `redis-server` on this machine, so the Redis target was left out.",
    "",
    table(["figure", ...TARGETS.filter((t) => t.resumable).map((t) => t.label)], resumableRows(report)),
    "",
    "Goals of issue #9:",
    "",
    goalsTable(report.resumableGoals, TARGETS.filter((t) => t.resumable)),
    END,
  ].join("\n");
}

const HOW_IT_MEASURES = `How it measures: \`scripts/bench/run.ts\` builds the app three times for production with
\`next build\`, from snapshots of the working tree in \`bench-results/.build/\` (Edge as shipped; a copy
with \`runtime = "nodejs"\`; and the sources as shipped built with \`REDIS_URL\` set, whose
/api/ws-chat… paths run on the Node.js route with answers on Redis; the snapshots skip the build's
type check, which \`npm test\` does). It then starts the CreateAI stand-in inside the benchmark
process, a \`redis-server\` of its own on a free loopback port (nothing saved to disk; stopped at
the end), and one \`next start\` per build pointed at them (\`CREATE_AI_WS_URL\`, \`REDIS_URL\`).
Each \`/bench\` chunk carries its send time from the stand-in's clock; the reader, in the same
process, subtracts it from the arrival time. The route is read with \`node:http\` (a new connection
per request, \`Accept-Encoding: gzip, deflate, br\` as a browser sends); the limit with the \`ws\`
client the Node.js route itself uses. The resumable targets POST the same question with
\`"resumable": true\` as SSE: in memory on the Edge build, on Redis on the Redis build. The resume
workload reads some deltas of a resumable answer, drops the connection, and GETs
\`/api/ws-chat/streams/{X-Message-Id}\` with \`Last-Event-ID\` on a new connection. Memory is the peak
resident memory of the \`next start\` process tree during the level minus its resting value just
before, divided by the streams; each level gets a freshly started, warmed-up server; for Redis also
its \`used_memory\` after the level minus before. Raw figures: \`bench-results/proxy.json\`.`;

/** Rewrites the generated part of the "Proxy speed" section, creating the file or section if absent. */
export function writeBenchmarksSection(report: BenchReport): void {
  replaceMarkedSection(BENCHMARKS_FILE, { start: START, end: END, heading: HEADING, intro: HOW_IT_MEASURES }, renderSection(report));
}
