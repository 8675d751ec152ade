import path from "node:path";

export const ROOT = path.resolve(__dirname, "../../..");
/** The production build the end-to-end tests run; separate from a developer's `.next`. */
export const E2E_DIST_DIR = process.env.E2E_DIST_DIR || ".next-e2e";
/**
 * The same app built with REDIS_URL set: its /api/ws-chat… paths run on the Node.js route with
 * shared state (next.config.ts decides at build time), for the several-instances tests.
 */
export const E2E_REDIS_DIST_DIR = process.env.E2E_REDIS_DIST_DIR || ".next-e2e-redis";
