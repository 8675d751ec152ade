/**
 * Production builds of the app for the benchmark and the soak, one per variant: `edge` (as
 * shipped), `node` (the same with `runtime = "nodejs"` in the route) and `redis` (the sources as
 * shipped, built with REDIS_URL set, so next.config.ts sends /api/ws-chat… to the Node.js route,
 * which keeps answers on Redis; the address itself is given to `next start`).
 *
 * Each build happens in a snapshot of the working tree under `bench-results/.build/<variant>`:
 * building in place with another distDir would make `next build` rewrite tsconfig.json, a file
 * the benchmark does not own, and other work in progress would change under it. The snapshot
 * has no node_modules and no lockfile, so Node and Turbopack both find the repository's own
 * (a symlinked node_modules would point outside Turbopack's root). The folder starts with a dot,
 * so the repository's `tsc` and tests never see the copy. The Node.js variant differs only by
 * `runtime = "nodejs"` in the route. A build is reused while its sources are unchanged. Nothing is
ever written to the repository's own `.next`, `.next-e2e*` or tsconfig.json.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
export const BUILD_ROOT = path.join(ROOT, "bench-results", ".build");
/** The distDir inside each snapshot (next.config.ts reads NEXT_DIST_DIR). */
export const BENCH_DIST_DIR = ".next-bench";
export const NEXT_BIN = require.resolve("next/dist/bin/next", { paths: [ROOT] });

const ROUTE_FILE = "app/api/ws-chat/route.ts";
const EDGE_LINE = 'export const runtime = "edge";';
const NODE_LINE = 'export const runtime = "nodejs";';
/**
 * Not part of the app: left out so that work in progress there cannot break the build, and so
 * that editing tests, tools or docs (this run writes BENCHMARKS.md) does not force a rebuild.
 * Of scripts/, the app needs only the stand-in (instrumentation.ts imports it).
 */
const LEFT_OUT = [/^tests\//, /^scripts\/(?!standin\/)/, /^bench-results\//, /^\.ci\//, /^package-lock\.json$/, /\.md$/];

export type Runtime = "edge" | "node";
/** Which build: a runtime as above, or `redis` (see the top of this file). */
export type BuildVariant = Runtime | "redis";

/**
 * REDIS_URL at build time: only whether it is set matters (next.config.ts picks the route by it);
 * `next start` gets the real address. Empty for the other variants, whatever the shell has.
 */
const BUILD_REDIS_URL: Record<BuildVariant, string> = { edge: "", node: "", redis: "redis://127.0.0.1:6379" };

export interface AppBuild {
  variant: BuildVariant;
  /** The snapshot folder: `next start` runs here. */
  dir: string;
  reused: boolean;
  seconds: number;
}

/** Files of the working tree that git would consider: tracked, plus new ones not ignored. */
function sourceFiles(): string[] {
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  return listed.stdout
    .split("\0")
    .filter((file) => file !== "" && !LEFT_OUT.some((pattern) => pattern.test(file)))
    .filter((file) => existsSync(path.join(ROOT, file))) // deleted but not yet staged
    .sort();
}

const CONFIG_FILE = "next.config.ts";
const CONFIG_EXPORT = "export default nextConfig;";

function fileContent(file: string, variant: BuildVariant): Buffer {
  const content = readFileSync(path.join(ROOT, file));
  if (file === CONFIG_FILE) return Buffer.from(withoutTypeCheck(content.toString("utf8")));
  if (file !== ROUTE_FILE || variant !== "node") return content;
  const text = content.toString("utf8");
  if (!text.includes(EDGE_LINE)) throw new Error(`${ROUTE_FILE} no longer has \`${EDGE_LINE}\`: update scripts/bench/build.ts`);
  return Buffer.from(text.replace(EDGE_LINE, NODE_LINE));
}

/**
 * The snapshot's builds skip `next build`'s type check: it does not change what is built, it
 * is most of a build's time on two cores, and `npm test` type-checks the same sources. If the
 * config no longer ends the way this expects, the build simply keeps its type check.
 */
function withoutTypeCheck(config: string): string {
  if (!config.includes(CONFIG_EXPORT)) return config;
  return config.replace(
    CONFIG_EXPORT,
    `nextConfig.typescript = { ...nextConfig.typescript, ignoreBuildErrors: true }; // added by scripts/bench/build.ts\n${CONFIG_EXPORT}`,
  );
}

function fingerprintOf(snapshot: ReadonlyMap<string, Buffer>, variant: BuildVariant): string {
  const hash = createHash("sha256");
  hash.update(`${variant}\0${BUILD_REDIS_URL[variant]}\0${process.version}\0${readFileSync(require.resolve("next/package.json", { paths: [ROOT] }))}`);
  for (const [file, content] of snapshot) hash.update(`\0${file}\0`).update(content);
  return hash.digest("hex");
}

/** Builds (or reuses) the app for `variant`; throws with the build's output if it fails. */
export async function buildApp(variant: BuildVariant, options: { force: boolean; log: (line: string) => void }): Promise<AppBuild> {
  const dir = path.join(BUILD_ROOT, variant);
  // Read once: what is hashed is exactly what gets built.
  const snapshot = new Map(sourceFiles().map((file) => [file, fileContent(file, variant)] as const));
  const fingerprint = fingerprintOf(snapshot, variant);
  const stampFile = path.join(dir, ".bench-fingerprint");
  const built = existsSync(path.join(dir, BENCH_DIST_DIR, "BUILD_ID")) && existsSync(stampFile);
  if (!options.force && built && readFileSync(stampFile, "utf8") === fingerprint) {
    options.log(`[bench] ${variant} build is up to date (${path.relative(ROOT, dir)})`);
    return { variant, dir, reused: true, seconds: 0 };
  }

  const started = Date.now();
  rmSync(dir, { recursive: true, force: true });
  for (const [file, content] of snapshot) {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  options.log(`[bench] building the ${variant} variant (next build in ${path.relative(ROOT, dir)}) …`);
  await runNextBuild(dir, variant);
  writeFileSync(stampFile, fingerprint);
  const seconds = (Date.now() - started) / 1000;
  options.log(`[bench] ${variant} build done in ${seconds.toFixed(1)} s`);
  return { variant, dir, reused: false, seconds };
}

const BUILD_TIMEOUT_MS = 10 * 60_000;

/** `next build` in `dir`, asynchronously so the variants can build at once. */
function runNextBuild(dir: string, variant: BuildVariant): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NEXT_BIN, "build"], {
      cwd: dir,
      env: {
        ...withoutCreateAIVariables(process.env),
        NODE_ENV: "production",
        NEXT_DIST_DIR: BENCH_DIST_DIR,
        NEXT_TELEMETRY_DISABLED: "1",
        REDIS_URL: BUILD_REDIS_URL[variant],
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-256 * 1024);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const timer = setTimeout(() => child.kill("SIGKILL"), BUILD_TIMEOUT_MS);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`next build (${variant}) failed with ${code ?? signal}:\n${output}`));
    });
  });
}

/** The developer's CreateAI settings must not leak into the build or the servers. */
export function withoutCreateAIVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !name.startsWith("CREATE_AI_") && !name.startsWith("WS_CHAT_")) clean[name] = value;
  }
  return clean;
}
