"use client";
/**
 * `/ai-sdk-demo`: the chat built on the AI SDK's `useChat`, talking to `/api/ws-chat` in the UI
 * message stream protocol (or, for comparison, to `/api/ai-sdk-example`, where `streamText` runs
 * over the CreateAI provider), rendered with the Study Coach's own chat view.
 */
import Link from "next/link";
import { useEffect, useState } from "react";
import { ChatView } from "@/components/chat/ChatView";
import type { ExamplePrompt } from "@/components/chat/ExamplePrompts";
import { UpstreamBadge } from "@/components/ws-demo/UpstreamBadge";
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
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
          <div className="flex min-w-0 items-center gap-3">
            <Link href="/" className="rounded text-sm font-medium text-maroon-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-maroon-700 dark:text-maroon-300">
              ← Home
            </Link>
            <h1 className="truncate text-lg font-semibold">AI SDK demo</h1>
          </div>
          <UpstreamBadge upstream={upstream} />
        </div>
      </header>

      <main className="mx-auto grid w-full max-w-7xl flex-1 gap-6 px-3 py-4 sm:px-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        {chat ? (
          <AiSdkChat key={`${api} ${chat.id}`} route={route} initial={chat} onNewChat={startNewChat} examplePrompts={examplePrompts} />
        ) : (
          <div aria-hidden="true" className={`${CHAT_HEIGHT} rounded-2xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900`} />
        )}
        <AboutAiSdkDemo route={route} local={upstream === "local"} />
      </main>
    </div>
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
