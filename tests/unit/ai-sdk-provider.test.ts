/**
 * The CreateAI provider for the AI SDK, driven through `streamText` and `generateText` against the
 * real stand-in over a real socket.
 */
import { pickSources } from "@/scripts/standin/sources";
import { APICallError, InvalidPromptError, LoadAPIKeyError, LoadSettingError, NoSuchModelError } from "@ai-sdk/provider";
import { generateText, jsonSchema, streamText, tool, type TextStreamPart, type ToolSet } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createai, createCreateAI, createAIErrorData, type CreateAIProviderMetadata } from "@/lib/ai-sdk";
import { silentLogger } from "@/lib/chat-stream/logger";
import { loadCreateAIConfig } from "@/lib/createai/config";
import { composeAnswer, startStandin, type Standin } from "@/scripts/standin/server";

const TOKEN = "ai-sdk-token-31";
let standin: Standin;
let provider: ReturnType<typeof createCreateAI>;

// The AI SDK prints every warning to the console unless told not to.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

function configFor(token: string, extra: Record<string, string> = {}) {
  return loadCreateAIConfig({ CREATE_AI_API_TOKEN: token, CREATE_AI_PROJECT_ID: "ai-sdk-project", CREATE_AI_WS_URL: standin.url, ...extra });
}

async function partsOf(stream: AsyncIterable<TextStreamPart<ToolSet>>): Promise<TextStreamPart<ToolSet>[]> {
  const parts: TextStreamPart<ToolSet>[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

beforeAll(async () => {
  standin = await startStandin({ port: 0, token: TOKEN, paceMs: 1 });
  provider = createCreateAI({ config: configFor(TOKEN), logger: silentLogger });
});
afterAll(() => standin.close());
afterEach(() => vi.unstubAllEnvs());

describe("streamText and generateText with createai(…)", () => {
  it("streamText yields the stand-in's whole answer, then finishes with stop", async () => {
    const result = streamText({ model: provider("claude4_5_sonnet"), prompt: "What is photosynthesis?" });
    let text = "";
    for await (const piece of result.textStream) text += piece;
    expect(text).toBe(composeAnswer("What is photosynthesis?", 1));
    expect(await result.finishReason).toBe("stop");
    const response = await result.response;
    const metadata = (await result.providerMetadata)?.createai as CreateAIProviderMetadata;
    expect(response.id).toBe(metadata.messageId);
    expect(response.modelId).toBe("aws/claude4_5_sonnet");
    expect(metadata).toMatchObject({ upstream: "createai", sessionId: standin.requests.at(-1)?.session_id });
  });

  it("generateText returns the stand-in's whole answer", async () => {
    const result = await generateText({ model: provider("claude4_5_sonnet"), prompt: "Define osmosis." });
    expect(result.text).toBe(composeAnswer("Define osmosis.", 1));
    expect(result.finishReason).toBe("stop");
    expect(result.warnings).toEqual([]);
    // The stand-in reports no usage: every count is unknown, not zero.
    expect(result.usage.inputTokens).toBeUndefined();
    expect(result.usage.outputTokens).toBeUndefined();
  });

  it("maps the conversation to CreateAI's query, history and system prompt", async () => {
    const model = createCreateAI({ config: configFor(TOKEN), logger: silentLogger, systemPrompt: "You tutor biology." })("openai/gpt4o");
    const result = await generateText({
      model,
      system: "Answer in one paragraph.",
      temperature: 0.4,
      messages: [
        { role: "user", content: "What is a cell?" },
        { role: "assistant", content: "The smallest unit of life." },
        { role: "user", content: [{ type: "text", text: "And a tissue?" }] },
      ],
    });
    expect(result.text).toBe(composeAnswer("And a tissue?", 2));
    expect(standin.requests.at(-1)).toMatchObject({
      action: "query",
      request_source: "override_params",
      query: "And a tissue?",
      project_id: "ai-sdk-project",
      model_provider: "openai",
      model_name: "gpt4o",
      model_params: {
        system_prompt: "You tutor biology.\n\nAnswer in one paragraph.",
        temperature: 0.4,
        history: [{ query: "What is a cell?", response: "The smallest unit of life." }],
      },
      response_format: { type: "json" },
    });
  });

  it("gives each call a new CreateAI session unless providerOptions.createai.sessionId names one", async () => {
    await generateText({ model: provider("claude4_5_sonnet"), prompt: "One" });
    const first = standin.requests.at(-1)?.session_id;
    await generateText({ model: provider("claude4_5_sonnet"), prompt: "Two" });
    expect(standin.requests.at(-1)?.session_id).not.toBe(first);

    await generateText({ model: provider("claude4_5_sonnet"), prompt: "Three", providerOptions: { createai: { sessionId: "session-42" } } });
    expect(standin.requests.at(-1)?.session_id).toBe("session-42");
  });

  it("takes a bare model id's provider from the settings", async () => {
    await generateText({ model: createCreateAI({ config: configFor(TOKEN), logger: silentLogger, modelProvider: "gcp-deepmind" })("gemini2_5_flash"), prompt: "Hi" });
    expect(standin.requests.at(-1)).toMatchObject({ model_provider: "gcp-deepmind", model_name: "gemini2_5_flash" });
  });

  it("returns CreateAI's search sources as sources when enableSearch is on", async () => {
    const result = await generateText({ model: provider("claude4_5_sonnet"), prompt: "Find it", providerOptions: { createai: { enableSearch: true } } });
    expect(standin.requests.at(-1)).toMatchObject({ model_params: { enable_search: true } });
    // One source per item the stand-in found: a URL source where it has a link, a document otherwise.
    expect(result.sources.map((source) => (source.sourceType === "url" ? source.url : source.title))).toEqual(
      pickSources("Find it").map((source) => source.source_url ?? source.source_name),
    );
  });

  it("reports settings CreateAI has no equivalent of as warnings, and still answers", async () => {
    const result = await generateText({
      model: provider("claude4_5_sonnet"),
      prompt: "Hi",
      topK: 5,
      topP: 0.9,
      maxOutputTokens: 100,
      seed: 7,
      stopSequences: ["END"],
      temperature: 1.5,
    });
    expect(result.text).toBe(composeAnswer("Hi", 1));
    expect((result.warnings ?? []).map((warning) => ("feature" in warning ? warning.feature : warning.message)).sort()).toEqual(
      ["maxOutputTokens", "seed", "stopSequences", "temperature", "topK", "topP"],
    );
    expect(result.warnings).toContainEqual(expect.objectContaining({ type: "compatibility", feature: "temperature" }));
    expect(standin.requests.at(-1)).toMatchObject({ model_params: { temperature: 0.99 } });
  });

  it("warns when a long conversation's oldest turns are left out, and sends the newest", async () => {
    const turns = Array.from({ length: 60 }, (_, index) => [
      { role: "user" as const, content: `Question ${index}` },
      { role: "assistant" as const, content: `Answer ${index}` },
    ]).flat();
    const result = await generateText({ model: provider("claude4_5_sonnet"), messages: [...turns, { role: "user", content: "Latest" }] });
    expect(result.warnings).toContainEqual({ type: "other", message: expect.stringContaining("latest 50 of 60 earlier turns") });
    const history = (standin.requests.at(-1)?.model_params as { history: Array<{ query: string }> }).history;
    expect(history.at(0)?.query).toBe("Question 10");
    expect(history.at(-1)?.query).toBe("Question 59");
  });

  it("warns about tools and answers without them", async () => {
    const result = await generateText({
      model: provider("claude4_5_sonnet"),
      prompt: "Weather?",
      tools: { weather: tool({ description: "Today's weather", inputSchema: jsonSchema<{ city: string }>({ type: "object", properties: { city: { type: "string" } } }) }) },
    });
    expect(result.text).toBe(composeAnswer("Weather?", 1));
    expect(result.warnings).toContainEqual(expect.objectContaining({ type: "unsupported", feature: "tools" }));
  });
});

describe("aborting", () => {
  it("closes the upstream socket when the abortSignal fires mid-answer", async () => {
    const abort = new AbortController();
    const result = streamText({ model: provider("claude4_5_sonnet"), prompt: "/demo slow", abortSignal: abort.signal });
    const types: string[] = [];
    for await (const part of result.fullStream) {
      types.push(part.type);
      if (part.type === "text-delta") abort.abort();
    }
    expect(types.at(-1)).toBe("abort");
    await standin.whenIdle();
    expect(standin.openSockets()).toBe(0);
  });

  it("closes the upstream socket when the reader cancels the model's stream", async () => {
    const { stream } = await provider("claude4_5_sonnet").doStream({ prompt: [{ role: "user", content: [{ type: "text", text: "/demo slow" }] }] });
    const reader = stream.getReader();
    expect((await reader.read()).value?.type).toBe("stream-start");
    await reader.cancel();
    await standin.whenIdle();
    expect(standin.openSockets()).toBe(0);
  });

  it("rejects with the abort reason when aborted before the answer began", async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(generateText({ model: provider("claude4_5_sonnet"), prompt: "Hi", abortSignal: abort.signal })).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("failures as the AI SDK's errors", () => {
  it("ends the stream with a retryable APICallError, and finish reason error, when the answer breaks off", async () => {
    const result = streamText({ model: provider("claude4_5_sonnet"), prompt: "/fault drop-mid-answer", onError: () => undefined });
    const parts = await partsOf(result.fullStream);
    const error = parts.find((part) => part.type === "error")?.error;
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ isRetryable: true });
    expect(createAIErrorData(error)?.code).toBe("upstream_closed");
    expect(parts.some((part) => part.type === "text-delta")).toBe(true);
    expect(await result.finishReason).toBe("error");
  });

  it("generateText rejects, rather than returning part of an answer, when it breaks off", async () => {
    const failure = generateText({ model: provider("claude4_5_sonnet"), prompt: "/fault drop-mid-answer", maxRetries: 0 });
    await expect(failure).rejects.toBeInstanceOf(APICallError);
    await expect(failure).rejects.toMatchObject({ isRetryable: true });
  });

  it("a refused token is an APICallError that is not retried, and its URL carries no token", async () => {
    const refused = createCreateAI({ config: configFor("wrong-token-77"), logger: silentLogger });
    const before = standin.connectionAttempts();
    const error = await generateText({ model: refused("claude4_5_sonnet"), prompt: "Hi" }).catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ isRetryable: false, message: expect.stringContaining("refused this app's credentials") });
    expect(createAIErrorData(error)?.code).toBe("upstream_unauthorized");
    expect((error as APICallError).url).not.toContain("wrong-token-77");
    // The AI SDK retries twice by default: a non-retryable error is tried once only.
    expect(standin.connectionAttempts() - before).toBe(1);
  });

  it("an upstream error before any text rejects doStream with a retryable APICallError", async () => {
    const failure = provider("claude4_5_sonnet").doStream({ prompt: [{ role: "user", content: [{ type: "text", text: "/fault gateway-error" }] }] });
    await expect(failure).rejects.toBeInstanceOf(APICallError);
    await expect(failure).rejects.toMatchObject({ isRetryable: true, data: { code: "upstream_error" } });
  });

  it("refuses a prompt that does not end with a question, without calling CreateAI", async () => {
    const before = standin.connectionAttempts();
    await expect(
      generateText({ model: provider("claude4_5_sonnet"), messages: [{ role: "user", content: "Hi" }, { role: "assistant", content: "Hello" }] }),
    ).rejects.toBeInstanceOf(InvalidPromptError);
    expect(standin.connectionAttempts()).toBe(before);
  });

  it("refuses a query over CreateAI's 128 KB message limit without calling CreateAI", async () => {
    const before = standin.connectionAttempts();
    const error = await generateText({ model: provider("claude4_5_sonnet"), prompt: "学".repeat(50_000) }).catch((caught: unknown) => caught);
    expect(createAIErrorData(error)?.code).toBe("payload_too_large");
    expect(error).toMatchObject({ isRetryable: false });
    expect(standin.connectionAttempts()).toBe(before);
  });
});

describe("settings from the environment", () => {
  it("the default createai reads CREATE_AI_* at each call", async () => {
    vi.stubEnv("CREATE_AI_API_TOKEN", TOKEN);
    vi.stubEnv("CREATE_AI_PROJECT_ID", "from-env");
    vi.stubEnv("CREATE_AI_WS_URL", standin.url);
    const result = await generateText({ model: createai("claude4_5_sonnet"), prompt: "From the environment" });
    expect(result.text).toBe(composeAnswer("From the environment", 1));
    expect(standin.requests.at(-1)).toMatchObject({ project_id: "from-env" });
  });

  it("settings override the environment", async () => {
    const overridden = createCreateAI({ env: {}, apiToken: TOKEN, projectId: "from-settings", wsUrl: standin.url, logger: silentLogger });
    await generateText({ model: overridden("claude4_5_sonnet"), prompt: "Overridden" });
    expect(standin.requests.at(-1)).toMatchObject({ project_id: "from-settings" });
  });

  it("with no token it answers from the local stand-in, as the route does", async () => {
    const local = await startStandin({ port: 0, paceMs: 1 });
    try {
      const result = await generateText({ model: createCreateAI({ env: { CREATE_AI_WS_URL: local.url }, logger: silentLogger })("claude4_5_sonnet"), prompt: "Local?" });
      expect(result.text).toBe(composeAnswer("Local?", 1));
      expect((result.providerMetadata?.createai as CreateAIProviderMetadata).upstream).toBe("local");
    } finally {
      await local.close();
    }
  });

  it("production without a token is LoadAPIKeyError; a malformed setting is LoadSettingError", async () => {
    const production = createCreateAI({ env: { NODE_ENV: "production" } })("claude4_5_sonnet");
    await expect(generateText({ model: production, prompt: "Hi" })).rejects.toBeInstanceOf(LoadAPIKeyError);
    const malformed = createCreateAI({ env: {}, wsUrl: "http://not-a-socket" })("claude4_5_sonnet");
    await expect(generateText({ model: malformed, prompt: "Hi" })).rejects.toBeInstanceOf(LoadSettingError);
  });

  it("serves language models only", () => {
    expect(provider.languageModel("claude4_5_sonnet")).toMatchObject({ specificationVersion: "v3", provider: "createai.chat", modelId: "claude4_5_sonnet" });
    expect(() => provider.embeddingModel("titan")).toThrow(NoSuchModelError);
    expect(() => provider.imageModel("nova-canvas")).toThrow(NoSuchModelError);
  });
});

describe("files in a prompt", () => {
  it("leaves a file out with a warning, and tells the AI SDK there is nothing to download", async () => {
    const fetches: string[] = [];
    const result = await generateText({
      model: provider("claude4_5_sonnet"),
      messages: [{ role: "user", content: [{ type: "image", image: new URL("http://127.0.0.1:9/never-fetched.png") }, { type: "text", text: "What is this?" }] }],
      experimental_download: async (requests) => {
        // The AI SDK's own download skips what the model takes by URL; this one records what it would fetch.
        fetches.push(...requests.filter((request) => !request.isUrlSupportedByModel).map((request) => request.url.toString()));
        return requests.map(() => null);
      },
    });
    expect(result.text).toBe(composeAnswer("What is this?", 1));
    expect(result.warnings).toContainEqual(expect.objectContaining({ type: "unsupported", feature: "file parts" }));
    expect(fetches).toEqual([]);
    expect(standin.requests.at(-1)).toMatchObject({ query: "What is this?" });
  });
});
