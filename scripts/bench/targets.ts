/**
 * The five targets as runners: the stand-in read directly, and the route in both formats on
 * the Edge and the Node.js build. Owns the `next start` servers and their restarts.
 */
import type { Standin } from "../standin/server";
import type { AppBuild, Runtime } from "./build";
import { processTree } from "./memory";
import { TARGETS, type BenchPlan } from "./plan";
import { readDirect, readRoute } from "./readers";
import { startNextServer, type NextServer, type UpstreamSettings } from "./servers";
import { warmUp, type TargetRunner } from "./workloads";

const IDLE_WAIT_MS = 10_000;

export interface TargetSet {
  runners: TargetRunner[];
  /** Current server per runtime (restarts replace them). */
  servers: Partial<Record<Runtime, NextServer>>;
  stopAll(): Promise<void>;
}

/** Resolves when the stand-in has no open socket, or after `IDLE_WAIT_MS`. */
async function standinIdle(standin: Standin): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([standin.whenIdle(), new Promise((resolve) => (timer = setTimeout(resolve, IDLE_WAIT_MS)))]);
  clearTimeout(timer);
}

export async function startTargets(options: {
  standin: Standin;
  token: string;
  builds: readonly AppBuild[];
  plan: BenchPlan;
  log: (line: string) => void;
  nodeOptions?: string;
}): Promise<TargetSet> {
  const { standin, token, plan, log } = options;
  const upstream: UpstreamSettings = { wsUrl: standin.url, token };
  const servers: Partial<Record<Runtime, NextServer>> = {};
  const builds = new Map(options.builds.map((build) => [build.runtime, build]));

  async function start(runtime: Runtime): Promise<NextServer> {
    const build = builds.get(runtime);
    if (!build) throw new Error(`no ${runtime} build`);
    const server = await startNextServer(build, upstream, { nodeOptions: options.nodeOptions });
    servers[runtime] = server;
    log(`[bench] next start (${runtime}) on 127.0.0.1:${server.port}, pid ${server.pid}`);
    return server;
  }

  async function restart(runtime: Runtime): Promise<NextServer> {
    await servers[runtime]?.stop();
    await standinIdle(standin);
    return start(runtime);
  }

  for (const runtime of builds.keys()) await start(runtime);

  const runners: TargetRunner[] = [];
  for (const target of TARGETS) {
    if (target.runtime === undefined) {
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
    const { runtime, format } = target;
    if (!builds.has(runtime) || format === undefined) continue;
    const runner: TargetRunner = {
      target,
      read: (shape) => {
        const server = servers[runtime];
        if (!server) throw new Error(`the ${runtime} server is not running`);
        return readRoute({ port: server.port, format }, shape);
      },
      prepareLevel: async () => {
        let server = servers[runtime];
        if (plan.concurrency.freshServer || !server) {
          server = await restart(runtime);
          await warmUp(runner, plan);
        }
        await standinIdle(standin);
        return processTree(server.pid);
      },
    };
    runners.push(runner);
  }

  return {
    runners,
    servers,
    async stopAll() {
      await Promise.all(Object.values(servers).map((server) => server.stop()));
    },
  };
}
