import type { Metadata } from "next";
import { connection } from "next/server";
import { WsDemo } from "@/components/ws-demo/WsDemo";
import { loadCreateAIConfig } from "@/lib/createai/config";
import type { UpstreamKind } from "@/lib/chat-stream/events";

export const metadata: Metadata = {
  title: "Streaming demo",
  description: "Try the Study Coach chat: streamed answers from ASU CreateAI or its local stand-in.",
};

/** Which upstream this server talks to, read at request time (the environment is the server's). */
function currentUpstream(): { upstream: UpstreamKind | undefined; defaultModel: string | undefined } {
  try {
    const config = loadCreateAIConfig(process.env);
    return { upstream: config.upstream, defaultModel: `${config.model.provider}/${config.model.name}` };
  } catch {
    // A broken configuration is reported by the route on the first question; the badge just says "unknown".
    return { upstream: undefined, defaultModel: undefined };
  }
}

export default async function WsDemoPage() {
  await connection();
  const { upstream, defaultModel } = currentUpstream();
  return <WsDemo upstream={upstream} defaultModel={defaultModel} />;
}
