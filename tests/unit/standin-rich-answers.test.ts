/**
 * The stand-in's answers with math and code: `/demo math` for people and the Chromium tests,
 * `/bench … content=rich` for the rendering benchmark.
 */
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { composeMathAnswer } from "../../scripts/standin/answers";
import { richBenchText } from "../../scripts/standin/bench";
import { parseQueryCommand } from "../../scripts/standin/commands";
import { EOS, splitIntoChunks, startStandin, type Standin } from "../../scripts/standin/server";

const TOKEN = "test-token";
const standins: Standin[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await Promise.all(standins.splice(0).map((standin) => standin.close()));
});

/** Asks one query of a fresh stand-in and resolves with every frame up to and including <EOS>. */
async function ask(query: string, commands = true): Promise<string[]> {
  const standin = await startStandin({ port: 0, paceMs: 0, token: TOKEN, commands });
  standins.push(standin);
  const socket = new WebSocket(`${standin.url}/chat?access_token=${TOKEN}`);
  sockets.push(socket);
  const frames: string[] = [];
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  return new Promise((resolve, reject) => {
    socket.on("message", (data) => {
      frames.push(String(data));
      if (frames.at(-1)?.endsWith(EOS)) resolve(frames);
    });
    socket.on("close", () => reject(new Error(`closed after ${frames.length} frames`)));
    socket.send(JSON.stringify({ query }));
  });
}

describe("/demo math", () => {
  it("is a command, recognised even where /fault and /bench are not", () => {
    expect(parseQueryCommand("/demo math")).toEqual({ kind: "math" });
    expect(parseQueryCommand("  /demo   math  ", { commands: false })).toEqual({ kind: "math" });
  });

  it("is named when a demo is unknown", () => {
    expect(parseQueryCommand("/demo maths")).toEqual({ kind: "invalid", reason: "Unknown demo. Use /demo error, /demo slow, /demo long or /demo math." });
  });

  it("streams math in all four delimiters, prices, and a Python and a TypeScript block, word by word", async () => {
    const frames = await ask("/demo math", false);
    const answer = composeMathAnswer(1);
    expect(frames).toEqual([...splitIntoChunks(answer), EOS]);
    expect(answer).toMatch(/ \$r\$ /);
    expect(answer).toContain("\\(C = 2\\pi r\\)");
    expect(answer).toMatch(/^\$\$\n.+\n\$\$$/m);
    expect(answer).toMatch(/^\\\[\n.+\n\\\]$/m);
    expect(answer).toMatch(/^\$\$x = .+\$\$$/m);
    expect(answer).toContain("costs $5 and the lab kit $10");
    expect(answer).toContain("```python\n");
    expect(answer).toContain("```ts\n");
    // ASCII, so the rich bench answer made of it has chunks of exactly `size` bytes.
    expect(answer).toMatch(/^[\x20-\x7e\n]*$/);
  });
});

describe("/bench content=rich", () => {
  it("parses with the other bench arguments, and is plain by default", () => {
    expect(parseQueryCommand("/bench chunks=3 size=40 interval=5 content=rich")).toEqual({
      kind: "bench",
      plan: { chunks: 3, size: 40, intervalMs: 5, content: "rich" },
    });
    expect(parseQueryCommand("/bench chunks=3")).toMatchObject({ plan: { content: "plain" } });
    expect(parseQueryCommand("/bench content=fancy")).toMatchObject({ kind: "invalid" });
  });

  it("sends the /demo math answer over and over, in chunks of exactly size bytes", async () => {
    const frames = await ask("/bench chunks=120 size=50 interval=0 content=rich");
    expect(frames.at(-1)).toBe(EOS);
    const chunks = frames.slice(0, -1);
    expect(chunks).toHaveLength(120);
    for (const chunk of chunks) expect(Buffer.byteLength(chunk)).toBe(50);
    const text = chunks.join("");
    expect(text).toBe(richBenchText(6_000));
    expect(text.startsWith(`${composeMathAnswer(1)}\n\n${composeMathAnswer(2)}`)).toBe(true);
  });
});
