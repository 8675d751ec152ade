import { createai } from "@/lib/ai-sdk";
import { createExampleChatHandler } from "./handler";

// The AI SDK's way, for comparison with /api/ws-chat: streamText over the CreateAI provider.
export const runtime = "nodejs";

export const POST = createExampleChatHandler({ model: createai("claude4_5_sonnet") });
