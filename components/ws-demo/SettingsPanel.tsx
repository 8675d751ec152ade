"use client";
/**
 * The demo's request settings: model, system prompt and temperature, used from the next
 * question on. "Server default" leaves the choice to the server's CREATE_AI_MODEL_* settings.
 */
import { useId } from "react";
import { CREATEAI_MODELS, modelsOf } from "./createai-models";

export interface DemoSettings {
  /** Empty: the server's default model. */
  provider: string;
  modelName: string;
  systemPrompt: string;
  temperature: number;
}

export const DEFAULT_DEMO_SETTINGS: DemoSettings = { provider: "", modelName: "", systemPrompt: "", temperature: 0.5 };

const fieldClass =
  "w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm focus-visible:border-maroon-700 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-maroon-700/40 dark:border-zinc-700 dark:bg-zinc-950 dark:focus-visible:border-maroon-300 dark:focus-visible:outline-maroon-300/40";
const labelClass = "mb-1 block text-sm font-medium text-zinc-800 dark:text-zinc-200";

export function SettingsPanel({ settings, onChange }: { settings: DemoSettings; onChange: (next: DemoSettings) => void }) {
  const ids = { provider: useId(), model: useId(), prompt: useId(), temperature: useId(), hint: useId() };
  const models = modelsOf(settings.provider);

  function chooseProvider(provider: string): void {
    onChange({ ...settings, provider, modelName: modelsOf(provider)[0]?.name ?? "" });
  }

  return (
    <section aria-labelledby={`${ids.provider}-heading`} className="flex flex-col gap-4">
      <h2 id={`${ids.provider}-heading`} className="text-base font-semibold">
        Settings
      </h2>
      <div>
        <label htmlFor={ids.provider} className={labelClass}>
          Model provider
        </label>
        <select id={ids.provider} data-testid="model-provider" value={settings.provider} onChange={(event) => chooseProvider(event.target.value)} className={fieldClass}>
          <option value="">Server default</option>
          {CREATEAI_MODELS.map((choice) => (
            <option key={choice.provider} value={choice.provider}>
              {choice.label} ({choice.provider})
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={ids.model} className={labelClass}>
          Model
        </label>
        <select
          id={ids.model}
          data-testid="model-name"
          value={settings.modelName}
          disabled={settings.provider === ""}
          onChange={(event) => onChange({ ...settings, modelName: event.target.value })}
          className={`${fieldClass} disabled:opacity-60`}
        >
          {settings.provider === "" ? (
            <option value="">Server default</option>
          ) : (
            models.map((model) => (
              <option key={model.name} value={model.name}>
                {model.label} ({model.name})
              </option>
            ))
          )}
        </select>
      </div>
      <div>
        <label htmlFor={ids.prompt} className={labelClass}>
          System prompt
        </label>
        <textarea
          id={ids.prompt}
          data-testid="system-prompt"
          rows={4}
          value={settings.systemPrompt}
          placeholder="You are a friendly study coach…"
          onChange={(event) => onChange({ ...settings, systemPrompt: event.target.value })}
          className={`${fieldClass} resize-y placeholder:text-zinc-500 dark:placeholder:text-zinc-400`}
        />
      </div>
      <div>
        <label htmlFor={ids.temperature} className={`${labelClass} flex justify-between`}>
          <span>Temperature</span>
          <output htmlFor={ids.temperature} className="font-mono tabular-nums">
            {settings.temperature.toFixed(2)}
          </output>
        </label>
        <input
          id={ids.temperature}
          data-testid="temperature"
          type="range"
          min={0}
          max={0.99}
          step={0.01}
          value={settings.temperature}
          aria-describedby={ids.hint}
          onChange={(event) => onChange({ ...settings, temperature: Number(event.target.value) })}
          className="w-full accent-maroon-700 dark:accent-maroon-300"
        />
        <p id={ids.hint} className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
          Lower is more focused, higher more varied. Applies from the next question on.
        </p>
      </div>
    </section>
  );
}
