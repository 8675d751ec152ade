/**
 * Production builds of the app for the benchmark, one per runtime.
 *
 * Each build happens in a snapshot of the working tree under `bench-results/.build/<runtime>`:
 * building in place with another distDir would make `next build` rewrite tsconfig.json, a file
 * the benchmark does not own, and other work in progress would change under it. The snapshot
 * has no node_modules and no lockfile, so Node and Turbopack both find the repository's own
 * (a symlinked node_modules would point outside Turbopack's root). The folder starts with a dot,
 * so the repository's `tsc` and tests never see the copy. The Node.js variant differs only by
 * `runtime = "nodejs"` in the route. A build is reused while its sources are unchanged.
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

export interface AppBuild {
  runtime: Runtime;
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

function fileContent(file: string, runtime: Runtime): Buffer {
  const content = readFileSync(path.join(ROOT, file));
  if (file === CONFIG_FILE) return Buffer.from(withoutTypeCheck(content.toString("utf8")));
  if (file !== ROUTE_FILE || runtime === "edge") return content;
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

function fingerprintOf(snapshot: ReadonlyMap<string, Buffer>, runtime: Runtime): string {
  const hash = createHash("sha256");
  hash.update(`${runtime}\0${process.version}\0${readFileSync(require.resolve("next/package.json", { paths: [ROOT] }))}`);
  for (const [file, content] of snapshot) hash.update(`\0${file}\0`).update(content);
  return hash.digest("hex");
}

/** Builds (or reuses) the app for `runtime`; throws with the build's output if it fails. */
export async function buildApp(runtime: Runtime, options: { force: boolean; log: (line: string) => void }): Promise<AppBuild> {
  const dir = path.join(BUILD_ROOT, runtime);
  // Read once: what is hashed is exactly what gets built.
  const snapshot = new Map(sourceFiles().map((file) => [file, fileContent(file, runtime)] as const));
  const fingerprint = fingerprintOf(snapshot, runtime);
  const stampFile = path.join(dir, ".bench-fingerprint");
  const built = existsSync(path.join(dir, BENCH_DIST_DIR, "BUILD_ID")) && existsSync(stampFile);
  if (!options.force && built && readFileSync(stampFile, "utf8") === fingerprint) {
    options.log(`[bench] ${runtime} build is up to date (${path.relative(ROOT, dir)})`);
    return { runtime, dir, reused: true, seconds: 0 };
  }

  const started = Date.now();
  rmSync(dir, { recursive: true, force: true });
  for (const [file, content] of snapshot) {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  options.log(`[bench] building the ${runtime} variant (next build in ${path.relative(ROOT, dir)}) …`);
  await runNextBuild(dir, runtime);
  writeFileSync(stampFile, fingerprint);
  const seconds = (Date.now() - started) / 1000;
  options.log(`[bench] ${runtime} build done in ${seconds.toFixed(1)} s`);
  return { runtime, dir, reused: false, seconds };
}

const BUILD_TIMEOUT_MS = 10 * 60_000;

/** `next build` in `dir`, asynchronously so both variants can build at once. */
function runNextBuild(dir: string, runtime: Runtime): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NEXT_BIN, "build"], {
      cwd: dir,
      env: { ...withoutCreateAIVariables(process.env), NODE_ENV: "production", NEXT_DIST_DIR: BENCH_DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" },
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
      else reject(new Error(`next build (${runtime}) failed with ${code ?? signal}:\n${output}`));
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
