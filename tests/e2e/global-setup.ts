/**
 * Builds the app once for every end-to-end test: a real `next build`, as users deploy it.
 * Set E2E_SKIP_BUILD=1 to reuse an existing build while iterating.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { E2E_DIST_DIR, ROOT } from "./support/paths";

export default function buildOnce(): void {
  if (process.env.E2E_SKIP_BUILD === "1" && existsSync(path.join(ROOT, E2E_DIST_DIR, "BUILD_ID"))) return;
  const started = Date.now();
  const result = spawnSync(process.execPath, [require.resolve("next/dist/bin/next"), "build"], {
    cwd: ROOT,
    env: { ...process.env, NEXT_DIST_DIR: E2E_DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`next build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  console.log(`[e2e] next build finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
