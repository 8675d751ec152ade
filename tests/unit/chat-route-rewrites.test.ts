/**
 * next.config.ts brings every /api/ws-chat… path into the one route module. Checked with
 * Next.js's own rewrite matcher (first matching `beforeFiles` rule wins), without a build.
 */
import { getPathMatch } from "next/dist/shared/lib/router/utils/path-match";
import { prepareDestination } from "next/dist/shared/lib/router/utils/prepare-destination";
import { afterEach, describe, expect, it, vi } from "vitest";
import nextConfig from "@/next.config";

interface Rewrite {
  source: string;
  destination: string;
}

async function rewrite(pathname: string): Promise<string | undefined> {
  const rules = (await nextConfig.rewrites?.()) as unknown as { beforeFiles: Rewrite[] };
  for (const rule of rules.beforeFiles) {
    const params = getPathMatch(rule.source)(pathname);
    if (!params) continue;
    const { parsedDestination } = prepareDestination({ appendParamsToQuery: false, destination: rule.destination, params, query: {} });
    return `${parsedDestination.pathname}?${new URLSearchParams(parsedDestination.query as Record<string, string>)}`;
  }
  return undefined;
}

describe("the route's rewrites", () => {
  it.each([
    ["/api/ws-chat/metrics", "/api/ws-chat?metrics="],
    ["/api/ws-chat/streams/3f0c-1", "/api/ws-chat?stream=3f0c-1"],
    ["/api/ws-chat/chat-1/stream", "/api/ws-chat?chat-stream=chat-1"],
    ["/api/ws-chat/streams/stream", "/api/ws-chat?chat-stream=streams"],
    // The segment is copied still escaped: the handler reads the id from the path when it has it.
    ["/api/ws-chat/chat%201/stream", "/api/ws-chat?chat-stream=chat%25201"],
    ["/api/ws-chat", undefined],
  ])("send %s to %s", async (pathname, expected) => {
    expect(await rewrite(pathname)).toBe(expected);
  });
});

describe("the route's rewrites with REDIS_URL at build time", () => {
  afterEach(() => vi.unstubAllEnvs());

  it.each([
    ["/api/ws-chat/chat-1/stream", "/api/ws-chat-node?chat-stream=chat-1"],
    ["/api/ws-chat/streams/3f0c-1", "/api/ws-chat-node?stream=3f0c-1"],
  ])("send %s to the Node.js route: %s", async (pathname, expected) => {
    vi.stubEnv("REDIS_URL", "redis://127.0.0.1:6379");
    expect(await rewrite(pathname)).toBe(expected);
  });
});
