/**
 * Turns a validated request into the exact query CreateAI receives: defaults applied, the
 * conversation split into query and history, Study Coach scoping folded into session and prompt.
 */
import type { CreateAIConfig } from "../createai/config";
import { joinSystemPrompt, splitConversation, type CreateAIQuery } from "../createai/payload";
import type { ChatRequest } from "./request-schema";

/** A request's fields that shape the query; library callers may add free-form `context`. */
export type ScopedChatRequest = Pick<
  ChatRequest,
  "messages" | "sessionId" | "systemPrompt" | "temperature" | "model" | "enableSearch" | "studentId" | "courseId" | "preparationPageId"
> & { context?: string };

export function resolveCreateAIQuery(
  request: ScopedChatRequest,
  config: Pick<CreateAIConfig, "projectId" | "model">,
  newId: () => string,
): CreateAIQuery {
  const { query, history, systemMessages } = splitConversation(request.messages);
  return {
    query,
    history,
    systemPrompt: joinSystemPrompt([request.systemPrompt, ...systemMessages, studyCoachScope(request), contextBlock(request.context)]),
    sessionId: request.sessionId ?? studyCoachSession(request) ?? newId(),
    projectId: config.projectId,
    model: request.model ?? config.model,
    temperature: request.temperature,
    enableSearch: request.enableSearch,
    // JSON frames carry the search sources back as metadata; plain text frames cannot.
    responseFormat: request.enableSearch ? "json" : "text",
  };
}

/** One conversation per student, course and preparation page, when the page did not name one. */
function studyCoachSession(request: ScopedChatRequest): string | undefined {
  if (request.studentId === undefined) return undefined;
  return ["studycoach", request.courseId ?? "any-course", request.preparationPageId ?? "any-page", request.studentId].join(":");
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
