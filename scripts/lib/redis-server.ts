/**
 * A real `redis-server` for tests, the benchmark and the soak: one child process on a free 127.0.0.1 port, nothing written to
 * disk, and helpers to make it go away and come back on the same port (a crash, a restart, a
 * frozen server), so the Redis store's "unreachable, then recovers by itself" rule is tested for
 * real. Call `stop()` in `afterAll`; a worker that dies anyway takes its servers with it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** Debian's `redis-server`, which `.ci/run` installs when it is missing; `REDIS_SERVER` overrides. */
export const REDIS_SERVER_PATH = process.env.REDIS_SERVER ?? "/usr/bin/redis-server";
export const hasRedisServer = existsSync(REDIS_SERVER_PATH);

export interface RedisServer {
  url: string;
  port: number;
  /** Shuts the server down (SIGTERM) and waits for it to exit; idempotent. */
  stop(): Promise<void>;
  /** Kills it at once (SIGKILL), as a crash would; idempotent. */
  kill(): Promise<void>;
  /** Starts it again, empty, on the same port, after `stop()` or `kill()`. */
  restart(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open but nothing answers, like a hung server. */
  pause(): void;
  /** Unfreezes it (SIGCONT). */
  resume(): void;
}

const READY_TIMEOUT_MS = 10_000;
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

export async function startRedis(): Promise<RedisServer> {
  let dir = await newDir();
  // A free port can be taken between our probe and the server's bind: try a few.
  let port = 0;
  let child: ChildProcess | undefined;
  for (let attempt = 1; !child; attempt += 1) {
    port = await freePort();
    try {
      child = await launch(port, dir);
    } catch (error) {
      if (attempt >= 3) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  let current: ChildProcess | undefined = child;

  async function end(signal: NodeJS.Signals): Promise<void> {
    const running = current;
    current = undefined;
    if (!running) return;
    await stopProcess(running, signal);
  }

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      await end("SIGTERM");
      await rm(dir, { recursive: true, force: true });
    },
    kill: () => end("SIGKILL"),
    async restart() {
      if (current) throw new Error("redis-server is still running");
      await rm(dir, { recursive: true, force: true });
      dir = await newDir();
      current = await launch(port, dir);
    },
    pause() {
      current?.kill("SIGSTOP");
    },
    resume() {
      current?.kill("SIGCONT");
    },
  };
}

// Its working directory: nothing is saved there (no RDB, no AOF), but redis-server needs one.
function newDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), "redis-test-"));
}

function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    REDIS_SERVER_PATH,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--loglevel", "notice"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  live.add(child);
  child.once("exit", () => live.delete(child));
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => fail(new Error(`redis-server did not start within ${READY_TIMEOUT_MS} ms:\n${output}`)), READY_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // Printed once the listening socket is open; waiting on it is waiting on the event itself.
      if (output.includes("Ready to accept connections")) finish();
    };
    const onExit = (code: number | null) => fail(new Error(`redis-server exited (${code}) before it was ready:\n${output}`));
    const onError = (error: Error) => fail(error);
    function cleanup(): void {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
      // Keep draining its output so a chatty server never blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
    }
    function finish(): void {
      cleanup();
      resolve(child);
    }
    function fail(error: Error): void {
      cleanup();
      child.kill("SIGKILL");
      reject(error);
    }
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", onExit);
    child.once("error", onError);
  });
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // A frozen server ignores SIGTERM until it runs again.
  child.kill("SIGCONT");
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
