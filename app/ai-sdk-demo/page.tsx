import type { Metadata } from "next";
import { connection } from "next/server";
import { AiSdkDemo } from "@/components/ai-sdk-demo/AiSdkDemo";
import { parseAiSdkDemoRoute } from "@/components/ai-sdk-demo/routes";
import { examplePromptsFor } from "@/components/ws-demo/demo-prompts";
import { currentUpstream } from "@/lib/createai/current-upstream";

export const metadata: Metadata = {
  title: "AI SDK demo",
  description: "The Study Coach chat on the AI SDK's useChat: streamed answers from ASU CreateAI or its local stand-in.",
};

export default async function AiSdkDemoPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const { upstream } = currentUpstream();
  const route = parseAiSdkDemoRoute((await searchParams).route);
  return <AiSdkDemo upstream={upstream} route={route} examplePrompts={examplePromptsFor(upstream)} />;
}
