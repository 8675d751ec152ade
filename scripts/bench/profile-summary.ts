/**
 * Reads a V8 CPU profile or sampling heap profile of the server and says where the time or
 * the bytes went: per function (self and total), mapped through the build's source maps back to
 * `lib/…` and `app/…` files, and per area (our code, Next.js, WebSocket/streams, Node, GC).
 * Also writes folded stacks, the input of flame graph tools (speedscope, flamegraph.pl).
 */
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

/** A profile as a tree whose nodes carry a self weight (µs of CPU, or bytes). */
export interface WeightedNode {
  callFrame: CallFrame;
  self: number;
  children: WeightedNode[];
}

interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}
interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

export function cpuTree(profile: CpuProfile): WeightedNode {
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + Math.max(0, profile.timeDeltas[index] ?? 0)));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const build = (id: number): WeightedNode => {
    const node = byId.get(id);
    if (!node) throw new Error(`profile node ${id} missing`);
    return { callFrame: node.callFrame, self: self.get(id) ?? 0, children: (node.children ?? []).map(build) };
  };
  return build(profile.nodes[0]?.id ?? 1);
}

export function heapTree(head: HeapNode): WeightedNode {
  return { callFrame: head.callFrame, self: head.selfSize, children: head.children.map(heapTree) };
}

export type Area =
  | "our code"
  | "Next.js server"
  | "Next.js Edge sandbox"
  | "WebSocket libraries"
  | "Node: web streams"
  | "Node: async_hooks (AsyncLocalStorage)"
  | "Node: other internals"
  | "garbage collector"
  | "V8 and native"
  | "idle";

export interface Place {
  name: string;
  where: string;
  area: Area;
}

interface LoadedMap {
  map: SourceMap;
  /** Original source text by source name, from the map's `sourcesContent`. */
  contents: Map<string, string>;
}
const maps = new Map<string, LoadedMap | undefined>();

function sourceMapFor(url: string): LoadedMap | undefined {
  if (maps.has(url)) return maps.get(url);
  let found: LoadedMap | undefined;
  try {
    const file = url.startsWith("file://") ? fileURLToPath(url) : url;
    if (file.startsWith("/") && existsSync(`${file}.map`)) {
      const payload = JSON.parse(readFileSync(`${file}.map`, "utf8")) as { sources?: string[]; sourcesContent?: (string | null)[] };
      const contents = new Map<string, string>();
      payload.sources?.forEach((source, index) => {
        const content = payload.sourcesContent?.[index];
        if (typeof content === "string" && /(^|\/)(lib|app|components)\//.test(source)) contents.set(source, content);
      });
      found = { map: new SourceMap(payload as ConstructorParameters<typeof SourceMap>[0]), contents };
    }
  } catch {
    found = undefined; // no usable map: report the generated position
  }
  maps.set(url, found);
  return found;
}

const sourceLines = new Map<string, string[]>();

/**
 * The name of the function that starts on `line` of an original source: minified builds
 * rename functions, and the maps do not always carry the original name.
 */
function functionNameAt(found: LoadedMap, source: string, line: number): string | undefined {
  if (!sourceLines.has(source)) sourceLines.set(source, (found.contents.get(source) ?? "").split("\n"));
  const text = sourceLines.get(source)?.[line] ?? "";
  const match =
    /\bfunction\s*\*?\s*([\w$]+)/.exec(text) ??
    /^\s*(?:async\s+)?(?:get\s+|set\s+)?([\w$]+)\s*\([^)]*\)\s*(?::[^{]+)?\{/.exec(text) ??
    /([\w$]+)\s*[:=]\s*(?:async\s*)?(?:\([^)]*\)|[\w$]+)\s*(?::[^=]+)?=>/.exec(text) ??
    /\.(addEventListener|on|once|then)\(\s*"?([\w$]*)/.exec(text);
  if (!match) return undefined;
  return match[2] !== undefined ? `${match[1]}("${match[2]}") handler` : match[1];
}

/** `turbopack:///[project]/lib/x.ts`, `../../bench-results/.build/edge/lib/x.ts` and the like → `lib/x.ts`. */
function projectPath(source: string): string {
  const marker = source.lastIndexOf("[project]/");
  if (marker !== -1) return source.slice(marker + "[project]/".length);
  // Sources of a benchmark build are relative paths into its snapshot folder.
  const snapshot = /\/\.build\/(?:edge|node|redis)\/(?!node_modules\/)(.*)$/.exec(source);
  if (snapshot?.[1] !== undefined) return snapshot[1];
  const modules = source.lastIndexOf("node_modules/");
  if (modules !== -1) return source.slice(modules);
  return source.replace(/^file:\/\//, "");
}

/** The area of a frame, from where the code was loaded (`url`) and where it came from (`where`). */
function areaOf(url: string, where: string, name: string): Area {
  if (name === "(idle)") return "idle";
  if (name === "(garbage collector)") return "garbage collector";
  if (/^(lib|app|components|scripts)\//.test(where)) return "our code";
  if (/node_modules\/(ws|undici)\/|next\/dist\/compiled\/(ws|undici)\//.test(url)) return "WebSocket libraries";
  if (url.includes("next/dist/compiled/edge-runtime") || url.includes("next/dist/server/web/sandbox")) return "Next.js Edge sandbox";
  if (url.includes("node_modules/next/") || url.includes("/.next-bench/")) return "Next.js server";
  if (url.startsWith("node:internal/webstreams")) return "Node: web streams";
  if (/^node:(internal\/)?async_hooks/.test(url)) return "Node: async_hooks (AsyncLocalStorage)";
  if (url.startsWith("node:")) return "Node: other internals";
  return "V8 and native";
}

export function placeOf(frame: CallFrame): Place {
  const generatedName = frame.functionName || "(anonymous)";
  const found = frame.url ? sourceMapFor(frame.url) : undefined;
  const entry = found?.map.findEntry(frame.lineNumber, frame.columnNumber) as
    | { originalSource?: string; originalLine?: number; name?: string }
    | undefined;
  if (found && entry?.originalSource !== undefined && entry.originalLine !== undefined) {
    const where = `${projectPath(entry.originalSource)}:${entry.originalLine + 1}`;
    let name = entry.name ?? generatedName;
    const area = areaOf(frame.url, where, name);
    if (area === "our code") name = functionNameAt(found, entry.originalSource, entry.originalLine) ?? "(anonymous)";
    return { name, where, area };
  }
  const where = frame.url ? `${projectPath(frame.url)}:${frame.lineNumber + 1}` : "";
  return { name: generatedName, where, area: areaOf(frame.url, where, generatedName) };
}

export interface PlaceTotal extends Place {
  self: number;
  total: number;
}

export interface ProfileSummary {
  total: number;
  byArea: Map<Area, number>;
  places: PlaceTotal[];
  /** `frame;frame;frame weight` lines for flame graph tools. */
  folded: string[];
}

/** Self and total weight per place; a place counts once per stack, however often it recurs. */
export function summarizeTree(root: WeightedNode): ProfileSummary {
  const places = new Map<string, PlaceTotal>();
  const byArea = new Map<Area, number>();
  const folded = new Map<string, number>();
  let total = 0;
  // Iterative walk: deep stacks must not overflow ours.
  const stack: { node: WeightedNode; path: string[]; open: Set<string> }[] = [{ node: root, path: [], open: new Set() }];
  const totals: { key: string; weight: number }[] = [];
  for (let steps = 0; stack.length > 0 && steps < 5_000_000; steps += 1) {
    const { node, path, open } = stack.pop() as (typeof stack)[number];
    const place = placeOf(node.callFrame);
    const key = `${place.name} ${place.where}`;
    const entry = places.get(key) ?? { ...place, self: 0, total: 0 };
    places.set(key, entry);
    entry.self += node.self;
    total += node.self;
    byArea.set(place.area, (byArea.get(place.area) ?? 0) + node.self);
    const label = place.where ? `${place.name} (${place.where})` : place.name;
    const nextPath = node.callFrame.functionName === "(root)" ? path : [...path, label];
    if (node.self > 0) folded.set(nextPath.join(";"), (folded.get(nextPath.join(";")) ?? 0) + node.self);
    // Charge this node's subtree to every distinct place on the stack, once each.
    const nextOpen = new Set(open).add(key);
    for (const placeKey of nextOpen) totals.push({ key: placeKey, weight: node.self });
    for (const child of node.children) stack.push({ node: child, path: nextPath, open: nextOpen });
  }
  for (const { key, weight } of totals) {
    const entry = places.get(key);
    if (entry) entry.total += weight;
  }
  return {
    total,
    byArea,
    places: [...places.values()].sort((a, b) => b.self - a.self),
    folded: [...folded].map(([path, weight]) => `${path} ${Math.round(weight)}`),
  };
}

/** The summary as Markdown: areas, then the heaviest places, then every place in our code. */
export function renderSummary(summary: ProfileSummary, unit: "µs" | "bytes", top = 30): string {
  const busy = summary.total - (summary.byArea.get("idle") ?? 0);
  const pct = (value: number): string => `${((100 * value) / Math.max(1, busy)).toFixed(1)}%`;
  const amount = (value: number): string =>
    unit === "µs" ? `${(value / 1000).toFixed(1)} ms` : `${(value / 1024).toFixed(0)} KiB`;
  const lines = [`Busy total: ${amount(busy)} (idle left out; shares below are of the busy total)`, "", "| area | self | share |", "| --- | --- | --- |"];
  for (const [area, value] of [...summary.byArea].sort((a, b) => b[1] - a[1])) {
    if (area !== "idle") lines.push(`| ${area} | ${amount(value)} | ${pct(value)} |`);
  }
  const row = (place: PlaceTotal): string =>
    `| ${place.name} | ${place.where || "—"} | ${place.area} | ${pct(place.self)} | ${pct(place.total)} |`;
  const header = ["| function | where | area | self | total |", "| --- | --- | --- | --- | --- |"];
  const heaviest = summary.places.filter((place) => place.area !== "idle").slice(0, top);
  lines.push("", `Heaviest ${heaviest.length} by self ${unit === "µs" ? "time" : "allocation"}:`, "", ...header, ...heaviest.map(row));
  const inclusive = [...summary.places].filter((place) => place.area !== "idle" && place.name !== "(root)").sort((a, b) => b.total - a.total);
  lines.push("", `Heaviest ${Math.min(top, inclusive.length)} by total (self plus what it calls):`, "", ...header, ...inclusive.slice(0, top).map(row));
  const ours = [...summary.places].filter((place) => place.area === "our code").sort((a, b) => b.total - a.total);
  lines.push("", "Our code, by total (self plus what it calls):", "", ...header, ...ours.slice(0, top).map(row));
  return lines.join("\n");
}
