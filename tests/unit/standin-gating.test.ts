/**
 * Whether the Next.js server starts the local stand-in: in development always (no configuration
 * needed), in production only when CREATE_AI_STANDIN=true asks for it, and then without the
 * `/fault` and `/bench` commands unless CREATE_AI_STANDIN_COMMANDS=true.
 */
import { connect } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { freePort } from "../../scripts/bench/servers";
import { planLocalStandin, startLocalStandinIfNeeded, type StandinPlan } from "../../scripts/standin/start-for-next";
import { EOS, composeAnswer, splitIntoChunks, type Standin } from "../../scripts/standin/server";
import { createChatHandler } from "@/lib/chat-stream/handler";
import { silentLogger } from "@/lib/chat-stream/logger";
import { loadCreateAIConfig, LOCAL_STANDIN_TOKEN, StandinNotAllowedError } from "@/lib/createai/config";
import { ask, chatRequest } from "../support/chat-client";

const BOTH_MISSING = "CREATE_AI_API_TOKEN and CREATE_AI_PROJECT_ID are not set";
const ON_PURPOSE = "set CREATE_AI_STANDIN=true to serve the local stand-in on purpose";

const started: Standin[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(started.splice(0).map((standin) => standin.close()));
});

/** The plan without the refusal's Error object, which toEqual would compare by message only. */
function planOf(env: Record<string, string>): StandinPlan | { action: "refuse"; message: string } {
  const plan = planLocalStandin(env);
  return plan.action === "refuse" ? { action: "refuse", message: plan.error.message } : plan;
}

describe("planLocalStandin", () => {
  it.each<[string, Record<string, string>, ReturnType<typeof planOf>]>([
    ["nothing set (a fresh clone's npm run dev)", {}, { action: "start", port: 8787, production: false, commands: true }],
    ["development", { NODE_ENV: "development" }, { action: "start", port: 8787, production: false, commands: true }],
    [
      "development, commands not asked for: they are always on there",
      { NODE_ENV: "development", CREATE_AI_STANDIN_COMMANDS: "false", CREATE_AI_STANDIN_PORT: "9101" },
      { action: "start", port: 9101, production: false, commands: true },
    ],
    ["tests", { NODE_ENV: "test" }, { action: "start", port: 8787, production: false, commands: true }],
    [
      "production with CREATE_AI_STANDIN=true: no commands",
      { NODE_ENV: "production", CREATE_AI_STANDIN: "true" },
      { action: "start", port: 8787, production: true, commands: false },
    ],
    [
      "production with CREATE_AI_STANDIN=1 and CREATE_AI_STANDIN_COMMANDS=true",
      { NODE_ENV: "production", CREATE_AI_STANDIN: "1", CREATE_AI_STANDIN_COMMANDS: "true", CREATE_AI_STANDIN_PORT: "9100" },
      { action: "start", port: 9100, production: true, commands: true },
    ],
    [
      "production with CREATE_AI_STANDIN=true and a stand-in elsewhere",
      { NODE_ENV: "production", CREATE_AI_STANDIN: "true", CREATE_AI_WS_URL: "ws://127.0.0.1:9999/" },
      { action: "skip", level: "info", message: "no CREATE_AI_API_TOKEN: using the CreateAI stand-in at ws://127.0.0.1:9999/" },
    ],
    [
      "production with a token",
      { NODE_ENV: "production", CREATE_AI_API_TOKEN: "tok", CREATE_AI_PROJECT_ID: "p" },
      { action: "skip", level: "info", message: "answers come from CreateAI at apiws-main.aiml.asu.edu" },
    ],
    [
      "a token without a project id: the route reports it on every request",
      { CREATE_AI_API_TOKEN: "tok" },
      { action: "skip", level: "error", message: expect.stringContaining("CREATE_AI_PROJECT_ID is required") as unknown as string },
    ],
    [
      "production with a CREATE_AI_STANDIN that is not a boolean",
      { NODE_ENV: "production", CREATE_AI_STANDIN: "yes" },
      { action: "skip", level: "error", message: expect.stringContaining("CREATE_AI_STANDIN must be true or false") as unknown as string },
    ],
  ])("%s", (_name, env, expected) => {
    expect(planOf(env)).toEqual(expected);
  });

  it.each<[string, Record<string, string>, string]>([
    ["nothing set", { NODE_ENV: "production" }, BOTH_MISSING],
    ["CREATE_AI_STANDIN=false", { NODE_ENV: "production", CREATE_AI_STANDIN: "false" }, BOTH_MISSING],
    ["only the commands switch", { NODE_ENV: "production", CREATE_AI_STANDIN_COMMANDS: "true" }, BOTH_MISSING],
    ["a project id but no token", { NODE_ENV: "production", CREATE_AI_PROJECT_ID: "p" }, "CREATE_AI_API_TOKEN is not set"],
    // Without a token the answers would come from a stand-in wherever the URL points: the same refusal.
    ["a stand-in elsewhere but no token", { NODE_ENV: "production", CREATE_AI_WS_URL: "ws://127.0.0.1:9999/" }, BOTH_MISSING],
  ])("refuses in production with %s", (_name, env, missing) => {
    const plan = planLocalStandin(env);
    expect(plan.action).toBe("refuse");
    const { message } = (plan as { error: Error }).error;
    expect(message).toContain(missing);
    expect(message).toContain(ON_PURPOSE);
  });
});

describe("loadCreateAIConfig in production without a token (the second line of defence)", () => {
  it("refuses to resolve to the stand-in, naming the variables", () => {
    expect(() => loadCreateAIConfig({ NODE_ENV: "production" })).toThrow(StandinNotAllowedError);
    expect(() => loadCreateAIConfig({ NODE_ENV: "production" })).toThrow(BOTH_MISSING);
  });

  it("resolves to the stand-in with CREATE_AI_STANDIN=true, and to CreateAI with a token", () => {
    expect(loadCreateAIConfig({ NODE_ENV: "production", CREATE_AI_STANDIN: "true" }).upstream).toBe("local");
    expect(loadCreateAIConfig({ NODE_ENV: "production", CREATE_AI_API_TOKEN: "t", CREATE_AI_PROJECT_ID: "p" }).upstream).toBe("createai");
  });

  it("makes the route answer 500 internal with that message, whatever the request", async () => {
    const handler = createChatHandler({ env: { NODE_ENV: "production" }, logger: silentLogger });
    const response = await handler(chatRequest(ask("Is anyone there?"), { accept: "text/event-stream" }));
    expect(response.status).toBe(500);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("internal");
    expect(error.message).toContain(BOTH_MISSING);
    expect(error.message).toContain(ON_PURPOSE);
  });
});

describe("startLocalStandinIfNeeded", () => {
  it("in production without a token: logs why, exits with 1, and starts nothing", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const exit = vi.fn();
    const port = await freePort();
    await expect(startLocalStandinIfNeeded({ NODE_ENV: "production", CREATE_AI_STANDIN_PORT: String(port) }, { exit })).rejects.toThrow(
      StandinNotAllowedError,
    );
    expect(exit).toHaveBeenCalledWith(1);
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/^\[createai\] refusing to start: .*CREATE_AI_STANDIN=true/));
    expect(errors.mock.calls[0]?.[0]).toContain(BOTH_MISSING);
    await expect(connectionRefused(port)).resolves.toBe(true);
  });

  it("in production with CREATE_AI_STANDIN=true: starts the stand-in, says so, and /fault is just a question", async () => {
    const lines = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const port = await freePort();
    const standin = await startLocalStandinIfNeeded({ NODE_ENV: "production", CREATE_AI_STANDIN: "true", CREATE_AI_STANDIN_PORT: String(port) });
    expect(standin).toBeDefined();
    started.push(standin as Standin);
    expect(standin?.port).toBe(port);
    expect(lines).toHaveBeenCalledWith(expect.stringMatching(/CREATE_AI_STANDIN=true: answers come from the local CreateAI stand-in .*commands are off/));

    const query = "/fault drop-mid-answer";
    expect(await answerOf(`${(standin as Standin).url}/?access_token=${LOCAL_STANDIN_TOKEN}`, query)).toEqual([
      ...splitIntoChunks(composeAnswer(query, 1)),
      EOS,
    ]);
  });
});

/** True when nothing listens on `port`. */
function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

/** Asks one query over a real socket; resolves with its frames up to `<EOS>`, rejects if it closes first. */
function answerOf(url: string, query: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const frames: string[] = [];
    socket.once("open", () => socket.send(JSON.stringify({ query })));
    socket.on("message", (data) => {
      frames.push(String(data));
      if (frames.at(-1) !== EOS) return;
      socket.close();
      resolve(frames);
    });
    socket.once("error", reject);
    socket.once("close", () => reject(new Error(`closed before <EOS>: ${JSON.stringify(frames)}`)));
  });
}
