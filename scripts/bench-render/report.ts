/**
 * The rendering benchmark's results: JSON in bench-results/, and the generated table of the
 * "Rendering" section of BENCHMARKS.md. Only the text between this section's markers is
 * rewritten; other sections (and the prose around the table) stay as they are.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { RenderFigures } from "./probe";
import { replaceMarkedSection } from "../lib/markdown-section";

/** Which `/bench` answer was streamed: one long line of stamped `x`, or Markdown with code and math. */
export type BenchContent = "plain" | "rich";

export interface RenderReport {
  date: string;
  machine: string;
  /** 1-minute load average before and after the run: other work on the machine skews the figures. */
  load: { before: number; after: number };
  chromium: string;
  /** The Markdown renderer the build had, with its packages' versions. */
  renderer: string;
  plan: { chunks: number; sizeBytes: number; intervalMs: number; content: BenchContent };
  stream: { deltas: number; chars: number; deltasPerSecond: number; firstTextMs: number | null };
  render: RenderFigures;
  goals: { noLongTask: boolean; atMostOneCommitPerFrame: boolean };
}

const HEADING = "## Rendering";
const START = "<!-- rendering:generated:start (written by npm run bench:render; edit scripts/bench-render/report.ts instead) -->";
const END = "<!-- rendering:generated:end -->";

const HOW_IT_MEASURES = `How it measures: \`npm run bench:render\` builds the app (production), starts the CreateAI
stand-in and \`next start\`, opens \`/ws-demo\` in Debian's Chromium (headless) and sends the
stand-in's \`/bench\` command twice, each on a fresh page: a plain answer (one line of stamped
\`x\`) and a rich one (\`content=rich\`: the \`/demo math\` answer over and over, with headings,
formulas, prices and code blocks), streamed at the given interval. In the page, a probe counts
the chat's React commits (a layout effect in \`ChatView\`; production React reports nothing to
\`<Profiler>\`), stamps every animation frame, and records long tasks (over 50 ms) from a
\`PerformanceObserver\`. Goal: no long task, and at most one commit per frame.`;

const CONTENT_NAMES: Record<BenchContent, string> = {
  plain: "plain: one line of `x`",
  rich: "rich: code and math (`content=rich`)",
};

const fixed = (value: number, digits = 0) => value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

function column(report: RenderReport): string[] {
  const { plan, stream, render, goals } = report;
  return [
    `${fixed(plan.chunks)} chunks of ${plan.sizeBytes} bytes, one every ${plan.intervalMs} ms`,
    `${fixed(stream.deltas)} / ${fixed(stream.deltasPerSecond)} per s`,
    fixed(stream.chars),
    `${fixed(render.seconds, 1)} s`,
    `${fixed(render.commits)} (${fixed(render.commitsPerSecond, 1)} per s)`,
    `${fixed(render.frames)} (${fixed(render.framesPerSecond, 1)} per s)`,
    `${render.maxCommitsInOneFrame} (${render.framesWithSeveralCommits} frames with more than one)`,
    `${render.longTasks}${render.longTasks > 0 ? ` (longest ${fixed(render.longestTaskMs)} ms, ${fixed(render.longTaskMsTotal)} ms in all)` : ""}`,
    goals.noLongTask ? "met" : "**missed**",
    goals.atMostOneCommitPerFrame ? "met" : "**missed**",
  ];
}

const MEASURES = [
  "answer",
  "deltas received / rate",
  "characters",
  "streaming time",
  "chat commits",
  "animation frames",
  "most commits in one frame",
  "long tasks (> 50 ms)",
  "goal: no long task",
  "goal: at most one commit per frame",
];

/** One table, one column per answer streamed in the run (same build, same browser). */
export function renderTable(reports: readonly RenderReport[]): string {
  const [first] = reports;
  if (first === undefined) return "";
  const columns = reports.map(column);
  const loads = reports.map((report) => `${report.load.before.toFixed(1)} before and ${report.load.after.toFixed(1)} after the ${report.plan.content} answer`);
  return [
    `Measured ${first.date} on ${first.machine}, ${first.chromium}, with ${first.renderer}; load average ${loads.join(", ")}.`,
    "",
    `| measure | ${reports.map((report) => CONTENT_NAMES[report.plan.content]).join(" | ")} |`,
    `| --- |${" --- |".repeat(reports.length)}`,
    ...MEASURES.map((measure, row) => `| ${measure} | ${columns.map((values) => values[row]).join(" | ")} |`),
  ].join("\n");
}

export function writeJson(report: unknown, file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

export function updateBenchmarksFile(file: string, reports: readonly RenderReport[]): void {
  replaceMarkedSection(file, { start: START, end: END, heading: HEADING, intro: HOW_IT_MEASURES }, `${START}\n${renderTable(reports)}\n${END}`);
}
