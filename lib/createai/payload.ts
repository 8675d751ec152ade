/**
 * Pure translation from a chat (messages + options) into CreateAI's query payload.
 * No I/O: the same input always gives the same payload.
 */
import { utf8Length } from "./utf8-length";

/** One earlier exchange, in CreateAI's `model_params.history` shape. */
export interface HistoryTurn {
  query: string;
  response: string;
}

export type ChatRole = "user" | "assistant" | "system";
export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** Everything CreateAI needs for one answer, already resolved (no defaults left to apply). */
export interface CreateAIQuery {
  query: string;
  history: HistoryTurn[];
  systemPrompt: string;
  sessionId: string;
  projectId: string;
  model: { provider: string; name: string };
  temperature?: number;
  enableSearch?: boolean;
  /** "json" asks CreateAI for `{response}` frames and a final metadata frame. */
  responseFormat?: "text" | "json";
}

/** The JSON message sent on the socket (and the body of REST `/query`). */
export interface CreateAIPayload {
  action: "query";
  request_source: "override_params";
  query: string;
  session_id: string;
  project_id: string;
  model_provider: string;
  model_name: string;
  model_params: {
    system_prompt: string;
    temperature?: number;
    history?: HistoryTurn[];
    enable_search?: boolean;
    search_params?: { collection: string; top_k: number; retrieval_type: "chunk"; output_fields: string[] };
  };
  response_format?: { type: "json" };
}

/**
 * CreateAI injects its own long default when the system prompt is empty, so we always send one.
 */
export const DEFAULT_SYSTEM_PROMPT =
  "You are ASU Study Coach, a patient tutor for Arizona State University students. " +
  "Answer clearly and accurately, explain your reasoning step by step when it helps, " +
  "use Markdown for structure, and say so when you are not sure.";

/**
 * Splits a chat into CreateAI's shape: the last user message is the query, earlier
 * user/assistant pairs become history, system messages join the system prompt.
 * Assumes the last message is from the user (the request schema guarantees it).
 */
export function splitConversation(messages: readonly ChatMessage[]): {
  query: string;
  history: HistoryTurn[];
  systemMessages: string[];
} {
  const systemMessages: string[] = [];
  const history: HistoryTurn[] = [];
  let pendingQuery: string | undefined;
  let query = "";

  messages.forEach((message, index) => {
    if (message.role === "system") {
      systemMessages.push(message.content);
      return;
    }
    if (index === messages.length - 1) {
      if (pendingQuery !== undefined) history.push({ query: pendingQuery, response: "" });
      pendingQuery = undefined;
      query = message.content;
      return;
    }
    if (message.role === "user") {
      // Two user messages in a row: the first one never got an answer.
      if (pendingQuery !== undefined) history.push({ query: pendingQuery, response: "" });
      pendingQuery = message.content;
      return;
    }
    // An assistant message answers the pending user message; one with no question before it
    // (a greeting, say) still belongs to the conversation, as a turn with an empty query.
    history.push({ query: pendingQuery ?? "", response: message.content });
    pendingQuery = undefined;
  });

  return { query, history, systemMessages };
}

/** Joins the non-empty parts of a system prompt, in order, one paragraph each. */
export function joinSystemPrompt(parts: ReadonlyArray<string | undefined>): string {
  const kept = parts.map((part) => part?.trim()).filter((part): part is string => Boolean(part));
  return kept.length > 0 ? kept.join("\n\n") : DEFAULT_SYSTEM_PROMPT;
}

/** API Gateway's limit on one WebSocket message, which CreateAI's socket sits behind. */
const CREATEAI_MAX_MESSAGE_BYTES = 128 * 1024;

/** Bytes the payload takes on the socket: over `CREATEAI_MAX_MESSAGE_BYTES`, CreateAI drops the connection. */
function payloadBytes(payload: CreateAIPayload): number {
  return utf8Length(JSON.stringify(payload));
}

/** Why `payload` cannot be sent (it is over CreateAI's message limit), or undefined when it fits. */
export function oversizePayloadReason(payload: CreateAIPayload): string | undefined {
  const bytes = payloadBytes(payload);
  if (bytes <= CREATEAI_MAX_MESSAGE_BYTES) return undefined;
  return `The question, system prompt and kept history come to ${bytes} bytes, over CreateAI's limit of ${CREATEAI_MAX_MESSAGE_BYTES} bytes per message. Shorten the question or the system prompt.`;
}

/** Builds the payload CreateAI expects from a resolved query. */
export function buildCreateAIPayload(input: CreateAIQuery): CreateAIPayload {
  const payload: CreateAIPayload = {
    action: "query",
    // Without it, project tokens can silently ignore the model and system prompt we send.
    request_source: "override_params",
    query: input.query,
    session_id: input.sessionId,
    project_id: input.projectId,
    model_provider: input.model.provider,
    model_name: input.model.name,
    model_params: { system_prompt: input.systemPrompt.trim() || DEFAULT_SYSTEM_PROMPT },
  };
  if (input.temperature !== undefined) payload.model_params.temperature = input.temperature;
  if (input.history.length > 0) payload.model_params.history = input.history;
  if (input.enableSearch) {
    payload.model_params.enable_search = true;
    payload.model_params.search_params = {
      collection: input.projectId,
      top_k: 3,
      retrieval_type: "chunk",
      output_fields: ["content", "source_name", "page_number"],
    };
  }
  if (input.responseFormat === "json") payload.response_format = { type: "json" };
  return payload;
}
