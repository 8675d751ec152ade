/** The example questions `/ws-demo` offers; the `/demo` commands only the local stand-in understands. */
import type { ExamplePrompt } from "@/components/chat/ExamplePrompts";
import type { UpstreamKind } from "@/lib/chat-stream/events";

export const EVERYDAY_PROMPTS: readonly ExamplePrompt[] = [
  { prompt: "Explain osmosis in three bullet points.", label: "Explain osmosis" },
  { prompt: "Make a table comparing mitosis and meiosis.", label: "Compare mitosis and meiosis" },
];

export const STANDIN_DEMO_PROMPTS: readonly ExamplePrompt[] = [
  { prompt: "/demo slow", description: "the usual answer at 250 ms a chunk, to try Stop" },
  { prompt: "/demo long", description: "a long Markdown answer, to try scrolling and Jump to latest" },
  { prompt: "/demo error", description: "some text, then the upstream drops, to try the error and Retry" },
  { prompt: "/demo math", description: "formulas in four notations and highlighted code, to try math and Copy on a code block" },
];

const LOCAL_PROMPTS: readonly ExamplePrompt[] = [...EVERYDAY_PROMPTS, ...STANDIN_DEMO_PROMPTS];

/** What a demo page offers: the everyday questions, and the stand-in's commands when it answers. */
export function examplePromptsFor(upstream: UpstreamKind | undefined): readonly ExamplePrompt[] {
  return upstream === "local" ? LOCAL_PROMPTS : EVERYDAY_PROMPTS;
}
