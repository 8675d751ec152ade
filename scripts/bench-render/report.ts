/**
 * The rendering benchmark's results: JSON in bench-results/, and the generated table of the
 * "Rendering" section of BENCHMARKS.md. Only the text between this section's markers is
 * rewritten; other sections (and the prose around the table) stay as they are.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { RenderFigures } from "./probe";
import { replaceMarkedSection } from "../lib/markdown-section";

export interface RenderReport {
  date: string;
  machine: string;
  /** 1-minute load average before and after the run: other work on the machine skews the figures. */
  load: { before: number; after: number };
  chromium: string;
  plan: { chunks: number; sizeBytes: number; intervalMs: number };
  stream: { deltas: number; chars: number; deltasPerSecond: number; firstTextMs: number | null };
  render: RenderFigures;
  goals: { noLongTask: boolean; atMostOneCommitPerFrame: boolean };
}

const HEADING = "## Rendering";
const START = "<!-- rendering:generated:start (written by npm run bench:render; edit scripts/bench-render/report.ts instead) -->";
const END = "<!-- rendering:generated:end -->";

const HOW_IT_MEASURES = `How it measures: \`npm run bench:render\` builds the app (production), starts the CreateAI
stand-in and \`next start\`, opens \`/ws-demo\` in Debian's Chromium (headless) and sends the
stand-in's \`/bench\` command, which streams the chunks at the given interval. In the page, a probe
counts the chat's React commits (a layout effect in \`ChatView\`; production React reports nothing
to \`<Profiler>\`), stamps every animation frame, and records long tasks (over 50 ms) from a
\`PerformanceObserver\`. Goal: no long task, and at most one commit per frame.`;

const fixed = (value: number, digits = 0) => value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function renderTable(report: RenderReport): string {
  const { plan, stream, render, goals } = report;
  const rows: [string, string][] = [
    ["answer", `${fixed(plan.chunks)} chunks of ${plan.sizeBytes} bytes, one every ${plan.intervalMs} ms`],
    ["deltas received / rate", `${fixed(stream.deltas)} / ${fixed(stream.deltasPerSecond)} per s`],
    ["characters", fixed(stream.chars)],
    ["streaming time", `${fixed(render.seconds, 1)} s`],
    ["chat commits", `${fixed(render.commits)} (${fixed(render.commitsPerSecond, 1)} per s)`],
    ["animation frames", `${fixed(render.frames)} (${fixed(render.framesPerSecond, 1)} per s)`],
    ["most commits in one frame", `${render.maxCommitsInOneFrame} (${render.framesWithSeveralCommits} frames with more than one)`],
    ["long tasks (> 50 ms)", `${render.longTasks}${render.longTasks > 0 ? ` (longest ${fixed(render.longestTaskMs)} ms, ${fixed(render.longTaskMsTotal)} ms in all)` : ""}`],
    ["goal: no long task", goals.noLongTask ? "met" : "**missed**"],
    ["goal: at most one commit per frame", goals.atMostOneCommitPerFrame ? "met" : "**missed**"],
  ];
  return [
    `Measured ${report.date} on ${report.machine}, ${report.chromium}; load average ${report.load.before.toFixed(1)} before and ${report.load.after.toFixed(1)} after the run.`,
    "",
    "| measure | value |",
    "| --- | --- |",
    ...rows.map(([name, value]) => `| ${name} | ${value} |`),
  ].join("\n");
}

export function writeJson(report: RenderReport, file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

export function updateBenchmarksFile(file: string, report: RenderReport): void {
  replaceMarkedSection(file, { start: START, end: END, heading: HEADING, intro: HOW_IT_MEASURES }, `${START}\n${renderTable(report)}\n${END}`);
}
