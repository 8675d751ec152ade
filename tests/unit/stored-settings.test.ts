import { describe, expect, it } from "vitest";
import { DEFAULT_DEMO_SETTINGS } from "@/components/ws-demo/SettingsPanel";
import { parseStoredSettings } from "@/components/ws-demo/use-stored-settings";
import { REQUEST_LIMITS } from "@/lib/chat-stream/request-schema";

const stored = (settings: object) => JSON.stringify({ ...DEFAULT_DEMO_SETTINGS, ...settings });

describe("the demo's stored settings", () => {
  it("reads back what was saved, search included", () => {
    const saved = { provider: "openai", modelName: "gpt4o", systemPrompt: "Be brief.", temperature: 0.2, enableSearch: true };
    expect(parseStoredSettings(JSON.stringify(saved))).toEqual(saved);
  });

  it("fills a field saved by an older version with its default", () => {
    expect(parseStoredSettings(JSON.stringify({ provider: "", modelName: "", systemPrompt: "", temperature: 0.3 }))).toEqual({
      ...DEFAULT_DEMO_SETTINGS,
      temperature: 0.3,
    });
  });

  it.each([
    ["not JSON", "{"],
    ["nothing", null],
    ["a system prompt the route would refuse", stored({ systemPrompt: "x".repeat(REQUEST_LIMITS.maxSystemPromptChars + 1) })],
    ["a model the picker does not offer", stored({ provider: "openai", modelName: "gpt99" })],
    ["a temperature out of range", stored({ temperature: 2 })],
  ])("gives the defaults for %s", (_name, raw) => {
    expect(parseStoredSettings(raw)).toBeUndefined();
  });
});
