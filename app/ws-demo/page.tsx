import type { Metadata } from "next";
import { connection } from "next/server";
import { WsDemo } from "@/components/ws-demo/WsDemo";
import { currentUpstream } from "@/lib/createai/current-upstream";

export const metadata: Metadata = {
  title: "Streaming demo",
  description: "Try the Study Coach chat: streamed answers from ASU CreateAI or its local stand-in.",
};

export default async function WsDemoPage() {
  await connection();
  const { upstream, defaultModel } = currentUpstream();
  return <WsDemo upstream={upstream} defaultModel={defaultModel} />;
}
