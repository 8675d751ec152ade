/** Clickable suggestions that send a question in one click. */
import { useId } from "react";

export interface ExamplePrompt {
  /** Sent as the question. */
  prompt: string;
  /** Shown on the chip; default the prompt. */
  label?: string;
  /** A short explanation, shown as the chip's tooltip and to screen readers. */
  description?: string;
}

export function ExamplePrompts({
  prompts,
  disabled,
  onPick,
}: {
  prompts: readonly ExamplePrompt[];
  disabled: boolean;
  onPick: (prompt: string) => void;
}) {
  const idPrefix = useId();
  if (prompts.length === 0) return null;
  return (
    // One scrolling row on a phone, so the suggestions never push the conversation out of view.
    // `relative`: anything positioned inside the row scrolls with it instead of widening the page.
    <ul aria-label="Example questions" className="relative mx-auto flex w-full max-w-3xl gap-2 overflow-x-auto px-3 pt-3 pb-1 sm:flex-wrap sm:px-4">
      {prompts.map((example, index) => (
        <li key={example.prompt} className="shrink-0">
          <button
            type="button"
            data-testid="example-prompt"
            disabled={disabled}
            onClick={() => onPick(example.prompt)}
            title={example.description}
            aria-describedby={example.description ? `${idPrefix}-${index}` : undefined}
            className="rounded-full border border-zinc-300 bg-white px-3 py-1 text-sm text-zinc-800 hover:border-maroon-700 hover:text-maroon-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-maroon-700 disabled:cursor-not-allowed disabled:opacity-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:border-maroon-300 dark:hover:text-maroon-100 dark:focus-visible:outline-maroon-300"
          >
            {example.label ?? example.prompt}
          </button>
          {/* Hidden, not sr-only: aria-describedby reads hidden text, and an sr-only span is positioned
              outside the scrolling row, where it widened the page on a phone. */}
          {example.description && (
            <span id={`${idPrefix}-${index}`} hidden>
              {example.description}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
