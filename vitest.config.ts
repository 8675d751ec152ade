import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// One runner, four kinds of test, each in the environment it needs:
// - unit:  pure code and I/O parts with fakes or a real local socket (Node)
// - edge:  the same handler tests again on the Edge runtime's web APIs
// - dom:   hooks and components in jsdom with msw
// - e2e:   a real `next build` + `next start`, over HTTP and in real Chromium
export default defineConfig({
  plugins: [react()],
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          environment: "node",
          include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "edge",
          // The Edge runtime's own fetch, AbortSignal, streams…: vitest's built-in
          // "edge-runtime" keeps Node's wherever Node has one (see the file).
          environment: "./tests/support/edge-runtime-environment.ts",
          include: ["tests/integration/**/*.test.ts"],
          exclude: ["tests/integration/**/*.node-only.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "dom",
          environment: "jsdom",
          include: ["tests/dom/**/*.test.{ts,tsx}"],
          setupFiles: ["tests/dom/setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          environment: "node",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
