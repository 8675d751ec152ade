/**
 * Which CreateAI models callers may pick. Every answer spends the project's quota, so by default
 * only the configured model is allowed; WS_CHAT_ALLOWED_MODELS adds others. The local stand-in
 * spends no quota, so there any model may be asked for (the demo page's model list works).
 */
export interface ModelRef {
  provider: string;
  name: string;
}

export type ModelCheck = { ok: true } | { ok: false; message: string };

/** `provider/name` entries, e.g. `aws/claude4_5_sonnet,openai/gpt4o`; blank entries are ignored. */
export function parseAllowedModels(value: string | undefined): ModelRef[] | undefined {
  const entries = (value ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  const models: ModelRef[] = [];
  for (const entry of entries) {
    const [provider, name, ...rest] = entry.split("/").map((part) => part.trim());
    if (!provider || !name || rest.length > 0) return undefined;
    models.push({ provider, name });
  }
  return models;
}

export function checkModel(
  requested: ModelRef | undefined,
  configured: ModelRef,
  allowed: readonly ModelRef[],
  upstream: "createai" | "local",
): ModelCheck {
  if (requested === undefined || upstream === "local") return { ok: true };
  const same = (model: ModelRef) => model.provider === requested.provider && model.name === requested.name;
  if (same(configured) || allowed.some(same)) return { ok: true };
  const names = [configured, ...allowed].map((model) => `${model.provider}/${model.name}`).join(", ");
  return { ok: false, message: `model ${requested.provider}/${requested.name} is not allowed here; allowed: ${names} (WS_CHAT_ALLOWED_MODELS).` };
}
