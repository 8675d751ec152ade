/**
 * The targets as runners: the stand-in read directly; the route in both formats on the Edge and
 * the Node.js build; and resumable answers, in the Edge build's memory and on Redis (the build
 * made with REDIS_URL, started with the address of the benchmark's own redis-server). Owns the
 * `next start` servers and their restarts.
 */
import Redis from "ioredis";
import type { Standin } from "../standin/server";
import type { AppBuild, BuildVariant } from "./build";
import { processTree } from "./memory";
import { TARGETS, type BenchPlan } from "./plan";
import { readDirect, readRoute } from "./readers";
import { readResumed } from "./resume-reader";
import { startNextServer, type NextServer, type UpstreamSettings } from "./servers";
import { warmUp, type TargetRunner } from "./workloads";

const IDLE_WAIT_MS = 10_000;

export interface TargetSet {
  runners: TargetRunner[];
  /** Current server per build (restarts replace them). */
  servers: Partial<Record<BuildVariant, NextServer>>;
  stopAll(): Promise<void>;
}

/** Resolves when the stand-in has no open socket, or after `IDLE_WAIT_MS`. */
async function standinIdle(standin: Standin): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([standin.whenIdle(), new Promise((resolve) => (timer = setTimeout(resolve, IDLE_WAIT_MS)))]);
  clearTimeout(timer);
}

/** `used_memory` from `INFO memory`, in bytes. */
async function usedMemory(client: Redis): Promise<number> {
  const info = await client.info("memory");
  const match = /^used_memory:(\d+)/m.exec(info);
  if (!match) throw new Error("INFO memory has no used_memory");
  return Number(match[1]);
}

export async function startTargets(options: {
  standin: Standin;
  token: string;
  builds: readonly AppBuild[];
  plan: BenchPlan;
  log: (line: string) => void;
  /** The benchmark's redis-server, for the `redis` build; without it that build's targets are left out. */
  redisUrl?: string;
  nodeOptions?: string;
}): Promise<TargetSet> {
  const { standin, token, plan, log, redisUrl } = options;
  const upstream: UpstreamSettings = { wsUrl: standin.url, token };
  const servers: Partial<Record<BuildVariant, NextServer>> = {};
  const builds = new Map(options.builds.map((build) => [build.variant, build]));
  if (redisUrl === undefined) builds.delete("redis");
  const redis = builds.has("redis") && redisUrl ? new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 }) : undefined;

  async function start(variant: BuildVariant): Promise<NextServer> {
    const build = builds.get(variant);
    if (!build) throw new Error(`no ${variant} build`);
    const env: Record<string, string> = variant === "redis" && redisUrl ? { REDIS_URL: redisUrl } : {};
    const server = await startNextServer(build, upstream, { nodeOptions: options.nodeOptions, env });
    servers[variant] = server;
    log(`[bench] next start (${variant}) on 127.0.0.1:${server.port}, pid ${server.pid}`);
    return server;
  }

  async function restart(variant: BuildVariant): Promise<NextServer> {
    await servers[variant]?.stop();
    await standinIdle(standin);
    return start(variant);
  }

  const serverOf = (variant: BuildVariant): NextServer => {
    const server = servers[variant];
    if (!server) throw new Error(`the ${variant} server is not running`);
    return server;
  };

  try {
    for (const variant of builds.keys()) await start(variant);
  } catch (error) {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
    throw error;
  }

  const runners: TargetRunner[] = [];
  for (const target of TARGETS) {
    if (target.build === undefined) {
      runners.push({
        target,
        read: (shape) => readDirect({ url: standin.url, token }, shape),
        prepareLevel: async () => {
          await standinIdle(standin);
          return undefined;
        },
      });
      continue;
    }
    const { build: variant, format, resumable } = target;
    if (!builds.has(variant) || format === undefined) continue;
    const runner: TargetRunner = {
      target,
      read: (shape) => readRoute({ port: serverOf(variant).port, format, resumable }, shape),
      prepareLevel: async () => {
        let server = servers[variant];
        if (plan.concurrency.freshServer || !server) {
          server = await restart(variant);
          await warmUp(runner, plan);
        }
        await standinIdle(standin);
        return processTree(server.pid);
      },
    };
    if (resumable) {
      runner.resume = (current) => readResumed({ port: serverOf(variant).port, ...current.resume });
    }
    if (variant === "redis" && redis) runner.storeBytes = () => usedMemory(redis);
    runners.push(runner);
  }

  return {
    runners,
    servers,
    async stopAll() {
      await Promise.all(Object.values(servers).map((server) => server.stop()));
      redis?.disconnect();
    },
  };
}
