"use client";
/**
 * `/ai-sdk-demo`: the chat built on the AI SDK's `useChat`, talking to `/api/ws-chat` in the UI
 * message stream protocol (or, for comparison, to `/api/ai-sdk-example`, where `streamText` runs
 * over the CreateAI provider), rendered with the Study Coach's own chat view.
 */
import { useEffect, useState } from "react";
import { ChatView } from "@/components/chat/ChatView";
import type { ExamplePrompt } from "@/components/chat/ExamplePrompts";
import { DemoPageShell } from "@/components/ws-demo/DemoPageShell";
import type { UpstreamKind } from "@/lib/chat-stream/events";
import { AboutAiSdkDemo } from "./AboutAiSdkDemo";
import { AI_SDK_DEMO_ROUTES, type AiSdkDemoRoute } from "./routes";
import { loadStoredChat, newStoredChat, saveStoredChat, type StoredChat } from "./stored-chat";
import { useAiSdkChat } from "./use-ai-sdk-chat";

const CHAT_HEIGHT = "h-[calc(100dvh-7.5rem)] min-h-[26rem] sm:h-[calc(100dvh-6.5rem)]";

export interface AiSdkDemoProps {
  upstream: UpstreamKind | undefined;
  route: AiSdkDemoRoute;
  examplePrompts: readonly ExamplePrompt[];
}

export function AiSdkDemo({ upstream, route, examplePrompts }: AiSdkDemoProps) {
  const { api } = AI_SDK_DEMO_ROUTES[route];
  // The conversation lives in this tab's storage, which the server cannot read: the chat mounts
  // once it has been read, with the same markup on the server and at hydration before that.
  const [chat, setChat] = useState<StoredChat | undefined>(undefined);
  useEffect(() => setChat(loadStoredChat(api)), [api]);

  function startNewChat(): void {
    const next = newStoredChat();
    saveStoredChat(api, next);
    setChat(next);
  }

  return (
    <DemoPageShell title="AI SDK demo" upstream={upstream}>
        {chat ? (
          <AiSdkChat key={`${api} ${chat.id}`} route={route} initial={chat} onNewChat={startNewChat} examplePrompts={examplePrompts} />
        ) : (
          <div aria-hidden="true" className={`${CHAT_HEIGHT} rounded-2xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900`} />
        )}
        <AboutAiSdkDemo route={route} local={upstream === "local"} />
    </DemoPageShell>
  );
}

function AiSdkChat({ route, initial, onNewChat, examplePrompts }: { route: AiSdkDemoRoute; initial: StoredChat; onNewChat: () => void; examplePrompts: readonly ExamplePrompt[] }) {
  const { api, stopApi, resume } = AI_SDK_DEMO_ROUTES[route];
  const chat = useAiSdkChat({ api, stopApi, resume, initial, onNewChat });
  return (
    <ChatView
      chat={chat}
      title={`useChat → ${api}`}
      inputLabel="Ask a question"
      placeholder="Ask a question…"
      examplePrompts={examplePrompts}
      className={CHAT_HEIGHT}
    />
  );
}
