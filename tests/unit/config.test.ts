import { describe, expect, it } from "vitest";
import { buildWebSocketUrl, loadCreateAIConfig, LOCAL_STANDIN_TOKEN } from "@/lib/createai/config";

describe("loadCreateAIConfig", () => {
  it("uses the local stand-in when there is no token", () => {
    const config = loadCreateAIConfig({});
    expect(config).toMatchObject({ upstream: "local", wsBaseUrl: "ws://127.0.0.1:8787/", token: LOCAL_STANDIN_TOKEN });
    expect(config.model).toEqual({ provider: "aws", name: "claude4_5_sonnet" });
    expect(config).toMatchObject({ connectTimeoutMs: 10_000, idleTimeoutMs: 60_000, restFallback: false });
  });

  it.each([
    [{}, "wss://apiws-main.aiml.asu.edu/", "https://api-main.aiml.asu.edu/"],
    [{ CREATE_AI_ENV: "beta" }, "wss://apiws-main-beta.aiml.asu.edu/", "https://api-main-beta.aiml.asu.edu/"],
    [{ CREATE_AI_ENV: "poc", CREATE_AI_API_NAME: "team7" }, "wss://apiws-team7-poc.aiml.asu.edu/", "https://api-team7-poc.aiml.asu.edu/"],
    [{ CREATE_AI_WS_URL: "ws://127.0.0.1:9999/x", CREATE_AI_REST_URL: "http://127.0.0.1:9998/" }, "ws://127.0.0.1:9999/x", "http://127.0.0.1:9998/"],
  ])("derives hosts from %j", (vars, ws, rest) => {
    const config = loadCreateAIConfig({ CREATE_AI_API_TOKEN: "tok", CREATE_AI_PROJECT_ID: "p", ...vars });
    expect(config.upstream).toBe("createai");
    expect(config.wsBaseUrl).toBe(ws);
    expect(config.restBaseUrl).toBe(rest);
  });

  it.each([
    [{ CREATE_AI_API_TOKEN: "tok" }, "CREATE_AI_PROJECT_ID is required"],
    [{ CREATE_AI_ENV: "staging" }, "CREATE_AI_ENV must be prod, beta or poc"],
    [{ CREATE_AI_WS_URL: "http://x" }, "CREATE_AI_WS_URL must start with ws:// or wss://"],
    [{ CREATE_AI_IDLE_TIMEOUT_MS: "soon" }, "CREATE_AI_IDLE_TIMEOUT_MS must be a positive whole number"],
  ])("names the variable at fault in %j", (vars, message) => {
    expect(() => loadCreateAIConfig(vars)).toThrow(message);
  });

  it("never quotes a variable's value in its error", () => {
    expect(() => loadCreateAIConfig({ CREATE_AI_API_TOKEN: "secret-token-123" })).toThrow(/^(?!.*secret-token-123)/s);
  });
});

describe("buildWebSocketUrl", () => {
  it("appends the token as access_token, encoded", () => {
    expect(buildWebSocketUrl({ wsBaseUrl: "wss://apiws-main.aiml.asu.edu/", token: "a.b+c" })).toBe(
      "wss://apiws-main.aiml.asu.edu/?access_token=a.b%2Bc",
    );
  });
});
