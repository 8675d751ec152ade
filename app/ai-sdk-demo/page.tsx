import type { Metadata } from "next";
import { connection } from "next/server";
import { AiSdkDemo } from "@/components/ai-sdk-demo/AiSdkDemo";
import { parseAiSdkDemoRoute } from "@/components/ai-sdk-demo/routes";
import { EVERYDAY_PROMPTS, STANDIN_DEMO_PROMPTS } from "@/components/ws-demo/demo-prompts";
import { loadCreateAIConfig } from "@/lib/createai/config";
import type { UpstreamKind } from "@/lib/chat-stream/events";

export const metadata: Metadata = {
  title: "AI SDK demo",
  description: "The Study Coach chat on the AI SDK's useChat: streamed answers from ASU CreateAI or its local stand-in.",
};

/** Which upstream this server talks to, read at request time (the environment is the server's). */
function currentUpstream(): UpstreamKind | undefined {
  try {
    return loadCreateAIConfig(process.env).upstream;
  } catch {
    // A broken configuration is reported by the route on the first question; the badge just says "unknown".
    return undefined;
  }
}

export default async function AiSdkDemoPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const upstream = currentUpstream();
  const route = parseAiSdkDemoRoute((await searchParams).route);
  const examplePrompts = upstream === "local" ? [...EVERYDAY_PROMPTS, ...STANDIN_DEMO_PROMPTS] : EVERYDAY_PROMPTS;
  return <AiSdkDemo upstream={upstream} route={route} examplePrompts={examplePrompts} />;
}
