/**
 * `next start` on a benchmark build, on a free loopback port, pointed at the benchmark's own
 * stand-in; and its clean stop. Only what is listed here reaches the server's environment.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { BENCH_DIST_DIR, NEXT_BIN, withoutCreateAIVariables, type AppBuild } from "./build";

export interface NextServer {
  variant: AppBuild["variant"];
  port: number;
  pid: number;
  /** What the server printed (stdout and stderr), last 64 KiB. */
  output(): string;
  stop(): Promise<void>;
  /** SIGKILL at once, as a crash would; resolves once the process has exited. */
  kill(): Promise<void>;
}

export interface UpstreamSettings {
  /** `ws://127.0.0.1:<port>` of the stand-in. */
  wsUrl: string;
  token: string;
}

const READY = /Ready in|started server|Local:/;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** The route's limits, lifted: the benchmark is one client opening up to 1,000 streams at once. */
const LIFTED_LIMITS: Record<string, string> = {
  WS_CHAT_RATE_LIMIT: "1000000/1",
  WS_CHAT_MAX_STREAMS_PER_CLIENT: "100000",
  WS_CHAT_MAX_STREAMS: "100000",
};

export async function startNextServer(
  build: AppBuild,
  upstream: UpstreamSettings,
  extra: { nodeOptions?: string; execArgv?: string[]; env?: Record<string, string> } = {},
): Promise<NextServer> {
  const port = await freePort();
  const base = withoutCreateAIVariables(process.env);
  const env: NodeJS.ProcessEnv = {
    PATH: base.PATH ?? "",
    HOME: base.HOME ?? "",
    NODE_ENV: "production",
    NEXT_DIST_DIR: BENCH_DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
    // With a token, the app talks to CREATE_AI_WS_URL and starts no stand-in of its own.
    CREATE_AI_API_TOKEN: upstream.token,
    CREATE_AI_PROJECT_ID: "bench-project",
    CREATE_AI_WS_URL: `${upstream.wsUrl}/`,
    ...LIFTED_LIMITS,
    ...extra.env,
  };
  if (extra.nodeOptions) env.NODE_OPTIONS = extra.nodeOptions;
  const child: ChildProcess = spawn(process.execPath, [...(extra.execArgv ?? []), NEXT_BIN, "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: build.dir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-64 * 1024);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`next start (${build.variant}) not ready after ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    const onExit = (code: number | null): void => fail(new Error(`next start (${build.variant}) exited with ${code}:\n${output}`));
    const onData = (): void => {
      if (!READY.test(output)) return;
      cleanUp();
      resolve();
    };
    function cleanUp(): void {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
    }
    function fail(error: Error): void {
      cleanUp();
      child.kill("SIGKILL");
      reject(error);
    }
    child.once("exit", onExit);
    child.stdout?.on("data", onData);
  });

  return {
    variant: build.variant,
    port,
    pid: child.pid as number,
    output: () => output,
    stop: () => stopChild(child),
    kill: () => killChild(child),
  };
}

function killChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

/** SIGTERM (which lets `--cpu-prof` write its file), then SIGKILL if it does not exit in time. */
function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
