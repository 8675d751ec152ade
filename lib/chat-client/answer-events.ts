/**
 * What one event of an answer does to the conversation, as a pure function: the controller
 * decides when it is published and what ends the reading. `error` is not here: it is a failure.
 */
import type { ChatEvent } from "@/lib/chat-stream/events";
import { updateAnswer } from "./conversation";
import type { AnswerFigures, AssistantMessage, ChatSnapshot } from "./types";

export type AnswerEvent = Exclude<ChatEvent, { type: "error" }>;

/**
 * The state after `event` (SSE id `id`) of the answer `answerId`; `figures` are the answer's
 * figures after a `delta`. The event's id lands with its effect, in one update: what is saved
 * or sent to another tab always pairs the text with the id to resume after.
 */
export function applyAnswerEvent(
  draft: ChatSnapshot,
  answerId: string,
  event: AnswerEvent,
  id: number | undefined,
  figures?: AnswerFigures,
): ChatSnapshot {
  const apply = (recipe: (answer: AssistantMessage) => AssistantMessage) =>
    updateAnswer(draft.messages, answerId, (answer) => (id === undefined ? recipe(answer) : { ...recipe(answer), lastEventId: id }));
  switch (event.type) {
    case "start": {
      const { messageId, sessionId, model, upstream } = event.data;
      return {
        ...draft,
        upstream,
        // The route issues the session; later questions of this conversation send it back.
        sessionId,
        messages: apply((answer) => ({ ...answer, serverMessageId: messageId, model, upstream })),
      };
    }
    case "delta": {
      const { text } = event.data;
      return { ...draft, messages: apply((answer) => ({ ...answer, content: answer.content + text, figures: figures ?? answer.figures })) };
    }
    case "metadata": {
      const metadata = event.data;
      return { ...draft, messages: apply((answer) => ({ ...answer, metadata })) };
    }
    case "done": {
      const { text } = event.data;
      return {
        ...draft,
        status: "ready",
        // `done.text` is the whole answer as the server saw it; it wins over our concatenation.
        messages: apply((answer) => ({ ...answer, content: text, state: "done" })),
      };
    }
  }
}
