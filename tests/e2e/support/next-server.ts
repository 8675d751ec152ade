/**
 * Starts `next start` on the end-to-end build, on a free loopback port, and stops it again.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "../../../scripts/bench/servers";
import { startStandin } from "../../../scripts/standin/server";
import { E2E_DIST_DIR, ROOT } from "./paths";

export { freePort };

export interface NextServer {
  url: string;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
  /** Kills the process at once (SIGKILL): an instance that dies mid-answer. */
  kill(): Promise<void>;
}

export interface NextServerOptions {
  /** Which build to run; default the plain end-to-end build. */
  distDir?: string;
}

function spawnNextStart(port: number, env: Record<string, string>, distDir: string = E2E_DIST_DIR): ChildProcess {
  return spawn(process.execPath, [require.resolve("next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: ROOT,
    // Only what the test passes: no token or URL leaks in from the developer's shell.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/**
 * `next start` expected to stop by itself (a configuration it refuses): resolves with its exit
 * code and output, or with code null if it still runs after `timeoutMs` (it is killed then).
 */
export async function runNextStartUntilExit(env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; output: string }> {
  const child = spawnNextStart(await freePort(), env);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve({ code: null, output });
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

export async function startNextServer(env: Record<string, string>, options: NextServerOptions = {}): Promise<NextServer> {
  const port = await freePort();
  const child = spawnNextStart(port, env, options.distDir);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`next start exited with ${code}:\n${output}`));
    child.once("exit", onExit);
    // Ready once instrumentation.ts has run too: it prints a "[createai]" line.
    const onData = () => {
      if (/Ready in/.test(output) && output.includes("[createai]")) {
        child.stdout?.off("data", onData);
        child.off("exit", onExit);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
  });

  return {
    url,
    output: () => output,
    stop: () => signal(child, "SIGTERM"),
    kill: () => signal(child, "SIGKILL"),
  };
}

/** A stand-in as CreateAI and `next start` pointed at it with `token`, plus the test's `env`. */
export async function startRouteWithStandin(options: { token: string; paceMs: number; env?: Record<string, string> }) {
  const standin = await startStandin({ port: 0, token: options.token, paceMs: options.paceMs });
  const server = await startNextServer({
    CREATE_AI_API_TOKEN: options.token,
    CREATE_AI_PROJECT_ID: "e2e-project",
    CREATE_AI_WS_URL: standin.url,
    ...options.env,
  });
  return {
    standin,
    server,
    async stop() {
      await server.stop();
      await standin.close();
    },
  };
}

function signal(child: ChildProcess, name: NodeJS.Signals): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill(name);
  });
}
