"use client";
/**
 * `/ws-demo`: the Study Coach chat as students get it, plus what a developer wants next to it:
 * request settings, live figures under each answer, and where the answers come from.
 */
import { StudyCoachChat as WebSocketChat } from "@/components/chat/StudyCoachChat";
import type { UpstreamKind } from "@/lib/chat-stream/events";
import { examplePromptsFor } from "./demo-prompts";
import { StandinCommandList } from "./StandinCommandList";
import { SettingsPanel } from "./SettingsPanel";
import { DemoPageShell } from "./DemoPageShell";
import { useStoredSettings } from "./use-stored-settings";

export function WsDemo({ upstream, defaultModel }: { upstream: UpstreamKind | undefined; defaultModel: string | undefined }) {
  const [settings, setSettings] = useStoredSettings();
  const local = upstream === "local";
  const examplePrompts = examplePromptsFor(upstream);
  const model = settings.provider && settings.modelName ? { provider: settings.provider, name: settings.modelName } : undefined;

  return (
    <DemoPageShell title="CreateAI streaming demo" upstream={upstream}>
        <WebSocketChat
          className="h-[calc(100dvh-7.5rem)] min-h-[26rem] sm:h-[calc(100dvh-6.5rem)]"
          title="Study Coach"
          systemPrompt={settings.systemPrompt}
          temperature={settings.temperature}
          model={model}
          enableSearch={settings.enableSearch}
          examplePrompts={examplePrompts}
          showAnswerFigures
          settings={<SettingsPanel settings={settings} onChange={setSettings} />}
        />
        <aside className="flex flex-col gap-6 self-start rounded-2xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
          <section aria-labelledby="about-heading" className="flex flex-col gap-2 text-sm text-zinc-700 dark:text-zinc-300">
            <h2 id="about-heading" className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
              About this page
            </h2>
            <p>
              Answers stream from <code className="font-mono text-xs">POST /api/ws-chat</code> as Server-Sent Events.
              Under each answer: time to first text, chunks received, and characters per second. Model, system prompt,
              temperature and search of course materials are under Settings in the chat&apos;s header; your chats are
              kept in this browser.
            </p>
            <p>
              {local ? (
                <>No <code className="font-mono text-xs">CREATE_AI_API_TOKEN</code> is set, so a local stand-in that speaks CreateAI&apos;s protocol answers. It ignores the model and prompt.</>
              ) : (
                <>Answers come from ASU CreateAI{defaultModel ? <> (default model <code className="font-mono text-xs">{defaultModel}</code>)</> : null}.</>
              )}
            </p>
            {local && (
              <>
                <h3 className="mt-2 font-semibold text-zinc-900 dark:text-zinc-100">Stand-in demo commands</h3>
                <StandinCommandList />
                <p>Click one of them under the conversation, or type it as a question.</p>
              </>
            )}
          </section>
        </aside>
    </DemoPageShell>
  );
}
