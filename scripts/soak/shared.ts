/** What both soaks (one instance, and two on Redis) need: a repeatable random source and the route's stream counts. */

/** A small seeded generator, so a failing run can be repeated exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Streams open now, and streams ended so far (all outcomes), from the route's metrics. */
export async function metricsOf(baseUrl: string, metricsToken: string): Promise<{ active: number; ended: number }> {
  const response = await fetch(`${baseUrl}/api/ws-chat/metrics`, {
    headers: { Authorization: `Bearer ${metricsToken}` },
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  const active = Number(/^ws_chat_active_streams (\d+)$/m.exec(text)?.[1] ?? NaN);
  const ended = [...text.matchAll(/^ws_chat_streams_total\{[^}]*\} (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
  return { active, ended };
}
