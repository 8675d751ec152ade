/**
 * What the benchmark runs inside the page, before the app loads: a commit counter for
 * `useRenderProbe` (components/chat/render-probe.ts), a frame clock, and a long-task observer.
 * Production React reports nothing to `<Profiler>`, so commits are counted by the probe.
 */

export interface ProbeData {
  /** performance.now() at each commit of the chat. */
  commits: number[];
  /**
   * When each frame's first animation-frame callback ran (performance.now()). Not the rAF
   * timestamp: Chrome passes the frame's vsync time, which can lie after work done in it.
   */
  frames: number[];
  longTasks: { start: number; duration: number }[];
  startedAt: number;
  endedAt: number;
}

/**
 * Installed with `page.addInitScript({ content: PROBE_SCRIPT })`. Plain JavaScript in a string:
 * a transpiled function could carry helpers (esbuild's `__name`) that the page does not have.
 */
export const PROBE_SCRIPT = `(() => {
  const probe = {
    commits: [], frames: [], longTasks: [], startedAt: 0, endedAt: 0, recording: false,
    onCommit() { if (probe.recording) probe.commits.push(performance.now()); },
    start() {
      probe.commits = []; probe.frames = []; probe.longTasks = [];
      probe.startedAt = performance.now(); probe.recording = true;
    },
    stop() {
      probe.recording = false; probe.endedAt = performance.now();
      return { commits: probe.commits, frames: probe.frames, longTasks: probe.longTasks, startedAt: probe.startedAt, endedAt: probe.endedAt };
    },
  };
  window.__chatRenderProbe = probe;
  // Registered a frame ahead, so it runs before the chat's own frame callback in each frame.
  const tick = () => { if (probe.recording) probe.frames.push(performance.now()); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (probe.recording) probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: "longtask", buffered: true });
})();`;

export interface RenderFigures {
  seconds: number;
  commits: number;
  commitsPerSecond: number;
  frames: number;
  framesPerSecond: number;
  /** The most commits that fell between two consecutive frame starts. */
  maxCommitsInOneFrame: number;
  /** Frame intervals that saw more than one commit. */
  framesWithSeveralCommits: number;
  longTasks: number;
  longestTaskMs: number;
  longTaskMsTotal: number;
}

/** Puts each commit in the frame interval it happened in, and sums the rest up. */
export function summarize(data: ProbeData): RenderFigures {
  const seconds = (data.endedAt - data.startedAt) / 1000;
  const perFrame = new Map<number, number>();
  let frameIndex = -1;
  for (const commit of data.commits) {
    while (frameIndex + 1 < data.frames.length && (data.frames[frameIndex + 1] as number) <= commit) frameIndex += 1;
    perFrame.set(frameIndex, (perFrame.get(frameIndex) ?? 0) + 1);
  }
  const counts = [...perFrame.values()];
  const durations = data.longTasks.map((task) => task.duration);
  return {
    seconds,
    commits: data.commits.length,
    commitsPerSecond: data.commits.length / seconds,
    frames: data.frames.length,
    framesPerSecond: data.frames.length / seconds,
    maxCommitsInOneFrame: counts.length === 0 ? 0 : Math.max(...counts),
    framesWithSeveralCommits: counts.filter((count) => count > 1).length,
    longTasks: durations.length,
    longestTaskMs: durations.length === 0 ? 0 : Math.max(...durations),
    longTaskMsTotal: durations.reduce((sum, duration) => sum + duration, 0),
  };
}
