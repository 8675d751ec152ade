/**
 * The run as a JSON file and as the generated part of the "Proxy speed" section of
 * BENCHMARKS.md. Only the text between the markers is rewritten: the rest of that section (the
 * profile findings) and every other section of the file stay as they are.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./build";
import { checkGoals, kibToKB, type BenchResults, type GoalCheck } from "./goals";
import type { MachineInfo, SourceInfo } from "./machine";
import { TARGETS, type BenchPlan, type TargetId } from "./plan";
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
  builds: { runtime: string; reused: boolean; seconds: number }[];
  results: BenchResults;
  goals: GoalCheck[];
}

export const BENCHMARKS_FILE = path.join(ROOT, "BENCHMARKS.md");
const START = "<!-- proxy-speed:generated:start (written by npm run bench; edit scripts/bench/report.ts instead) -->";
const END = "<!-- proxy-speed:generated:end -->";
const HEADING = "## Proxy speed";

export function finishReport(report: Omit<BenchReport, "goals">): BenchReport {
  return { ...report, goals: checkGoals(report.results) };
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
  }
  return rows;
}

function table(header: Row, rows: readonly Row[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function goalsTable(goals: readonly GoalCheck[]): string {
  const routes = TARGETS.filter((t) => t.id !== "direct");
  const mark = { met: "met", "not met": "**not met**", "not measured": "not measured" } as const;
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
    goalsTable(report.goals),
    END,
  ].join("\n");
}

const HOW_IT_MEASURES = `How it measures: \`scripts/bench/run.ts\` builds the app twice for production with \`next build\`,
from a snapshot of the working tree in \`bench-results/.build/\` (Edge as shipped, and a copy with
\`runtime = "nodejs"\`; the snapshot skips the build's type check, which \`npm test\` does). It then
starts the CreateAI stand-in inside the benchmark process and one \`next start\` per build pointed at
it (\`CREATE_AI_WS_URL\`, loopback only).
Each \`/bench\` chunk carries its send time from the stand-in's clock; the reader, in the same
process, subtracts it from the arrival time. The route is read with \`node:http\` (a new connection
per request, \`Accept-Encoding: gzip, deflate, br\` as a browser sends); the limit with the \`ws\`
client the Node.js route itself uses. Memory is the peak resident memory of the \`next start\`
process tree during the level minus its resting value just before, divided by the streams; each
level gets a freshly started, warmed-up server. Raw figures: \`bench-results/proxy.json\`.`;

/** Rewrites the generated part of the "Proxy speed" section, creating the file or section if absent. */
export function writeBenchmarksSection(report: BenchReport): void {
  replaceMarkedSection(BENCHMARKS_FILE, { start: START, end: END, heading: HEADING, intro: HOW_IT_MEASURES }, renderSection(report));
}
