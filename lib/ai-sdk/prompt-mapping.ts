/**
 * The AI SDK's prompt in the shape CreateAI takes: plain `{ role, content }` messages whose last
 * one is the question. From there the route's own rules apply (`splitConversation`): the last
 * user message is `query`, earlier user/assistant pairs are `model_params.history`, system
 * messages join the system prompt. CreateAI takes text only: files, tool calls and tool results
 * are left out with a warning; reasoning is the model's own scratch text and is left out quietly.
 * Pure: no I/O.
 */
import { InvalidPromptError, type LanguageModelV3Prompt, type SharedV3Warning } from "@ai-sdk/provider";
import type { ChatMessage } from "../createai/payload";

export interface MappedPrompt {
  /** The conversation, ending with the user's question. */
  messages: ChatMessage[];
  warnings: SharedV3Warning[];
}

const PART_JOINER = "\n\n";

export function mapPromptToMessages(prompt: LanguageModelV3Prompt): MappedPrompt {
  const messages: ChatMessage[] = [];
  const dropped = new Set<"file" | "tool">();

  for (const message of prompt) {
    if (message.role === "system") {
      messages.push({ role: "system", content: message.content });
      continue;
    }
    if (message.role === "tool") {
      dropped.add("tool");
      continue;
    }
    const texts: string[] = [];
    for (const part of message.content) {
      if (part.type === "text") texts.push(part.text);
      else if (part.type === "file") dropped.add("file");
      else if (part.type === "tool-call" || part.type === "tool-result") dropped.add("tool");
    }
    const content = texts.join(PART_JOINER);
    if (content.trim() === "") continue;
    const previous = messages.at(-1);
    // One answer split by tool steps is still one answer: CreateAI's history pairs a question with one response.
    if (message.role === "assistant" && previous?.role === "assistant") previous.content += PART_JOINER + content;
    else messages.push({ role: message.role, content });
  }

  const question = lastNonSystem(messages);
  if (question?.role !== "user") {
    throw new InvalidPromptError({
      prompt,
      message: "CreateAI answers a question: the prompt must end with a user message that has text.",
    });
  }
  // System messages after the question still join the system prompt; the question stays last.
  const ordered = [...messages.filter((message) => message !== question), question];
  return { messages: ordered, warnings: [...dropped].map(droppedWarning) };
}

function lastNonSystem(messages: readonly ChatMessage[]): ChatMessage | undefined {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    if (messages[index]?.role !== "system") return messages[index];
  }
  return undefined;
}

function droppedWarning(kind: "file" | "tool"): SharedV3Warning {
  return kind === "file"
    ? { type: "unsupported", feature: "file parts", details: "CreateAI takes text only; files were left out of the prompt." }
    : { type: "unsupported", feature: "tool calls and results", details: "CreateAI has no tools here; tool calls and results were left out of the prompt." };
}
