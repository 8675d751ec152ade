/**
 * Turns a validated request into the exact query CreateAI receives: defaults applied, the
 * conversation split into query and history (trimmed to its budget), Study Coach labels folded
 * into the prompt.
 */
import type { CreateAIConfig } from "../createai/config";
import { DEFAULT_HISTORY_BUDGET, trimHistory, type HistoryBudget } from "../createai/history-budget";
import { joinSystemPrompt, splitConversation, type CreateAIQuery } from "../createai/payload";
import type { ChatRequest } from "./request-schema";

/** A request's fields that shape the query; library callers may add free-form `context`. */
export type ScopedChatRequest = Pick<ChatRequest, "messages"> &
  Partial<
    Pick<ChatRequest, "sessionId" | "systemPrompt" | "temperature" | "model" | "enableSearch" | "studentId" | "courseId" | "preparationPageId">
  > & { context?: string };

export function resolveCreateAIQuery(
  request: ScopedChatRequest,
  config: Pick<CreateAIConfig, "projectId" | "model">,
  newId: () => string,
  historyBudget: HistoryBudget = DEFAULT_HISTORY_BUDGET,
): CreateAIQuery {
  const { query, history, systemMessages } = splitConversation(request.messages);
  return {
    query,
    history: trimHistory(history, historyBudget),
    systemPrompt: joinSystemPrompt([request.systemPrompt, ...systemMessages, studyCoachScope(request), contextBlock(request.context)]),
    // A new conversation gets a session of its own: the history in `messages` is what carries a
    // conversation, and sessions are never shared because two chats share a student or a course.
    sessionId: request.sessionId ?? newId(),
    projectId: config.projectId,
    model: request.model ?? config.model,
    temperature: request.temperature,
    enableSearch: request.enableSearch,
    // JSON frames end with a frame of their own (an answer that mentions `<EOS>` is not cut
    // short) and carry search sources back as metadata. Upstreams that ignore the request and
    // send text frames still work: the decoder reads both.
    responseFormat: "json",
  };
}

function studyCoachScope(request: ScopedChatRequest): string | undefined {
  const parts: string[] = [];
  if (request.courseId !== undefined) parts.push(`course ${request.courseId}`);
  if (request.preparationPageId !== undefined) parts.push(`preparation page ${request.preparationPageId}`);
  if (parts.length === 0) return undefined;
  return `The student is preparing on ${parts.join(", ")}. Keep answers focused on that material.`;
}

function contextBlock(context: string | undefined): string | undefined {
  return context?.trim() ? `Use this context when it helps:\n${context.trim()}` : undefined;
}
