/**
 * Profiles the route's server under one benchmark workload, over the inspector, so the profile
 * covers the measured window only (not start-up or warm-up):
 *
 *   npx tsx scripts/bench/profile.ts --kind cpu   --runtime edge --format text --workload throughput
 *   npx tsx scripts/bench/profile.ts --kind alloc --runtime edge --format sse  --workload throughput
 *   npx tsx scripts/bench/profile.ts --kind heap  --runtime edge --format sse  --workload concurrency --streams 500
 *   npx tsx scripts/bench/profile.ts --kind cpu   --runtime redis --format sse --resumable --workload latency
 *
 * `--resumable` POSTs with `"resumable": true` (the answer store); `--runtime redis` profiles the
 * build made with REDIS_URL (Node.js route, answers on a redis-server this script starts).
 *
 *   npx tsx scripts/bench/profile.ts --summarize bench-results/profiles/<name>.cpuprofile
 *
 * `cpu`: CPU samples (`--cpu-prof` equivalent). `alloc`: every sampled allocation in the window,
 * collected or not (where the garbage comes from). `heap`: sampled allocations still alive half
 * way through the streams (what each open stream holds). Writes bench-results/profiles/<name>
 * .cpuprofile or .heapprofile (open in Chrome DevTools or speedscope), .folded (flame graph
 * input) and .md (the summary printed here).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startStandin } from "../standin/server";
import { startRedis, type RedisServer } from "../lib/redis-server";
import { buildApp, ROOT, type BuildVariant } from "./build";
import { InspectorSession } from "./inspector";
import { FULL_PLAN, type StreamShape } from "./plan";
import { cpuTree, heapTree, renderSummary, summarizeTree, type WeightedNode } from "./profile-summary";
import { readRoute, type RouteAddress, type StreamResult } from "./readers";
import { startNextServer } from "./servers";

const BENCH_TOKEN = "bench-standin-token";
const OUT_DIR = path.join(ROOT, "bench-results", "profiles");

type Kind = "cpu" | "alloc" | "heap";
type Workload = "throughput" | "concurrency" | "latency" | "first-chunk";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      kind: { type: "string", default: "cpu" },
      runtime: { type: "string", default: "edge" },
      format: { type: "string", default: "text" },
      workload: { type: "string", default: "throughput" },
      streams: { type: "string", default: "500" },
      rounds: { type: "string", default: "3" },
      summarize: { type: "string" },
      resumable: { type: "boolean", default: false },
    },
  });
  if (values.summarize) return summarizeFile(values.summarize);
  const kind = oneOf(values.kind, ["cpu", "alloc", "heap"] as const, "--kind");
  const runtime: BuildVariant = oneOf(values.runtime, ["edge", "node", "redis"] as const, "--runtime");
  const resumable = values.resumable === true;
  const format = oneOf(values.format, ["sse", "text"] as const, "--format");
  const workload: Workload = oneOf(values.workload, ["throughput", "concurrency", "latency", "first-chunk"] as const, "--workload");
  const streams = Math.min(2_000, Math.max(1, Number(values.streams)));
  const rounds = Math.min(1_000, Math.max(1, Number(values.rounds)));
  const name = `${kind}-${runtime}-${format}${resumable ? "-resumable" : ""}-${workload}${workload === "concurrency" ? `-${streams}` : ""}`;
  const log = (line: string): void => console.log(line);

  const build = await buildApp(runtime, { force: false, log });
  const standin = await startStandin({ host: "127.0.0.1", port: 0, token: BENCH_TOKEN, paceMs: 0 });
  let redis: RedisServer | undefined;
  if (runtime === "redis") redis = await startRedis();
  const server = await startNextServer(build, { wsUrl: standin.url, token: BENCH_TOKEN }, {
    execArgv: ["--inspect=127.0.0.1:0"],
    env: redis ? { REDIS_URL: redis.url } : {},
  });
  const session = await InspectorSession.connect(InspectorSession.urlIn(server.output()));
  const address: RouteAddress = { port: server.port, format, resumable };
  try {
    for (let index = 0; index < FULL_PLAN.warmup.streams; index += 1) await readRoute(address, FULL_PLAN.warmup.shape);
    await readRoute(address, FULL_PLAN.warmup.long);

    let tree: WeightedNode;
    const memoryNotes: string[] = [];
    if (kind === "cpu") {
      await session.send("Profiler.enable");
      await session.send("Profiler.setSamplingInterval", { interval: 200 });
      await session.send("Profiler.start");
      const results = await runWorkload(address, workload, streams, rounds);
      const { profile } = await session.send<{ profile: Parameters<typeof cpuTree>[0] }>("Profiler.stop");
      report(results, log);
      writeFileSync(path.join(mkOut(), `${name}.cpuprofile`), JSON.stringify(profile));
      tree = cpuTree(profile);
    } else {
      await session.send("HeapProfiler.enable");
      await session.send("HeapProfiler.collectGarbage");
      memoryNotes.push(`at rest after warm-up and a full GC: ${await memoryUsage(session)}`);
      const keepCollected = kind === "alloc";
      await session.send("HeapProfiler.startSampling", {
        samplingInterval: 4096,
        includeObjectsCollectedByMajorGC: keepCollected,
        includeObjectsCollectedByMinorGC: keepCollected,
      });
      let profile: { head: Parameters<typeof heapTree>[0] } | undefined;
      const running = runWorkload(address, workload, streams, rounds);
      let finished = false;
      const results = running.finally(() => (finished = true));
      if (kind === "heap") {
        // Keep the profile taken when the most streams were being served (one upstream socket each).
        let best = 0;
        for (let polls = 0; !finished && polls < 600; polls += 1) {
          const open = standin.openSockets();
          if (open > best * 1.05) {
            best = open;
            ({ profile } = await session.send<{ profile: { head: Parameters<typeof heapTree>[0] } }>("HeapProfiler.getSamplingProfile"));
            memoryNotes[1] = `at the sample, with ${open} streams open (the most seen): ${await memoryUsage(session)}`;
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      await results;
      const stopped = await session.send<{ profile: { head: Parameters<typeof heapTree>[0] } }>("HeapProfiler.stopSampling");
      profile ??= stopped.profile;
      report(await results, log);
      writeFileSync(path.join(mkOut(), `${name}.heapprofile`), JSON.stringify(profile));
      tree = heapTree(profile.head);
    }
    const summary = summarizeTree(tree);
    const notes = memoryNotes.map((note) => `- ${note}\n`).join("");
    const text = `# ${name}\n\n${describe(kind, runtime, `${format}${resumable ? ", resumable" : ""}`, workload, streams, rounds)}\n\n${notes ? `${notes}\n` : ""}${renderSummary(summary, kind === "cpu" ? "µs" : "bytes")}\n`;
    writeFileSync(path.join(OUT_DIR, `${name}.folded`), `${summary.folded.join("\n")}\n`);
    writeFileSync(path.join(OUT_DIR, `${name}.md`), text);
    console.log(`\n${text}`);
    console.log(`[profile] wrote bench-results/profiles/${name}.{${kind === "cpu" ? "cpuprofile" : "heapprofile"},folded,md}`);
  } finally {
    session.close();
    await server.stop();
    await redis?.stop();
    await standin.close();
  }
}

/** `--summarize <file>`: the summary of a profile written earlier (the builds must still be there). */
function summarizeFile(file: string): void {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Parameters<typeof cpuTree>[0] & { head?: Parameters<typeof heapTree>[0] };
  const summary = summarizeTree(profile.head ? heapTree(profile.head) : cpuTree(profile));
  console.log(renderSummary(summary, profile.head ? "bytes" : "µs"));
}

/** The server's `process.memoryUsage()`, in MiB, read over the inspector. */
async function memoryUsage(session: InspectorSession): Promise<string> {
  const { result } = await session.send<{ result: { value?: Record<string, number> } }>("Runtime.evaluate", {
    expression: "process.memoryUsage()",
    returnByValue: true,
  });
  const usage = result.value ?? {};
  return Object.entries(usage)
    .map(([key, bytes]) => `${key} ${(bytes / 2 ** 20).toFixed(1)} MiB`)
    .join(", ");
}

function runWorkload(address: RouteAddress, workload: Workload, streams: number, rounds: number): Promise<StreamResult[]> {
  if (workload === "concurrency") {
    return Promise.all(Array.from({ length: streams }, () => readRoute(address, FULL_PLAN.concurrency.shape)));
  }
  const shapes: Record<Exclude<Workload, "concurrency">, StreamShape> = {
    throughput: FULL_PLAN.throughput.shape,
    latency: FULL_PLAN.latency.shape,
    "first-chunk": FULL_PLAN.firstChunk.shape,
  };
  const shape = shapes[workload];
  return (async () => {
    const results: StreamResult[] = [];
    for (let round = 0; round < rounds; round += 1) results.push(await readRoute(address, shape));
    return results;
  })();
}

function report(results: readonly StreamResult[], log: (line: string) => void): void {
  const complete = results.filter((result) => result.complete).length;
  const seconds = results.reduce((sum, result) => sum + result.totalMs, 0) / 1000;
  log(`[profile] ${complete}/${results.length} streams complete, ${seconds.toFixed(2)} s of streaming in total`);
}

function describe(kind: Kind, runtime: BuildVariant, format: string, workload: Workload, streams: number, rounds: number): string {
  const what = { cpu: "CPU time", alloc: "bytes allocated (collected or not)", heap: "bytes alive when the most streams were open" }[kind];
  const load = workload === "concurrency" ? `${streams} streams at once` : `${rounds} × the ${workload} stream`;
  const build = runtime === "redis" ? "the build with REDIS_URL: Node.js route, answers on Redis" : `${runtime} runtime`;
  return `${what} in the \`next start\` server (${build}, ${format}), under ${load}; sampled by V8 over the inspector.`;
}

function mkOut(): string {
  mkdirSync(OUT_DIR, { recursive: true });
  return OUT_DIR;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T {
  if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`${flag} must be one of ${allowed.join(", ")}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
