/**
 * The soak's Redis mode (`npm run soak -- --redis`; part of `npm run soak` and, with small
 * numbers, of `--quick`): two `next start` of the build made with REDIS_URL on one redis-server
 * of the soak's own, resumable answers sent to them in turn, readers whose connections drop at
 * random moments and come back on another instance with Last-Event-ID, second viewers, stops
 * from the other instance, and one instance killed (SIGKILL) mid-run, then replaced by a third.
 *
 * It checks that every reader of every answer ends exactly once (done or error), with no event
 * lost, repeated or reordered across its resumes; that a finished answer's text is exactly the
 * uninterrupted answer; that the readers of one answer agree; that the readers of the killed
 * instance's answers end within the producer lease; that no stand-in socket is left open; and
 * that every `ws-chat:*` key in Redis has an expiry and is gone once WS_CHAT_RESUME_TTL_S
 * (5 s here) has passed after the last answer ended.
 */
import Redis from "ioredis";
import { setTimeout as delay } from "node:timers/promises";
import { buildApp } from "../bench/build";
import { startNextServer, type NextServer } from "../bench/servers";
import { summarize } from "../bench/stats";
import { startRedis, type RedisServer } from "../lib/redis-server";
import { composeAnswer, startStandin } from "../standin/server";
import { readAnswer, type Instance, type ReaderOutcome, type ReaderPlan } from "./resumable-reader";
import { SOAK_FAULTS } from "./stream";
import { metricsOf, seededRandom } from "./shared";

export interface RedisSoakSettings {
  answers: number;
  concurrency: number;
  /** The instance is killed once this many answers have started. */
  killAfter: number;
}

export const REDIS_SOAK_FULL: RedisSoakSettings = { answers: 2_000, concurrency: 40, killAfter: 800 };
export const REDIS_SOAK_QUICK: RedisSoakSettings = { answers: 200, concurrency: 20, killAfter: 80 };

const TOKEN = "soak-redis-token";
const METRICS_TOKEN = "soak-redis-metrics";
/** Stand-in pace: the usual answer (86 chunks) takes about 0.9 s, long enough to drop mid-way. */
const PACE_MS = 10;
const RESUME_TTL_S = 5;
const LEASE_MS = 1_000;
const DETACHED_MS = 3_000;
const DEADLINE_MS = 180_000;
/** Longest a reader may take: an answer, an idle timeout, a lease, resumes. */
const READER_DEADLINE_MS = 30_000;
const KEY_PREFIX = "ws-chat:";
/** Longest remaining TTL accepted for a key that is not an answer's, once the answers' TTL has passed. */
const OTHER_KEYS_MAX_TTL_S = 60;

interface AnswerPlan {
  index: number;
  question: string;
  fault: (typeof SOAK_FAULTS)[number] | undefined;
  poster: ReaderPlan;
  viewer: { afterMs: number; plan: ReaderPlan } | undefined;
  stopAfterMs: number | undefined;
}

interface AnswerRecord {
  plan: AnswerPlan;
  sentTo: string;
  messageId: string | undefined;
  producer: string | undefined;
  readers: ReaderOutcome[];
  stop?: { status: number; stopping: boolean };
  startedAt: number;
}

function drops(random: () => number): number[] {
  const list: number[] = [];
  // One drop, sometimes two or three, each at a random moment of its connection.
  do list.push(10 + Math.floor(random() * 250));
  while (list.length < 3 && random() < 0.3);
  return list;
}

function planAnswer(index: number, random: () => number): AnswerPlan {
  const fault = random() < 0.08 ? SOAK_FAULTS[Math.floor(random() * SOAK_FAULTS.length)] : undefined;
  const roll = random();
  const poster: ReaderPlan =
    roll < 0.03 ? { dropsAfterMs: [], abandonAfterMs: 10 + Math.floor(random() * 200) } : roll < 0.43 ? { dropsAfterMs: drops(random) } : { dropsAfterMs: [] };
  const viewer = random() < 0.15 ? { afterMs: Math.floor(random() * 300), plan: { dropsAfterMs: random() < 0.4 ? drops(random) : [] } } : undefined;
  const stopAfterMs = random() < 0.05 ? Math.floor(random() * 150) : undefined;
  return { index, question: fault ? `/fault ${fault}` : `Soak question ${index}`, fault, poster, viewer, stopAfterMs };
}

async function scanKeys(client: Redis): Promise<Array<{ key: string; pttl: number }>> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await client.scan(cursor, "MATCH", `${KEY_PREFIX}*`, "COUNT", 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  const unique = [...new Set(keys)];
  const pipeline = client.pipeline();
  for (const key of unique) pipeline.pttl(key);
  const ttls = (await pipeline.exec()) ?? [];
  return unique.map((key, index) => ({ key, pttl: Number(ttls[index]?.[1] ?? -2) })).filter(({ pttl }) => pttl !== -2);
}

const answerIdOf = (key: string): string | undefined => /^ws-chat:answer:([^:]+):/.exec(key)?.[1];

export interface RedisSoakReport {
  figures: Record<string, number | string>;
  checks: Array<[string, boolean]>;
  /** Lines for the report: what was found, when something fails. */
  findings: string[];
}

export async function runRedisSoak(settings: RedisSoakSettings, seed: number, log: (line: string) => void): Promise<RedisSoakReport> {
  const build = await buildApp("redis", { force: false, log });
  const standin = await startStandin({ port: 0, token: TOKEN, paceMs: PACE_MS });
  let redis: RedisServer | undefined;
  let client: Redis | undefined;
  const servers = new Map<string, NextServer>();
  try {
    redis = await startRedis();
    const redisUrl = redis.url;
    client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    log(`redis-server on 127.0.0.1:${redis.port}`);
    const env = {
      REDIS_URL: redisUrl,
      WS_CHAT_SESSION_SECRET: "soak-secret-shared-by-every-instance-0123456789",
      WS_CHAT_METRICS_TOKEN: METRICS_TOKEN,
      WS_CHAT_RESUME_TTL_S: String(RESUME_TTL_S),
      WS_CHAT_PRODUCER_LEASE_MS: String(LEASE_MS),
      WS_CHAT_DETACHED_MS: String(DETACHED_MS),
      CREATE_AI_IDLE_TIMEOUT_MS: "1500",
    };
    const start = async (name: string): Promise<Instance> => {
      const server = await startNextServer(build, { wsUrl: standin.url, token: TOKEN }, { env });
      servers.set(name, server);
      log(`instance ${name}: next start on 127.0.0.1:${server.port}, pid ${server.pid}`);
      return { name, port: server.port };
    };
    const random = seededRandom(seed);
    const live: Instance[] = await Promise.all([start("A"), start("B")]);
    const pickNext = (current: Instance): Instance | undefined => {
      const others = live.filter((instance) => instance.name !== current.name);
      if (others.length > 0) return others[Math.floor(random() * others.length)];
      return live.includes(current) ? current : live[0];
    };

    const records: AnswerRecord[] = [];
    let next = 0;
    let kill: Promise<void> | undefined;
    let killedAt = Number.NaN;
    let answersInFlightOnKilled = 0;
    const inFlight = new Map<number, AnswerRecord>();

    async function killAndReplace(): Promise<void> {
      const victim = live.find((instance) => instance.name === "A");
      if (!victim) return;
      answersInFlightOnKilled = [...inFlight.values()].filter((record) => record.producer === "A" || record.sentTo === "A").length;
      live.splice(live.indexOf(victim), 1);
      killedAt = Date.now();
      await servers.get("A")?.kill();
      log(`killed instance A (SIGKILL) with ${answersInFlightOnKilled} answers in flight on it, after ${next} answers had started`);
      await delay(1_000);
      live.push(await start("C"));
    }

    async function runAnswer(plan: AnswerPlan, instance: Instance): Promise<AnswerRecord> {
      const record: AnswerRecord = { plan, sentTo: instance.name, messageId: undefined, producer: undefined, readers: [], startedAt: Date.now() };
      inFlight.set(plan.index, record);
      const deadline = Date.now() + READER_DEADLINE_MS;
      let named: (value: { id: string; instance: Instance } | undefined) => void = () => undefined;
      const known = new Promise<{ id: string; instance: Instance } | undefined>((resolve) => (named = resolve));
      const body = JSON.stringify({ messages: [{ role: "user", content: plan.question }], resumable: true });
      const poster = readAnswer({
        first: { kind: "post", instance, body },
        plan: plan.poster,
        pickNext,
        random,
        deadline,
        onMessageId: (id, at) => {
          record.messageId = id;
          record.producer = at.name;
          named({ id, instance: at });
        },
      }).finally(() => named(undefined));
      const extras: Array<Promise<unknown>> = [];
      const viewers: Array<Promise<ReaderOutcome>> = [];
      const answer = await known;
      if (answer) {
        const other = pickNext(answer.instance) ?? answer.instance;
        if (plan.viewer) {
          const { afterMs, plan: viewerPlan } = plan.viewer;
          viewers.push(
            delay(afterMs).then(() =>
              readAnswer({ first: { kind: "get", instance: pickNext(answer.instance) ?? other, messageId: answer.id }, plan: viewerPlan, pickNext, random, deadline }),
            ),
          );
        }
        if (plan.stopAfterMs !== undefined) {
          extras.push(
            delay(plan.stopAfterMs).then(async () => {
              const target = pickNext(answer.instance) ?? other;
              try {
                const response = await fetch(`http://127.0.0.1:${target.port}/api/ws-chat/streams/${answer.id}`, { method: "DELETE", signal: AbortSignal.timeout(10_000) });
                const json = (await response.json().catch(() => ({}))) as { stopping?: boolean };
                record.stop = { status: response.status, stopping: json.stopping === true };
              } catch {
                record.stop = { status: 0, stopping: false };
              }
            }),
          );
        }
      }
      record.readers = [await poster, ...(await Promise.all(viewers))];
      await Promise.all(extras);
      inFlight.delete(plan.index);
      return record;
    }

    async function worker(deadline: number): Promise<void> {
      while (next < settings.answers && Date.now() < deadline) {
        const index = next++;
        if (index === settings.killAfter) kill = killAndReplace();
        const instance = live[index % live.length] as Instance;
        records.push(await runAnswer(planAnswer(index, random), instance));
      }
    }

    log(`running ${settings.answers} resumable answers, ${settings.concurrency} at a time, on two instances; A is killed after ${settings.killAfter}`);
    const startedAt = Date.now();
    let lastCount = -1;
    const watch = setInterval(() => {
      if (records.length === lastCount) log(`no progress: ${records.length} done, in flight: ${[...inFlight.keys()].slice(0, 10).join(", ")}`);
      lastCount = records.length;
    }, 10_000);
    try {
      await Promise.all(Array.from({ length: settings.concurrency }, () => worker(startedAt + DEADLINE_MS)));
      await kill;
    } finally {
      clearInterval(watch);
    }
    const seconds = (Date.now() - startedAt) / 1000;
    log(`${records.length} answers in ${seconds.toFixed(1)} s`);

    // --- after the run ----------------------------------------------------------------------
    const idle = await Promise.race([standin.whenIdle().then(() => true), delay(10_000).then(() => false)]);
    const openSockets = standin.openSockets();
    const active = await Promise.all(live.map(async (instance) => ({ name: instance.name, ...(await metricsOf(`http://127.0.0.1:${instance.port}`, METRICS_TOKEN)) })));
    const keysAfterRun = await scanKeys(client);
    const lastEnd = Math.max(...records.flatMap((record) => record.readers.map((reader) => reader.endedAt)), Date.now());
    // Past the TTL of the last answer to end (and its detached or lease timers), with a margin.
    const waitUntil = Math.max(Date.now(), lastEnd + RESUME_TTL_S * 1000 + DETACHED_MS + 2_000);
    log(`${keysAfterRun.length} ws-chat:* keys after the run; waiting ${((waitUntil - Date.now()) / 1000).toFixed(1)} s, past WS_CHAT_RESUME_TTL_S`);
    await delay(waitUntil - Date.now());
    const keysAfterTtl = await scanKeys(client);

    return judge({ settings, records, seconds, killedAt, answersInFlightOnKilled, idle, openSockets, active, keysAfterRun, keysAfterTtl, live: live.map((i) => i.name) });
  } finally {
    await Promise.all([...servers.values()].map((server) => server.stop()));
    client?.disconnect();
    await redis?.stop();
    await standin.close();
  }
}

function judge(run: {
  settings: RedisSoakSettings;
  records: AnswerRecord[];
  seconds: number;
  killedAt: number;
  answersInFlightOnKilled: number;
  idle: boolean;
  openSockets: number;
  active: Array<{ name: string; active: number }>;
  keysAfterRun: Array<{ key: string; pttl: number }>;
  keysAfterTtl: Array<{ key: string; pttl: number }>;
  live: string[];
}): RedisSoakReport {
  const { records, killedAt } = run;
  const findings: string[] = [];
  const withId = records.filter((record) => record.messageId !== undefined);
  const stopped = (record: AnswerRecord) => record.stop?.stopping === true;
  const judged = (reader: ReaderOutcome) => reader.outcome !== "abandoned" && reader.outcome !== "lost-before-id";
  const readersOf = (list: AnswerRecord[]) => list.flatMap((record) => record.readers.filter(judged).map((reader) => ({ record, reader })));
  const allReaders = readersOf(records);
  const notStoppedReaders = allReaders.filter(({ record }) => !stopped(record));
  const stoppedReaders = allReaders.filter(({ record }) => stopped(record));
  const exactlyOnce = ({ reader }: { reader: ReaderOutcome }) => (reader.outcome === "ended" || reader.outcome === "http-error") && reader.terminals === 1;
  const notExactlyOnce = notStoppedReaders.filter((entry) => !exactlyOnce(entry));
  const stoppedNotExactlyOnce = stoppedReaders.filter((entry) => !exactlyOnce(entry));
  for (const { record, reader } of [...notExactlyOnce, ...stoppedNotExactlyOnce].slice(0, 5)) {
    findings.push(`answer ${record.plan.index} (${record.messageId ?? "no id"}, produced by ${record.producer ?? "?"}): reader ${reader.outcome} with ${reader.terminals} terminal events after ${reader.connections} connections; refusals ${JSON.stringify(reader.refusals)}`);
  }
  const idProblems = allReaders.filter(({ reader }) => reader.idGaps > 0 || reader.invalidEvents > 0);
  for (const { record, reader } of idProblems.slice(0, 3)) findings.push(`answer ${record.plan.index}: ${reader.idGaps} id gaps, ${reader.invalidEvents} invalid events`);
  // A finished normal answer: exactly the text the stand-in sent, in the deltas and in `done`.
  const expected = (record: AnswerRecord) => composeAnswer(record.plan.question, 1);
  const doneNormal = allReaders.filter(({ record, reader }) => !record.plan.fault && reader.terminal?.type === "done");
  const altered = doneNormal.filter(({ record, reader }) => reader.text !== expected(record) || reader.terminal?.doneText !== reader.text);
  for (const { record } of altered.slice(0, 3)) findings.push(`answer ${record.plan.index}: done, but the text differs from the uninterrupted answer`);
  const disagreeing = withId.filter((record) => {
    const readers = record.readers.filter((reader) => reader.outcome === "ended");
    return readers.some((reader) => reader.terminal?.type !== readers[0]?.terminal?.type || reader.terminal?.code !== readers[0]?.terminal?.code || reader.text !== readers[0]?.text);
  });
  for (const record of disagreeing.slice(0, 3)) findings.push(`answer ${record.plan.index}: its readers disagree: ${JSON.stringify(record.readers.map((r) => [r.terminal, r.text.length]))}`);
  const refused = allReaders.filter(({ reader }) => reader.refusals.length > 0);

  // The killed instance's answers that had not ended: their readers end with an error, within the lease.
  const orphaned = withId.filter((record) => record.producer === "A" && record.readers.some((reader) => reader.endedAt >= killedAt));
  const orphanReaders = orphaned.flatMap((record) => record.readers.filter((reader) => reader.outcome === "ended" && reader.endedAt >= killedAt));
  const orphanEndMs = orphanReaders.map((reader) => reader.endedAt - killedAt);
  const orphanCodes: Record<string, number> = {};
  for (const reader of orphanReaders) {
    const label = reader.terminal?.type === "done" ? "done" : (reader.terminal?.code ?? "?");
    orphanCodes[label] = (orphanCodes[label] ?? 0) + 1;
  }
  const orphanLimitMs = LEASE_MS + 1_000 + 1_000; // lease, the follower's liveness check, a resume
  const slowOrphans = orphanEndMs.filter((ms) => ms > orphanLimitMs).length;

  // Redis: every key expires; after the TTL, nothing of an ended answer is left.
  const noExpiry = run.keysAfterRun.filter(({ pttl }) => pttl === -1);
  for (const { key } of noExpiry.slice(0, 5)) findings.push(`no expiry: ${key}`);
  const producerOf = new Map(withId.map((record) => [record.messageId as string, record.producer]));
  const remaining = run.keysAfterTtl;
  const remainingAnswers = new Set(remaining.map(({ key }) => answerIdOf(key)).filter((id): id is string => id !== undefined));
  const ofKilled = remaining.filter(({ key }) => {
    const id = answerIdOf(key);
    return id !== undefined && (producerOf.get(id) === "A" || !producerOf.has(id));
  });
  const ofLiving = remaining.filter(({ key }) => {
    const id = answerIdOf(key);
    return id !== undefined && producerOf.has(id) && producerOf.get(id) !== "A";
  });
  const otherKeys = remaining.filter(({ key }) => answerIdOf(key) === undefined);
  const ttlRange = (keys: Array<{ pttl: number }>) =>
    keys.length === 0 ? "—" : `${(Math.min(...keys.map((k) => k.pttl)) / 1000).toFixed(0)}–${(Math.max(...keys.map((k) => k.pttl)) / 1000).toFixed(0)} s`;
  if (ofKilled.length > 0) {
    const unknown = [...remainingAnswers].filter((id) => !producerOf.has(id)).length;
    findings.push(
      `${ofKilled.length} keys of ${new Set(ofKilled.map(({ key }) => answerIdOf(key))).size} answers produced by the killed instance remain after the TTL (${unknown} of those answers never reached the client, their POST died with A), expiring in ${ttlRange(ofKilled)}: e.g. ${ofKilled.slice(0, 3).map(({ key }) => key).join(", ")}`,
    );
  }
  if (ofLiving.length > 0) findings.push(`${ofLiving.length} keys of answers produced by a living instance remain after the TTL (${ttlRange(ofLiving)}): e.g. ${ofLiving.slice(0, 3).map(({ key }) => key).join(", ")}`);
  if (otherKeys.length > 0) findings.push(`${otherKeys.length} other ws-chat:* keys remain after the answers' TTL, expiring in ${ttlRange(otherKeys)}: ${otherKeys.slice(0, 3).map(({ key }) => key).join(", ")}`);

  const count = <T>(list: T[], predicate: (item: T) => boolean) => list.filter(predicate).length;
  // Resumes of an answer whose producer had died wait for the lease to run out, and those of a
  // faulted answer may wait on a silent upstream: counted apart.
  const resumesOfLiving = allReaders.flatMap(({ record, reader }) =>
    record.plan.fault ? [] : reader.resumes.filter((resume) => !(record.producer === "A" && resume.at >= killedAt)).map((resume) => resume.firstEventMs),
  );
  const resumes = allReaders.flatMap(({ reader }) => reader.resumes);
  const headers = summarize(records.flatMap((record) => (record.readers[0]?.headersMs !== undefined ? [record.readers[0].headersMs] : [])));
  const resumeStats = summarize(resumesOfLiving);
  const stopOutcomes: Record<string, number> = {};
  for (const record of records) {
    if (!record.stop) continue;
    const label = `${record.stop.status} ${record.stop.stopping ? "stopping" : "already ended"}`;
    stopOutcomes[label] = (stopOutcomes[label] ?? 0) + 1;
  }
  const readersAll = records.flatMap((record) => record.readers);
  const figures: Record<string, number | string> = {
    answers: records.length,
    seconds: run.seconds,
    answersWithId: withId.length,
    postsLostWithKilledInstance: count(readersAll, (reader) => reader.outcome === "lost-before-id"),
    postsRefusedWithStatus: count(readersAll, (reader) => reader.outcome === "http-error"),
    faulted: count(records, (record) => record.plan.fault !== undefined),
    readers: readersAll.length,
    judgedReaders: allReaders.length,
    viewers: count(records, (record) => record.readers.length > 1),
    abandoned: count(readersAll, (reader) => reader.outcome === "abandoned"),
    drops: readersAll.reduce((sum, reader) => sum + reader.drops, 0),
    breaks: readersAll.reduce((sum, reader) => sum + reader.breaks, 0),
    postHeadersMedianMs: headers.median,
    postHeadersP99Ms: headers.p99,
    resumes: resumes.length,
    resumesOfLivingProducers: resumesOfLiving.length,
    resumeFirstEventMedianMs: resumeStats.median,
    resumeFirstEventP99Ms: resumeStats.p99,
    resumeFirstEventMaxMs: resumeStats.max,
    unreachableOnResume: readersAll.reduce((sum, reader) => sum + reader.unreachable, 0),
    cleanEndsWithoutTerminal: readersAll.reduce((sum, reader) => sum + reader.cleanEndsWithoutTerminal, 0),
    stopsAsked: count(records, (record) => record.stop !== undefined),
    stopped: count(records, stopped),
    stopOutcomes: Object.entries(stopOutcomes).map(([label, n]) => `${label}: ${n}`).join(", ") || "—",
    readersDone: count(allReaders, ({ reader }) => reader.terminal?.type === "done"),
    readersError: count(allReaders, ({ reader }) => reader.terminal?.type === "error"),
    notStoppedNotExactlyOnce: notExactlyOnce.length,
    stoppedNotExactlyOnce: stoppedNotExactlyOnce.length,
    hung: count(readersAll, (reader) => reader.outcome === "hung"),
    readersWithIdProblems: idProblems.length,
    doneTextsAltered: altered.length,
    answersWithDisagreeingReaders: disagreeing.length,
    resumesRefused: refused.length,
    answersInFlightOnKilled: run.answersInFlightOnKilled,
    orphanedAnswers: orphaned.length,
    orphanReaders: orphanReaders.length,
    orphanEnds: Object.entries(orphanCodes).map(([code, n]) => `${code} ${n}`).join(", ") || "—",
    orphanEndMedianMs: summarize(orphanEndMs).median,
    orphanEndMaxMs: summarize(orphanEndMs).max,
    standinSocketsOpenAfter: run.openSockets,
    activeStreamsAfter: run.active.map(({ name, active }) => `${name} ${active}`).join(", "),
    keysAfterRun: run.keysAfterRun.length,
    keysWithoutExpiry: noExpiry.length,
    keysAfterTtl: remaining.length,
    keysAfterTtlOfKilledInstance: ofKilled.length,
    keysOfKilledInstanceTtl: ttlRange(ofKilled),
    keysAfterTtlOfLivingInstances: ofLiving.length,
    otherKeysAfterTtl: otherKeys.length,
    otherKeysTtl: ttlRange(otherKeys),
  };
  const checks: Array<[string, boolean]> = [
    [`all ${run.settings.answers} answers ran within ${DEADLINE_MS / 1000} s`, records.length === run.settings.answers],
    ["every reader of every answer that was not stopped ended exactly once (one done or error, none hung)", notExactlyOnce.length === 0],
    ["every reader of a stopped answer ended exactly once too", stoppedNotExactlyOnce.length === 0],
    ["no reader lost, repeated or reordered an event across its resumes (SSE ids 1, 2, 3…), and every event matched the schema", idProblems.length === 0],
    ["every normal answer that ended with done carried exactly the uninterrupted text, for every reader", altered.length === 0],
    ["the readers of one answer saw the same end and the same text", disagreeing.length === 0],
    ["every resume was accepted (no 404 or 503)", refused.length === 0],
    ["no SSE response ended cleanly without its done or error (only drops and the kill cut one short)", readersAll.every((reader) => reader.cleanEndsWithoutTerminal === 0)],
    [`the readers of the killed instance's unfinished answers ended within ${orphanLimitMs / 1000} s of the kill`, slowOrphans === 0],
    ["the stand-in has no socket open afterwards", run.idle && run.openSockets === 0],
    ["the living instances have no stream active afterwards", run.active.every(({ active }) => active === 0)],
    ["every ws-chat:* key in Redis has an expiry", noExpiry.length === 0],
    [`past WS_CHAT_RESUME_TTL_S (${RESUME_TTL_S} s), no key of an answer produced by a living instance remains`, ofLiving.length === 0],
    [`past WS_CHAT_RESUME_TTL_S (${RESUME_TTL_S} s), no key of an answer produced by the killed instance remains`, ofKilled.length === 0],
    // Rate limits, stream slots and duplicate-send claims keep TTLs of their own (the slots of a
    // dead instance, for one, expire on their own timer): those must simply be on their way out.
    [`the other ws-chat:* keys left then (rate limits, stream slots, duplicate sends) expire within ${OTHER_KEYS_MAX_TTL_S} s`, otherKeys.every(({ pttl }) => pttl > 0 && pttl <= OTHER_KEYS_MAX_TTL_S * 1000)],
  ];
  return { figures, checks, findings };
}

export const REDIS_SOAK_CONSTANTS = { PACE_MS, RESUME_TTL_S, LEASE_MS, DETACHED_MS };
