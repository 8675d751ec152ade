/**
 * Resident memory of a server and every process under it, read from /proc (Linux only), so a
 * server that forks workers is measured whole.
 */
import { readdirSync, readFileSync } from "node:fs";

/** `pid` and all its descendants, found by walking parent ids in /proc. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const parent = parentOf(Number(name));
    if (parent === undefined) continue;
    const list = children.get(parent) ?? [];
    list.push(Number(name));
    children.set(parent, list);
  }
  const tree: number[] = [];
  const queue = [pid];
  // Bounded: a process appears once, and /proc lists a finite number of them.
  while (queue.length > 0 && tree.length < 10_000) {
    const next = queue.shift() as number;
    tree.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return tree;
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces; fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[1]);
  } catch {
    return undefined; // the process ended while we looked
  }
}

/** Sum of VmRSS over `pids`, in KiB; a process that has gone counts as 0. */
export function residentKiB(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      total += match ? Number(match[1]) : 0;
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

/** Samples the resident memory of a process tree on a timer and keeps the peak. */
export class PeakSampler {
  private peak = 0;
  private samples = 0;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly pids: readonly number[],
    intervalMs: number,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  private sample(): void {
    this.samples += 1;
    this.peak = Math.max(this.peak, residentKiB(this.pids));
  }

  /** Stops sampling (after one last sample) and returns the peak in KiB. */
  stop(): { peakKiB: number; samples: number } {
    clearInterval(this.timer);
    this.sample();
    return { peakKiB: this.peak, samples: this.samples };
  }
}

/** Median of `count` samples `gapMs` apart: the resident memory of a server at rest. */
export async function restingKiB(pids: readonly number[], count = 5, gapMs = 40): Promise<number> {
  const values: number[] = [];
  for (let index = 0; index < count; index += 1) {
    if (index > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    values.push(residentKiB(pids));
  }
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] as number;
}
