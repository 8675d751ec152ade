/**
 * Where and on what a run happened, for the report: figures mean little without it.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { ROOT } from "./build";

export interface MachineInfo {
  /** Like `nproc`: the CPUs this process may run on. */
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  next: string;
  loadAverage: number[];
}

export interface SourceInfo {
  commit: string;
  /** True when the working tree had uncommitted changes (they are in the build). */
  dirty: boolean;
}

export function describeMachine(): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? "unknown";
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? cpuModel;
  } catch {
    // not Linux: keep what os.cpus() says
  }
  const nextPackage = JSON.parse(readFileSync(require.resolve("next/package.json", { paths: [ROOT] }), "utf8")) as { version: string };
  return {
    cpus: os.availableParallelism(),
    cpuModel,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    next: nextPackage.version,
    loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

export function describeSource(): SourceInfo {
  const git = (...args: string[]): string => spawnSync("git", args, { cwd: ROOT, encoding: "utf8" }).stdout?.trim() ?? "";
  return { commit: git("rev-parse", "--short", "HEAD") || "unknown", dirty: git("status", "--porcelain") !== "" };
}
