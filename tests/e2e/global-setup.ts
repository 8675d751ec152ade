/**
 * Builds the app for every end-to-end test: a real `next build`, as users deploy it, once as is
 * and once with REDIS_URL set (the build that serves /api/ws-chat… on Node.js with shared state).
 * Set E2E_SKIP_BUILD=1 to reuse existing builds while iterating.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { E2E_DIST_DIR, E2E_REDIS_DIST_DIR, ROOT } from "./support/paths";

export default function buildAll(): void {
  // The address is only looked at for being set: each test starts its own Redis.
  build(E2E_DIST_DIR, { REDIS_URL: "" });
  build(E2E_REDIS_DIST_DIR, { REDIS_URL: "redis://127.0.0.1:6379" });
}

function build(distDir: string, env: Record<string, string>): void {
  if (process.env.E2E_SKIP_BUILD === "1" && existsSync(path.join(ROOT, distDir, "BUILD_ID"))) return;
  const started = Date.now();
  const result = spawnSync(process.execPath, [require.resolve("next/dist/bin/next"), "build"], {
    cwd: ROOT,
    env: { ...process.env, ...env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`next build (${distDir}) failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  console.log(`[e2e] next build into ${distDir} finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
