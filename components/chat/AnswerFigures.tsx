/**
 * One answer's live figures for developers: time to first text, chunks, characters per second,
 * and which upstream answered.
 */
import type { AssistantMessage } from "@/lib/chat-client/types";

const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function AnswerFigures({ message }: { message: AssistantMessage }) {
  const figures = message.figures;
  if (!figures) return null;
  const seconds = figures.streamingMs / 1000;
  const charsPerSecond = seconds > 0 ? figures.chars / seconds : undefined;
  const items: [string, string][] = [
    ["first text", figures.firstTextMs === null ? "…" : `${numberFormat.format(figures.firstTextMs)} ms`],
    ["chunks", numberFormat.format(figures.chunks)],
    ["chars/s", charsPerSecond === undefined ? "…" : numberFormat.format(charsPerSecond)],
  ];
  if (message.upstream) items.push(["from", message.upstream === "local" ? "local stand-in" : "CreateAI"]);
  if (message.model) items.push(["model", `${message.model.provider}/${message.model.name}`]);

  return (
    <dl data-testid="answer-figures" className="flex flex-wrap gap-x-3 gap-y-1 font-mono text-[0.7rem] text-zinc-600 dark:text-zinc-400">
      {items.map(([term, value]) => (
        <div key={term} className="flex gap-1">
          <dt>{term}</dt>
          <dd className="font-semibold text-zinc-800 tabular-nums dark:text-zinc-200">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
