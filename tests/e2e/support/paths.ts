import path from "node:path";

export const ROOT = path.resolve(__dirname, "../../..");
/** The production build the end-to-end tests run; separate from a developer's `.next`. */
export const E2E_DIST_DIR = process.env.E2E_DIST_DIR || ".next-e2e";
