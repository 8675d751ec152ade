"use client";
/**
 * The demo's settings, kept in `localStorage` so a reload or a later visit asks the same way.
 * Read after hydration (the server renders the defaults) and validated: storage may hold an
 * older shape or anything else, which simply gives the defaults.
 */
import { useEffect, useState } from "react";
import { z } from "zod";
import { browserStorage, readItem, writeItem } from "@/lib/chat-client/safe-storage";
import { REQUEST_LIMITS } from "@/lib/chat-stream/request-schema";
import { modelsOf } from "./createai-models";
import { DEFAULT_DEMO_SETTINGS, type DemoSettings } from "./SettingsPanel";

const SETTINGS_STORAGE_KEY = "createai-chat:v2:ws-demo-settings";

// Held to what the route accepts and the pickers offer: a stored value the route would refuse
// would fail every question until the student found it in the settings.
const storedSettingsSchema = z
  .object({
    provider: z.string(),
    modelName: z.string(),
    systemPrompt: z.string().max(REQUEST_LIMITS.maxSystemPromptChars),
    temperature: z.number().min(0).max(0.99),
    enableSearch: z.boolean(),
  })
  .refine(
    (settings) => (settings.provider === "" ? settings.modelName === "" : modelsOf(settings.provider).some((model) => model.name === settings.modelName)),
    "a model the picker does not offer",
  );

export function parseStoredSettings(raw: string | null | undefined): DemoSettings | undefined {
  if (!raw) return undefined;
  try {
    // Fields added later fall back to their defaults rather than discarding the rest.
    const parsed = storedSettingsSchema.safeParse({ ...DEFAULT_DEMO_SETTINGS, ...(JSON.parse(raw) as object) });
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function useStoredSettings(): [DemoSettings, (next: DemoSettings) => void] {
  const [settings, setSettings] = useState<DemoSettings>(DEFAULT_DEMO_SETTINGS);

  useEffect(() => {
    const stored = parseStoredSettings(readItem(browserStorage(), SETTINGS_STORAGE_KEY));
    if (stored) setSettings(stored);
  }, []);

  function change(next: DemoSettings): void {
    setSettings(next);
    writeItem(browserStorage(), SETTINGS_STORAGE_KEY, JSON.stringify(next));
  }

  return [settings, change];
}
