/**
 * Reading the one JSON message a client sends (fields as in createai-protocol.md), and the
 * metadata a JSON-mode answer closes with.
 */
import { pickSources } from "./sources";

/** One earlier exchange, as CreateAI's `history` lists them. */
export interface HistoryTurn {
  query: string;
  response: string;
}

/** The parts of a payload the stand-in acts on. */
export interface QueryRequest {
  query: string;
  sessionId: string | undefined;
  /** `model_params.history` (or the top-level `history` some clients send); undefined if absent. */
  history: HistoryTurn[] | undefined;
  json: boolean;
  modelProvider: string | undefined;
  modelName: string | undefined;
  enableSearch: boolean;
}

/** A payload read: the request, or why it was refused; `raw` is the parsed object if there was one. */
export type PayloadReading =
  | { ok: true; raw: Record<string, unknown>; request: QueryRequest }
  | { ok: false; raw: Record<string, unknown> | undefined; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function readHistory(value: unknown): HistoryTurn[] | undefined | "invalid" {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return "invalid";
  const turns: HistoryTurn[] = [];
  for (const entry of value) {
    if (!isRecord(entry) || typeof entry.query !== "string" || typeof entry.response !== "string") return "invalid";
    turns.push({ query: entry.query, response: entry.response });
  }
  return turns;
}

export function readPayload(text: string): PayloadReading {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, raw: undefined, reason: "The message is not valid JSON." };
  }
  if (!isRecord(parsed)) return { ok: false, raw: undefined, reason: "The message must be a JSON object." };
  const raw = parsed;
  if (typeof raw.query !== "string" || raw.query.trim() === "") {
    return { ok: false, raw, reason: "The field 'query' is missing or empty." };
  }
  const modelParams = isRecord(raw.model_params) ? raw.model_params : {};
  const history = readHistory(modelParams.history ?? raw.history);
  if (history === "invalid") {
    return { ok: false, raw, reason: "The field 'history' must be a list of {query, response} strings." };
  }
  const responseFormat = isRecord(raw.response_format) ? raw.response_format : {};
  return {
    ok: true,
    raw,
    request: {
      query: raw.query,
      sessionId: optionalString(raw.session_id),
      history,
      json: responseFormat.type === "json",
      modelProvider: optionalString(raw.model_provider),
      modelName: optionalString(raw.model_name),
      enableSearch: (modelParams.enable_search ?? raw.enable_search) === true,
    },
  };
}

/**
 * The `metadata` of a JSON-mode `<EOS>` frame: the model, the turn, and when searching the
 * retrieved chunks under `sources` (createai-protocol.md, "Search sources in metadata").
 */
export function composeMetadata(request: QueryRequest, turn: number): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    model_details: {
      model_provider: request.modelProvider ?? "standin",
      inference_model: request.modelName ?? "standin",
    },
    session_id: request.sessionId ?? null,
    turn,
  };
  if (request.enableSearch) {
    metadata.sources = pickSources(request.query);
  }
  return metadata;
}
