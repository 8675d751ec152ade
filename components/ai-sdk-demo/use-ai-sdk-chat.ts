"use client";
/**
 * `useChat` from `@ai-sdk/react` with `DefaultChatTransport`, presented as the interface our chat
 * view renders (`UseCreateAIChatResult`). The AI SDK owns the transport and the messages; this
 * hook adds what the protocol leaves to the app: a real Stop (`DELETE …/streams/{messageId}`,
 * since a resumable answer outlives the request that asked for it), keeping the conversation
 * across a reload so `resume` can re-attach, and failures in the students' words.
 */
import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import { useEffect, useMemo, useState } from "react";
import type { ChatStatus } from "@/lib/chat-client/types";
import type { UseCreateAIChatResult } from "@/lib/chat-client/use-create-ai-chat";
import type { UpstreamKind } from "@/lib/chat-stream/events";
import { saveStoredChat, type IncompleteAnswers, type StoredChat } from "./stored-chat";
import { failureOf, toChatMessages } from "./ui-messages";

export interface AiSdkChatOptions {
  /** The route `DefaultChatTransport` posts to. */
  api: string;
  /** Where a real stop is sent (`{stopApi}/{messageId}`, DELETE); false: Stop only stops reading. */
  stopApi: string | false;
  /** Re-attach on mount to an answer still streaming for this chat (`GET {api}/{chatId}/stream`). */
  resume: boolean;
  /** The conversation to start from: its id and stored messages. */
  initial: StoredChat;
  /** Starts a new conversation (the owner remounts the chat with a new id). */
  onNewChat: () => void;
}

/** Re-render at most this often while an answer streams. */
const THROTTLE_MS = 50;

export function useAiSdkChat({ api, stopApi, resume, initial, onNewChat }: AiSdkChatOptions): UseCreateAIChatResult {
  // One transport for the chat's life: a new one per render would be a new chat for useChat.
  const [transport] = useState(() => new DefaultChatTransport({ api }));
  const chat = useChat({ id: initial.id, messages: initial.messages, transport, resume, experimental_throttle: THROTTLE_MS });
  const [incomplete, setIncomplete] = useState<IncompleteAnswers>(initial.incomplete);
  const status: ChatStatus = chat.status;
  const isBusy = status === "submitted" || status === "streaming";
  const last = chat.messages.at(-1);

  // An answer that failed midway stays marked as such, across a reload too.
  const interruptedId = status === "error" && last?.role === "assistant" ? last.id : undefined;
  useEffect(() => {
    if (interruptedId !== undefined) setIncomplete((marked) => (marked[interruptedId] ? marked : { ...marked, [interruptedId]: "interrupted" }));
  }, [interruptedId]);

  // Saved once the question is out and when the answer has ended; a reload mid-answer gets the
  // rest of it by resuming, so the growing text itself is never written.
  useEffect(() => {
    if (status !== "streaming") saveStoredChat(api, { id: chat.id, messages: chat.messages, incomplete });
  }, [api, chat.id, chat.messages, status, incomplete]);

  const messages = useMemo(() => toChatMessages(chat.messages, status, incomplete), [chat.messages, status, incomplete]);
  const error = useMemo(() => (chat.error ? failureOf(chat.error) : undefined), [chat.error]);
  const lastAnswer = [...chat.messages].reverse().find((message) => message.role === "assistant");
  const lastMetadata = metadataOf(lastAnswer);

  function reset(): void {
    if (isBusy) stop();
    onNewChat();
  }

  function stop(): void {
    if (status === "streaming" && last?.role === "assistant") {
      const stopped = last.id;
      setIncomplete((marked) => ({ ...marked, [stopped]: "stopped" }));
      // The id is the one the route sent in `start`. Before it arrived there is nothing to name:
      // the route then closes the detached answer by itself.
      if (stopApi !== false) void fetch(`${stopApi}/${encodeURIComponent(stopped)}`, { method: "DELETE", keepalive: true }).catch(() => undefined);
    }
    void chat.stop();
  }

  return {
    status,
    messages,
    error: status === "error" ? error : undefined,
    sessionId: lastMetadata?.sessionId,
    upstream: lastMetadata?.upstream,
    isBusy,
    send(text) {
      if (isBusy || text.trim() === "") return false;
      void chat.sendMessage({ text });
      return true;
    },
    stop,
    retry() {
      if (isBusy) return false;
      void chat.regenerate();
      return true;
    },
    edit(text) {
      const question = [...chat.messages].reverse().find((message) => message.role === "user");
      if (isBusy || text.trim() === "" || question === undefined) return false;
      // The AI SDK replaces the message with this id and everything after it.
      void chat.sendMessage({ text, messageId: question.id });
      return true;
    },
    reset,
    // There is one stored chat here: forgetting it is starting a new one.
    discard: reset,
  };
}

/** What the route puts in `messageMetadata`; read tolerantly, as another route may send none. */
function metadataOf(message: { metadata?: unknown } | undefined): { sessionId?: string; upstream?: UpstreamKind } | undefined {
  const metadata = message?.metadata as { sessionId?: unknown; upstream?: unknown } | undefined;
  if (!metadata) return undefined;
  return {
    sessionId: typeof metadata.sessionId === "string" ? metadata.sessionId : undefined,
    upstream: metadata.upstream === "createai" || metadata.upstream === "local" ? metadata.upstream : undefined,
  };
}
