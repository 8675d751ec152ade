/**
 * `npm run bench`: the route against the limit, and resumable answers (in memory and on Redis)
 * against the plain route, on one machine, in one run (issues #4 and #9).
 *
 *   npm run bench                 full plan (3–4 minutes on two cores, builds cached); writes
 *                                 bench-results/proxy.json and the "Proxy speed" section of
 *                                 BENCHMARKS.md
 *   npm run bench -- --quick      smoke run (about 15 s with builds cached, about a minute with
 *                                 all three builds on two cores); writes
 *                                 bench-results/proxy-quick.json only; asserts nothing about
 *                                 time, but exits 1 if any stream or resume did not arrive whole
 *
 * The Redis target needs `redis-server` (Debian's, or REDIS_SERVER=path); the benchmark starts
 * its own on a free loopback port and stops it at the end. Without one, that target is left out.
 *   --rebuild                     build even if the sources did not change
 *   --no-md                       do not touch BENCHMARKS.md
 */
import path from "node:path";
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { hasRedisServer, REDIS_SERVER_PATH, startRedis, type RedisServer } from "../lib/redis-server";
import { startStandin } from "../standin/server";
import { buildApp, ROOT, type AppBuild, type BuildVariant } from "./build";
import { describeMachine, describeSource } from "./machine";
import { FULL_PLAN, QUICK_PLAN } from "./plan";
import { finishReport, renderSection, writeBenchmarksSection, writeJson } from "./report";
import { startTargets, type TargetSet } from "./targets";
import { measureConcurrency, measureFirstChunk, measureLatency, measureResume, measureThroughput, warmUp } from "./workloads";
import type { BenchResults } from "./goals";

/** The stand-in's token for this run; it guards nothing but loopback sockets. */
const BENCH_TOKEN = "bench-standin-token";
const COMMANDS = [
  "npm install                # as README says (npm ci where the lock file installs as is)",
  "npm run bench              # full run: three next builds (cached while sources are unchanged), then all workloads",
  "npm run bench -- --quick   # smoke run for CI: the same steps with small workloads",
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { quick: { type: "boolean", default: false }, rebuild: { type: "boolean", default: false }, "no-md": { type: "boolean", default: false } },
  });
  const plan = values.quick ? QUICK_PLAN : FULL_PLAN;
  const log = (line: string): void => console.log(line);
  const started = Date.now();
  const machine = describeMachine();
  const source = describeSource();

  // Every run is bounded in time: a hung server or stream must not hang CI.
  const watchdog = setTimeout(() => {
    console.error(`[bench] gave up after ${plan.name === "quick" ? 5 : 20} minutes`);
    void cleanUp().finally(() => process.exit(2));
  }, (plan.name === "quick" ? 5 : 20) * 60_000);
  watchdog.unref();

  // The Redis target needs a redis-server; without one it is left out, and the report says so.
  const redisAvailable = hasRedisServer;
  if (!redisAvailable) log(`[bench] no redis-server at ${REDIS_SERVER_PATH}: the Redis target is left out (apt-get install redis-server)`);
  const variants: BuildVariant[] = redisAvailable ? ["edge", "node", "redis"] : ["edge", "node"];
  // All at once: on two cores that is quicker than one after the other.
  const builds: AppBuild[] = await Promise.all(variants.map((variant) => buildApp(variant, { force: values.rebuild, log })));
  const standin = await startStandin({ host: "127.0.0.1", port: 0, token: BENCH_TOKEN, paceMs: 0 });
  let redis: RedisServer | undefined;
  let targets: TargetSet | undefined;
  async function cleanUp(): Promise<void> {
    await targets?.stopAll();
    await redis?.stop();
    await standin.close();
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  }

  let results: BenchResults;
  try {
    if (redisAvailable) {
      redis = await startRedis();
      log(`[bench] redis-server on 127.0.0.1:${redis.port}`);
    }
    targets = await startTargets({ standin, token: BENCH_TOKEN, builds, plan, log, redisUrl: redis?.url });
    const { runners } = targets;
    for (const runner of runners) await warmUp(runner, plan);
    log(`[bench] warmed up ${runners.length} targets`);
    results = {
      latency: await measureLatency(runners, plan, log),
      firstChunk: await measureFirstChunk(runners, plan, log),
      throughput: await measureThroughput(runners, plan, log),
      concurrency: {},
      resume: {},
    };
    for (const level of plan.concurrency.levels) {
      results.concurrency[String(level)] = await measureConcurrency(runners, plan, level, log);
    }
    results.resume = await measureResume(runners, plan, log);
  } finally {
    await cleanUp();
    clearTimeout(watchdog);
  }

  const report = finishReport({
    date: new Date(started).toISOString(),
    plan,
    machine,
    loadAverageAtEnd: describeMachine().loadAverage,
    source,
    commands: COMMANDS,
    durationSeconds: (Date.now() - started) / 1000,
    builds: builds.map(({ variant, reused, seconds }) => ({ variant, reused, seconds })),
    redis: { available: redisAvailable, version: redisAvailable ? redisVersion() : undefined },
    results,
  });
  const jsonFile = path.join(ROOT, "bench-results", plan.name === "quick" ? "proxy-quick.json" : "proxy.json");
  writeJson(report, jsonFile);
  console.log(`\n${renderSection(report)}\n`);
  console.log(`[bench] wrote ${path.relative(ROOT, jsonFile)}`);
  if (plan.name === "full" && !values["no-md"]) {
    writeBenchmarksSection(report);
    console.log("[bench] wrote the Proxy speed section of BENCHMARKS.md");
  }
  // The smoke run asserts nothing about time, only that every stream arrived whole.
  const broken = incompleteStreams(results);
  if (broken.length > 0) {
    console.error(`[bench] streams that did not complete exactly: ${broken.join("; ")}`);
    if (plan.name === "quick") process.exitCode = 1;
  }
}

function incompleteStreams(results: BenchResults): string[] {
  const found: string[] = [];
  const check = (what: string, perTarget: Record<string, { complete: number } | undefined>, expected: (id: string) => number): void => {
    for (const [id, figures] of Object.entries(perTarget)) {
      if (figures && figures.complete < expected(id)) found.push(`${what} ${id}: ${figures.complete}/${expected(id)}`);
    }
  };
  check("latency", results.latency, (id) => results.latency[id as keyof typeof results.latency]?.streams ?? 0);
  check("first chunk", results.firstChunk, (id) => results.firstChunk[id as keyof typeof results.firstChunk]?.samples ?? 0);
  check("throughput", results.throughput, (id) => results.throughput[id as keyof typeof results.throughput]?.rounds ?? 0);
  for (const [level, perTarget] of Object.entries(results.concurrency)) {
    check(`${level} at once`, perTarget, () => Number(level));
  }
  check("resume", results.resume, (id) => results.resume[id as keyof typeof results.resume]?.rounds ?? 0);
  for (const [id, figures] of Object.entries(results.resume)) {
    for (const [reason, count] of Object.entries(figures?.failures ?? {})) found.push(`resume ${id}: ${count} × ${reason}`);
  }
  return found;
}

/** `7.0.15` from `redis-server --version`. */
function redisVersion(): string | undefined {
  const output = spawnSync(REDIS_SERVER_PATH, ["--version"], { encoding: "utf8" }).stdout ?? "";
  return /v=(\S+)/.exec(output)?.[1];
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
