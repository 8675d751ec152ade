"use client";
/**
 * The demo's request settings: model, system prompt, temperature and search of the course
 * materials, used from the next question on. "Server default" leaves the choice to the server's
 * CREATE_AI_MODEL_* settings. Shown in the chat's settings panel, which gives it its heading.
 */
import { useId } from "react";
import { REQUEST_LIMITS } from "@/lib/chat-stream/request-schema";
import { CREATEAI_MODELS, modelsOf } from "./createai-models";

export interface DemoSettings {
  /** Empty: the server's default model. */
  provider: string;
  modelName: string;
  systemPrompt: string;
  temperature: number;
  /** Search the project's course materials and list the sources under each answer. */
  enableSearch: boolean;
}

export const DEFAULT_DEMO_SETTINGS: DemoSettings = { provider: "", modelName: "", systemPrompt: "", temperature: 0.5, enableSearch: false };

const fieldClass =
  "w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm focus-visible:border-maroon-700 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-maroon-700/40 dark:border-zinc-700 dark:bg-zinc-950 dark:focus-visible:border-maroon-300 dark:focus-visible:outline-maroon-300/40";
const labelClass = "mb-1 block text-sm font-medium text-zinc-800 dark:text-zinc-200";

export function SettingsPanel({ settings, onChange }: { settings: DemoSettings; onChange: (next: DemoSettings) => void }) {
  const ids = { provider: useId(), model: useId(), prompt: useId(), temperature: useId(), hint: useId(), search: useId(), searchHint: useId(), modelHint: useId() };
  const models = modelsOf(settings.provider);

  function chooseProvider(provider: string): void {
    onChange({ ...settings, provider, modelName: modelsOf(provider)[0]?.name ?? "" });
  }

  return (
    <div className="flex flex-col gap-5">
      <SearchSwitch
        id={ids.search}
        hintId={ids.searchHint}
        checked={settings.enableSearch}
        onChange={(enableSearch) => onChange({ ...settings, enableSearch })}
      />
      <div>
        <label htmlFor={ids.provider} className={labelClass}>
          Model provider
        </label>
        <select id={ids.provider} data-testid="model-provider" value={settings.provider} onChange={(event) => chooseProvider(event.target.value)} className={fieldClass}>
          <option value="">Server default</option>
          {CREATEAI_MODELS.map((choice) => (
            <option key={choice.provider} value={choice.provider}>
              {choice.label}
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
          aria-describedby={ids.modelHint}
          onChange={(event) => onChange({ ...settings, modelName: event.target.value })}
          className={`${fieldClass} disabled:opacity-60`}
        >
          {settings.provider === "" ? (
            <option value="">Server default</option>
          ) : (
            models.map((model) => (
              <option key={model.name} value={model.name}>
                {model.label}
              </option>
            ))
          )}
        </select>
        {/* CreateAI's own names are long and unbroken: they wrap here instead of being cut inside the select. */}
        <p id={ids.modelHint} className="mt-1 text-xs break-words text-zinc-600 dark:text-zinc-400">
          {settings.provider === "" ? (
            "The model the server is configured with."
          ) : (
            <>
              Sent as <code className="font-mono">{settings.provider}</code> / <code className="font-mono break-all">{settings.modelName}</code>
            </>
          )}
        </p>
      </div>
      <div>
        <label htmlFor={ids.prompt} className={labelClass}>
          System prompt
        </label>
        <textarea
          id={ids.prompt}
          data-testid="system-prompt"
          rows={4}
          maxLength={REQUEST_LIMITS.maxSystemPromptChars}
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
    </div>
  );
}

/** A switch (`role="switch"`): on or off takes effect from the next question, like the other settings. */
function SearchSwitch({ id, hintId, checked, onChange }: { id: string; hintId: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div className="flex items-start justify-between gap-4">
      <div>
        <label htmlFor={id} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Search course materials
        </label>
        <p id={hintId} className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
          Answers draw on the course&apos;s files and list their sources.
        </p>
      </div>
      <button
        id={id}
        type="button"
        role="switch"
        data-testid="search-toggle"
        aria-checked={checked}
        aria-describedby={hintId}
        onClick={() => onChange(!checked)}
        className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-maroon-700 dark:focus-visible:outline-maroon-300 ${checked ? "bg-maroon-700 dark:bg-maroon-400" : "bg-zinc-400 dark:bg-zinc-600"}`}
      >
        <span aria-hidden="true" className={`inline-block size-5 rounded-full bg-white shadow transition-transform ${checked ? "translate-x-5.5" : "translate-x-0.5"}`} />
      </button>
    </div>
  );
}
