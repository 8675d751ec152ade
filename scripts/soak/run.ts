/**
 * `npm run soak`: two soaks, one after the other, on loopback only, each bounded to 3 minutes of
 * streams; exits 1 if a check of either fails.
 *
 * - Single instance: thousands of streams through a production build (Edge), a third aborted by
 *   the client at random points, a tenth hit by upstream faults. It checks that every stream
 *   ended exactly once, that no upstream socket is left open, and that the server's memory comes
 *   back after a pause. Figures: bench-results/soak.json and the "Soak" section of BENCHMARKS.md.
 * - Two instances on Redis (scripts/soak/redis.ts): resumable answers, dropped and resumed on
 *   the other instance, one instance killed mid-run. Figures: bench-results/soak-redis.json and
 *   "Two instances on Redis" in BENCHMARKS.md.
 *
 *   npm run soak                 both, full size
 *   npm run soak -- --quick      both, small (500 streams; 200 answers on Redis); JSON files only
 *   npm run soak -- --single     the single-instance soak only
 *   npm run soak -- --redis      the Redis soak only (with --quick: small)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { buildApp, ROOT } from "../bench/build";
import { describeMachine, describeSource } from "../bench/machine";
import { InspectorSession } from "../bench/inspector";
import { processTree, restingKiB } from "../bench/memory";
import { startNextServer } from "../bench/servers";
import { writeMarkdownSection } from "../lib/markdown-section";
import { hasRedisServer, REDIS_SERVER_PATH } from "../lib/redis-server";
import { startStandin } from "../standin/server";
import { REDIS_SOAK_CONSTANTS, REDIS_SOAK_FULL, REDIS_SOAK_QUICK, runRedisSoak, type RedisSoakReport, type RedisSoakSettings } from "./redis";
import { planStream, runStream, type StreamPlan, type StreamResult } from "./stream";
import { metricsOf, seededRandom } from "./shared";

const quick = process.argv.includes("--quick");
const onlyRedis = process.argv.includes("--redis");
const onlySingle = process.argv.includes("--single");
const STREAMS = quick ? 500 : 5_000;
const CONCURRENCY = 50;
const DEADLINE_MS = 180_000;
const SETTLE_PAUSE_MS = 5_000;
const WARMUP_STREAMS = 300;
const MEMORY_TOLERANCE_KIB = 20 * 1024;
const TOKEN = "soak-token";
const METRICS_TOKEN = "soak-metrics";

async function runAll(baseUrl: string, random: () => number, deadline: number, streams: number): Promise<StreamResult[]> {
  const results: StreamResult[] = [];
  const inFlight = new Map<number, StreamPlan>();
  let next = 0;
  async function worker(): Promise<void> {
    while (next < streams && Date.now() < deadline) {
      const plan = planStream(next++, random);
      inFlight.set(plan.index, plan);
      results.push(await runStream(baseUrl, plan));
      inFlight.delete(plan.index);
    }
  }
  // Says what is still running when a run stops making progress, so a stuck stream is visible.
  let lastCount = -1;
  const watch = setInterval(() => {
    if (results.length === lastCount) console.log(`[soak] no progress: ${results.length} done, in flight: ${JSON.stringify([...inFlight.values()].slice(0, 5))}`);
    lastCount = results.length;
  }, 10_000);
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    clearInterval(watch);
  }
  return results;
}

/**
 * Resident memory of the server after a full garbage collection (asked over the inspector),
 * so the figure shows what is still held, not heap pages V8 has yet to give back.
 */
async function settledMemoryKiB(session: InspectorSession, pid: number): Promise<{ rssKiB: number; heapUsedMiB: number }> {
  await delay(SETTLE_PAUSE_MS);
  await session.send("HeapProfiler.collectGarbage");
  const { result } = await session.send<{ result: { value?: { heapUsed: number } } }>("Runtime.evaluate", {
    expression: "process.memoryUsage()",
    returnByValue: true,
  });
  return { rssKiB: await restingKiB(processTree(pid)), heapUsedMiB: (result.value?.heapUsed ?? 0) / 2 ** 20 };
}

async function main(): Promise<void> {
  const seed = Number(process.env.SOAK_SEED ?? 20261122);
  if (!onlyRedis) await singleInstanceSoak(seed);
  if (onlySingle) return;
  if (!hasRedisServer) {
    console.log(`[soak] no redis-server at ${REDIS_SERVER_PATH}: the Redis soak is skipped (apt-get install redis-server)`);
    if (onlyRedis) process.exitCode = 1;
    return;
  }
  await redisSoak(seed);
}

async function redisSoak(seed: number): Promise<void> {
  const log = (line: string) => console.log(`[soak:redis] ${line}`);
  const settings = quick ? REDIS_SOAK_QUICK : REDIS_SOAK_FULL;
  const report = await runRedisSoak(settings, seed, log);
  for (const line of report.findings) log(line);
  for (const [name, ok] of report.checks) log(`${ok ? "PASS" : "FAIL"} ${name}`);
  writeRedisReport(report, settings, seed);
  if (report.checks.some(([, ok]) => !ok)) process.exitCode = 1;
}

async function singleInstanceSoak(seed: number): Promise<void> {
  const log = (line: string) => console.log(`[soak] ${line}`);
  const build = await buildApp("edge", { force: false, log });
  const standin = await startStandin({ port: 0, token: TOKEN, paceMs: 2 });
  const server = await startNextServer(build, { wsUrl: standin.url, token: TOKEN }, {
    env: { WS_CHAT_METRICS_TOKEN: METRICS_TOKEN, CREATE_AI_IDLE_TIMEOUT_MS: "1500" },
    execArgv: ["--inspect=127.0.0.1:0"],
  });
  const session = await InspectorSession.connect(InspectorSession.urlIn(server.output()));
  const baseUrl = `http://127.0.0.1:${server.port}`;
  try {
    // Warm up with the same mix, so "before" is a server that has grown to its working size.
    log(`warming up ${baseUrl} with ${WARMUP_STREAMS} streams`);
    const warmup = await runAll(baseUrl, seededRandom(seed + 1), Date.now() + DEADLINE_MS, WARMUP_STREAMS);
    log(`warm-up: ${warmup.length} streams (${warmup.filter((r) => r.outcome === "hung").length} stuck); settling before measuring memory`);
    const before = await settledMemoryKiB(session, server.pid);
    const baseline = await metricsOf(baseUrl, METRICS_TOKEN);
    log(`running ${STREAMS} streams, ${CONCURRENCY} at a time`);
    const startedAt = Date.now();
    const results = await runAll(baseUrl, seededRandom(seed), startedAt + DEADLINE_MS, STREAMS);
    const seconds = (Date.now() - startedAt) / 1000;
    log(`${results.length} streams in ${seconds.toFixed(1)} s`);
    for (const stuck of results.filter((r) => r.outcome === "hung").slice(0, 5)) log(`stuck: ${JSON.stringify(stuck.plan)}`);
    log(`server after the run: ${JSON.stringify(await metricsOf(baseUrl, METRICS_TOKEN))}, stand-in sockets open: ${standin.openSockets()}`);

    const idle = await Promise.race([standin.whenIdle().then(() => true), delay(10_000).then(() => false)]);
    const openSockets = standin.openSockets();
    const after = await settledMemoryKiB(session, server.pid);
    const metrics = await metricsOf(baseUrl, METRICS_TOKEN);
    const serverSawEnded = metrics.ended - baseline.ended;
    const notAborted = results.filter((r) => r.outcome !== "aborted").length;

    const count = (predicate: (result: StreamResult) => boolean) => results.filter(predicate).length;
    const figures = {
      streams: results.length,
      seconds,
      aborted: count((r) => r.outcome === "aborted"),
      hung: count((r) => r.outcome === "hung"),
      done: count((r) => r.outcome === "done"),
      errors: count((r) => r.outcome === "error"),
      faulted: count((r) => r.plan.fault !== undefined),
      notExactlyOneTerminal: count((r) => r.outcome !== "aborted" && r.outcome !== "hung" && r.terminals !== 1),
      normalAnswersNotExact: count((r) => r.exact === false),
      normalAnswersFailed: count((r) => !r.plan.fault && r.plan.abortAfterMs === undefined && r.outcome !== "done"),
      upstreamSocketsOpenAfter: openSockets,
      serverStreamsEnded: serverSawEnded,
      // Aborted so early that the request never became a stream on the server.
      abortedBeforeTheServerStarted: results.length - serverSawEnded,
      serverStreamsActiveAfter: metrics.active,
      warmupStreams: warmup.length,
      memoryBeforeMiB: before.rssKiB / 1024,
      memoryAfterMiB: after.rssKiB / 1024,
      heapUsedBeforeMiB: before.heapUsedMiB,
      heapUsedAfterMiB: after.heapUsedMiB,
    };
    const checks: Array<[string, boolean]> = [
      [`all ${STREAMS} streams ran within ${DEADLINE_MS / 1000} s`, results.length === STREAMS],
      ["every stream that was not aborted ended with exactly one done or error", figures.notExactlyOneTerminal === 0 && figures.hung === 0],
      ["every normal answer not aborted arrived whole and exact", figures.normalAnswersFailed === 0 && figures.normalAnswersNotExact === 0],
      ["the server ended every stream it started (none active), and every stream not aborted reached it", metrics.active === 0 && serverSawEnded >= notAborted && serverSawEnded <= results.length],
      ["the stand-in has no socket open afterwards", idle && openSockets === 0],
      [`server memory after a ${SETTLE_PAUSE_MS / 1000} s pause within 20 MiB of before`, after.rssKiB - before.rssKiB <= MEMORY_TOLERANCE_KIB],
    ];
    report(figures, checks, seed);
    if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
  } finally {
    session.close();
    await server.stop();
    await standin.close();
  }
}

function report(figures: Record<string, number>, checks: Array<[string, boolean]>, seed: number): void {
  const machine = describeMachine();
  const source = describeSource();
  for (const [name, ok] of checks) console.log(`[soak] ${ok ? "PASS" : "FAIL"} ${name}`);
  mkdirSync(path.join(ROOT, "bench-results"), { recursive: true });
  writeFileSync(path.join(ROOT, "bench-results", quick ? "soak-quick.json" : "soak.json"), JSON.stringify({ date: new Date().toISOString(), seed, machine, source, figures, checks }, null, 2));
  if (quick) return;
  const mib = (value: number | undefined) => (value ?? 0).toFixed(1);
  const body = [
    `Measured ${new Date().toISOString().replace("T", " ").slice(0, 19)} UTC by \`npm run soak\` (seed ${seed}) on ${machine.cpus} CPUs, Node ${machine.node}, commit \`${source.commit}\`${source.dirty ? " plus uncommitted changes" : ""}: ${figures.streams} streams through \`next start\` (Edge), ${CONCURRENCY} at a time, in ${figures.seconds?.toFixed(1)} s.`,
    "",
    "| figure | value |",
    "| --- | --- |",
    `| streams the client aborted mid-way (a third were set to abort at a random moment in their first 400 ms; the others of that third had already finished) | ${figures.aborted} |`,
    `| streams hit by an upstream fault | ${figures.faulted} |`,
    `| ended with done / with error (client's view) | ${figures.done} / ${figures.errors} |`,
    `| streams not aborted without exactly one terminal event | ${figures.notExactlyOneTerminal} |`,
    `| normal answers (not aborted) incomplete or altered | ${(figures.normalAnswersFailed ?? 0) + (figures.normalAnswersNotExact ?? 0)} |`,
    `| streams the server counted as ended / still active | ${figures.serverStreamsEnded} / ${figures.serverStreamsActiveAfter} |`,
    `| stand-in sockets open afterwards | ${figures.upstreamSocketsOpenAfter} |`,
    `| requests aborted before the server started their stream | ${figures.abortedBeforeTheServerStarted} |`,
    `| server resident memory before / after (${SETTLE_PAUSE_MS / 1000} s pause, then a full GC) | ${mib(figures.memoryBeforeMiB)} MiB / ${mib(figures.memoryAfterMiB)} MiB |`,
    `| server JS heap used before / after | ${mib(figures.heapUsedBeforeMiB)} MiB / ${mib(figures.heapUsedAfterMiB)} MiB |`,
    "",
    ...checks.map(([name, ok]) => `- ${ok ? "holds" : "**fails**"}: ${name}`),
    "",
    "The client is `node:http`: aborting destroys the socket. An earlier version used `fetch`, and in two",
    "runs of 5,300 requests one `fetch` each stayed pending after its abort while the server had",
    "already ended that stream (server count exact, no socket open): a client-side quirk, not the route.",
    "Memory is resident memory of the `next start` process tree after a full GC asked over the inspector,",
    "measured after a warm-up of 300 streams of the same mix, and again after the run.",
  ].join("\n");
  writeMarkdownSection(path.join(ROOT, "BENCHMARKS.md"), "soak", "## Soak", body);
}

function writeRedisReport({ figures, checks, findings }: RedisSoakReport, settings: RedisSoakSettings, seed: number): void {
  const machine = describeMachine();
  const source = describeSource();
  mkdirSync(path.join(ROOT, "bench-results"), { recursive: true });
  const file = path.join(ROOT, "bench-results", quick ? "soak-redis-quick.json" : "soak-redis.json");
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), seed, settings, machine, source, figures, checks, findings }, null, 2));
  if (quick) return;
  const f = figures;
  const ms = (value: number | string | undefined) => (typeof value === "number" && Number.isFinite(value) ? `${value.toFixed(1)} ms` : "—");
  const { PACE_MS, RESUME_TTL_S, LEASE_MS, DETACHED_MS } = REDIS_SOAK_CONSTANTS;
  const body = [
    `Measured ${new Date().toISOString().replace("T", " ").slice(0, 19)} UTC by \`npm run soak -- --redis\` (seed ${seed}) on ${machine.cpus} CPUs, Node ${machine.node}, commit \`${source.commit}\`${source.dirty ? " plus uncommitted changes" : ""}: ${f.answers} resumable answers (SSE) sent in turn to two \`next start\` of the build made with REDIS_URL, on one local redis-server, ${settings.concurrency} at a time, in ${Number(f.seconds).toFixed(1)} s. Instance A was killed (SIGKILL) once ${settings.killAfter} answers had started, and a replacement C joined a second later. Settings: stand-in pace ${PACE_MS} ms a chunk (an answer takes about 0.9 s), WS_CHAT_RESUME_TTL_S=${RESUME_TTL_S}, WS_CHAT_PRODUCER_LEASE_MS=${LEASE_MS}, WS_CHAT_DETACHED_MS=${DETACHED_MS}.`,
    "",
    "| figure | value |",
    "| --- | --- |",
    `| answers that got a message id / POSTs lost with the killed instance before their headers / POSTs answered with an error status (upstream faults before any text) | ${f.answersWithId} / ${f.postsLostWithKilledInstance} / ${f.postsRefusedWithStatus} |`,
    `| answers hit by an upstream fault | ${f.faulted} |`,
    `| readers (POSTs and second viewers) / second viewers / POST readers that left for good mid-answer | ${f.readers} / ${f.viewers} / ${f.abandoned} |`,
    `| connections dropped by the client / broken off by the kill / resumes (GET with Last-Event-ID on another instance) | ${f.drops} / ${f.breaks} / ${f.resumes} |`,
    `| POST: time to the response headers (the first text is out then), median / p99, under the soak's load | ${ms(f.postHeadersMedianMs)} / ${ms(f.postHeadersP99Ms)} |`,
    `| resume of a normal answer whose producer lives (${f.resumesOfLivingProducers} resumes): time to its first event, median / p99 / max, under the soak's load | ${ms(f.resumeFirstEventMedianMs)} / ${ms(f.resumeFirstEventP99Ms)} / ${ms(f.resumeFirstEventMaxMs)} |`,
    `| stops asked from another instance / answers stopped by them (DELETE replies) | ${f.stopsAsked} / ${f.stopped} (${f.stopOutcomes}) |`,
    `| readers that ended with done / with error | ${f.readersDone} / ${f.readersError} |`,
    `| readers of answers not stopped without exactly one terminal event / of stopped answers / hung | ${f.notStoppedNotExactlyOnce} / ${f.stoppedNotExactlyOnce} / ${f.hung} |`,
    `| readers that lost, repeated or reordered an event / finished normal answers with altered text / answers whose readers disagree | ${f.readersWithIdProblems} / ${f.doneTextsAltered} / ${f.answersWithDisagreeingReaders} |`,
    `| resumes refused (404, 503) / resumes that found their instance just killed / SSE responses that ended cleanly without done or error | ${f.resumesRefused} / ${f.unreachableOnResume} / ${f.cleanEndsWithoutTerminal} |`,
    `| answers in flight on A when it was killed / answers produced by A with a reader still reading then / how those readers ended | ${f.answersInFlightOnKilled} / ${f.orphanedAnswers} / ${f.orphanEnds} |`,
    `| from the kill to the end of those readers, median / max | ${ms(f.orphanEndMedianMs)} / ${ms(f.orphanEndMaxMs)} |`,
    `| stand-in sockets open afterwards / streams active on the living instances | ${f.standinSocketsOpenAfter} / ${f.activeStreamsAfter} |`,
    `| ws-chat:* keys right after the run / of those without an expiry | ${f.keysAfterRun} / ${f.keysWithoutExpiry} |`,
    `| ws-chat:* keys left ${RESUME_TTL_S + DETACHED_MS / 1000 + 2} s after the last answer ended: of answers produced by A (killed), their remaining TTL | ${f.keysAfterTtlOfKilledInstance}, ${f.keysOfKilledInstanceTtl} |`,
    `| … of answers produced by living instances | ${f.keysAfterTtlOfLivingInstances} |`,
    `| … other keys (rate limits, stream slots, duplicate sends), their remaining TTL | ${f.otherKeysAfterTtl}, ${f.otherKeysTtl} |`,
    "",
    ...checks.map(([name, ok]) => `- ${ok ? "holds" : "**fails**"}: ${name}`),
    ...(findings.length > 0 ? ["", "Found:", "", ...findings.map((line) => `- ${line}`)] : []),
  ].join("\n");
  writeMarkdownSection(path.join(ROOT, "BENCHMARKS.md"), "soak-redis", "### Two instances on Redis", body);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
