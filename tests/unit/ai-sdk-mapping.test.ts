/**
 * The pure parts of the AI SDK provider: prompt → CreateAI messages, call settings → warnings,
 * metadata → usage, our events → stream parts. Tables of inputs, no I/O.
 */
import { InvalidPromptError, type LanguageModelV3CallOptions, type LanguageModelV3Prompt } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { checkCallOptions } from "@/lib/ai-sdk/call-options";
import { mapPromptToMessages } from "@/lib/ai-sdk/prompt-mapping";
import { resolveModelRef } from "@/lib/ai-sdk/settings";
import { createStreamPartTranslator } from "@/lib/ai-sdk/stream-parts";
import { UNKNOWN_USAGE, usageFromMetadata } from "@/lib/ai-sdk/usage";

const user = (text: string) => ({ role: "user" as const, content: [{ type: "text" as const, text }] });
const assistant = (text: string) => ({ role: "assistant" as const, content: [{ type: "text" as const, text }] });

describe("mapPromptToMessages", () => {
  it.each<[string, LanguageModelV3Prompt, Array<{ role: string; content: string }>]>([
    ["a single question", [user("Hi")], [{ role: "user", content: "Hi" }]],
    [
      "system messages, wherever they are, and the question last",
      [{ role: "system", content: "Be brief." }, user("Q1"), assistant("A1"), user("Q2"), { role: "system", content: "Use Markdown." }],
      [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Q1" },
        { role: "assistant", content: "A1" },
        { role: "system", content: "Use Markdown." },
        { role: "user", content: "Q2" },
      ],
    ],
    ["several text parts as paragraphs", [{ role: "user", content: [{ type: "text", text: "One" }, { type: "text", text: "Two" }] }], [{ role: "user", content: "One\n\nTwo" }]],
    [
      "one answer split by a tool step as one response",
      [
        user("Q"),
        { role: "assistant", content: [{ type: "text", text: "Part 1" }, { type: "tool-call", toolCallId: "c", toolName: "t", input: {} }] },
        { role: "tool", content: [{ type: "tool-result", toolCallId: "c", toolName: "t", output: { type: "text", value: "r" } }] },
        assistant("Part 2"),
        user("Next"),
      ],
      [
        { role: "user", content: "Q" },
        { role: "assistant", content: "Part 1\n\nPart 2" },
        { role: "user", content: "Next" },
      ],
    ],
    [
      "reasoning left out",
      [user("Q"), { role: "assistant", content: [{ type: "reasoning", text: "thinking" }, { type: "text", text: "A" }] }, user("Q2")],
      [
        { role: "user", content: "Q" },
        { role: "assistant", content: "A" },
        { role: "user", content: "Q2" },
      ],
    ],
  ])("maps %s", (_name, prompt, expected) => {
    expect(mapPromptToMessages(prompt).messages).toEqual(expected);
  });

  it("leaves files and tools out with one warning each", () => {
    const { messages, warnings } = mapPromptToMessages([
      { role: "user", content: [{ type: "file", data: "aGk=", mediaType: "image/png" }, { type: "text", text: "What is this?" }] },
      { role: "assistant", content: [{ type: "tool-call", toolCallId: "c", toolName: "t", input: {} }] },
      { role: "tool", content: [{ type: "tool-result", toolCallId: "c", toolName: "t", output: { type: "text", value: "r" } }] },
      { role: "user", content: [{ type: "file", data: "aGk=", mediaType: "application/pdf" }, { type: "text", text: "And this?" }] },
    ]);
    expect(messages).toEqual([
      { role: "user", content: "What is this?" },
      { role: "user", content: "And this?" },
    ]);
    expect(warnings.map((warning) => ("feature" in warning ? warning.feature : ""))).toEqual(["file parts", "tool calls and results"]);
  });

  it.each<[string, LanguageModelV3Prompt]>([
    ["an empty prompt", []],
    ["only a system message", [{ role: "system", content: "Be brief." }]],
    ["an assistant message last", [user("Q"), assistant("A")]],
    ["a question that is only a file", [{ role: "user", content: [{ type: "file", data: "aGk=", mediaType: "image/png" }] }]],
    ["a question of blanks", [user("   ")]],
  ])("refuses %s as InvalidPromptError", (_name, prompt) => {
    expect(() => mapPromptToMessages(prompt)).toThrow(InvalidPromptError);
  });
});

describe("checkCallOptions", () => {
  const prompt: LanguageModelV3Prompt = [user("Hi")];
  const check = (options: Partial<LanguageModelV3CallOptions>) => checkCallOptions({ prompt, ...options });

  it("passes temperature and has nothing to say about a plain call (the AI SDK's user-agent header included)", async () => {
    expect(await check({ temperature: 0.3, headers: { "user-agent": "ai/6" } })).toEqual({ temperature: 0.3, providerOptions: {}, warnings: [] });
  });

  it.each<[string, Partial<LanguageModelV3CallOptions>]>([
    ["maxOutputTokens", { maxOutputTokens: 10 }],
    ["stopSequences", { stopSequences: ["x"] }],
    ["topP", { topP: 0.5 }],
    ["topK", { topK: 3 }],
    ["presencePenalty", { presencePenalty: 1 }],
    ["frequencyPenalty", { frequencyPenalty: 1 }],
    ["seed", { seed: 1 }],
    ["responseFormat", { responseFormat: { type: "json" } }],
    ["tools", { tools: [{ type: "function", name: "t", inputSchema: { type: "object" } }] }],
    ["toolChoice", { toolChoice: { type: "required" } }],
    ["includeRawChunks", { includeRawChunks: true }],
    ["headers", { headers: { "x-custom": "1" } }],
  ])("warns that %s is unsupported", async (feature, options) => {
    expect((await check(options)).warnings).toEqual([expect.objectContaining({ type: "unsupported", feature })]);
  });

  it.each([
    [1.5, 0.99],
    [-0.2, 0],
  ])("sends temperature %s as %s, with a warning", async (asked, sent) => {
    const checked = await check({ temperature: asked });
    expect(checked.temperature).toBe(sent);
    expect(checked.warnings).toEqual([expect.objectContaining({ type: "compatibility", feature: "temperature" })]);
  });

  it("reads providerOptions.createai and refuses malformed ones", async () => {
    expect((await check({ providerOptions: { createai: { sessionId: "s-1", enableSearch: true }, openai: { user: "x" } } })).providerOptions).toEqual({
      sessionId: "s-1",
      enableSearch: true,
    });
    await expect(check({ providerOptions: { createai: { enableSearch: "yes" } } })).rejects.toThrow();
  });
});

describe("resolveModelRef", () => {
  it.each([
    ["claude4_5_sonnet", "aws", { provider: "aws", name: "claude4_5_sonnet" }],
    ["openai/gpt4o", "aws", { provider: "openai", name: "gpt4o" }],
    ["gcp-deepmind/gemini2_5_pro", "aws", { provider: "gcp-deepmind", name: "gemini2_5_pro" }],
    ["gpt4o", "openai", { provider: "openai", name: "gpt4o" }],
    ["/odd", "aws", { provider: "aws", name: "/odd" }],
    ["odd/", "aws", { provider: "aws", name: "odd/" }],
  ])("reads %s (default provider %s)", (modelId, defaultProvider, expected) => {
    expect(resolveModelRef(modelId, defaultProvider)).toEqual(expected);
  });
});

describe("usageFromMetadata", () => {
  it.each<[string, unknown, number | undefined, number | undefined]>([
    ["no metadata", undefined, undefined, undefined],
    ["metadata without usage", { model_details: { inference_model: "m" } }, undefined, undefined],
    ["Anthropic's spelling", { usage: { input_tokens: 12, output_tokens: 34 } }, 12, 34],
    ["OpenAI's spelling", { usage: { prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 } }, 5, 6],
    ["Bedrock's spelling under model_details", { model_details: { usage: { inputTokens: 7, outputTokens: 8 } } }, 7, 8],
    ["malformed counts", { usage: { input_tokens: "12", output_tokens: -1 } }, undefined, undefined],
  ])("reads %s", (_name, metadata, input, output) => {
    const usage = usageFromMetadata(metadata);
    expect(usage.inputTokens.total).toBe(input);
    expect(usage.outputTokens.total).toBe(output);
  });

  it("keeps the raw record and does not guess the uncached share when cache figures are present", () => {
    const usage = usageFromMetadata({ usage: { input_tokens: 10, output_tokens: 2, cache_read_input_tokens: 4 } });
    expect(usage.inputTokens).toEqual({ total: 10, noCache: undefined, cacheRead: 4, cacheWrite: undefined });
    expect(usage.raw).toEqual({ input_tokens: 10, output_tokens: 2, cache_read_input_tokens: 4 });
    expect(usageFromMetadata(null)).toBe(UNKNOWN_USAGE);
  });
});

describe("createStreamPartTranslator", () => {
  const start = { type: "start", data: { messageId: "m-1", sessionId: "s-1", model: { provider: "aws", name: "claude" }, upstream: "local" } } as const;
  const at = new Date("2026-01-01T00:00:00Z");

  it("turns a whole answer into response-metadata, one text part, sources and a finish with stop", () => {
    const translator = createStreamPartTranslator(() => at);
    const parts = [
      start,
      { type: "delta", data: { text: "Hel" } } as const,
      { type: "delta", data: { text: "" } } as const,
      { type: "delta", data: { text: "lo" } } as const,
      { type: "metadata", data: { sources: [{ source_name: "notes.pdf", page_number: 2 }], usage: { input_tokens: 3, output_tokens: 1 } } } as const,
      { type: "done", data: { text: "Hello", finishReason: "stop", timing: { firstTokenMs: 1, totalMs: 2 } } } as const,
    ].flatMap((event) => translator.fromEvent(event));
    expect(parts).toEqual([
      { type: "response-metadata", id: "m-1", modelId: "aws/claude", timestamp: at },
      { type: "text-start", id: "m-1" },
      { type: "text-delta", id: "m-1", delta: "Hel" },
      { type: "text-delta", id: "m-1", delta: "lo" },
      expect.objectContaining({ type: "source", sourceType: "document", title: "notes.pdf", mediaType: "application/pdf" }),
      { type: "text-end", id: "m-1" },
      {
        type: "finish",
        finishReason: { unified: "stop", raw: undefined },
        usage: usageFromMetadata({ usage: { input_tokens: 3, output_tokens: 1 } }),
        providerMetadata: {
          createai: {
            messageId: "m-1",
            sessionId: "s-1",
            upstream: "local",
            metadata: { sources: [{ source_name: "notes.pdf", page_number: 2 }], usage: { input_tokens: 3, output_tokens: 1 } },
          },
        },
      },
    ]);
  });

  it("ends a broken answer with error and a finish whose reason is error, leaving its text part open", () => {
    const translator = createStreamPartTranslator(() => at);
    translator.fromEvent(start);
    translator.fromEvent({ type: "delta", data: { text: "Half" } });
    const failure = new Error("lost");
    expect(translator.fail(failure, "upstream_closed")).toEqual([
      { type: "error", error: failure },
      expect.objectContaining({ type: "finish", finishReason: { unified: "error", raw: "upstream_closed" } }),
    ]);
  });
});
