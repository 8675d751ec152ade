/** Clickable suggestions that send a question in one click. */
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
  if (prompts.length === 0) return null;
  return (
    // One scrolling row on a phone, so the suggestions never push the conversation out of view.
    <ul aria-label="Example questions" className="mx-auto flex w-full max-w-3xl gap-2 overflow-x-auto px-3 pt-3 pb-1 sm:flex-wrap sm:px-4">
      {prompts.map((example) => (
        <li key={example.prompt} className="shrink-0">
          <button
            type="button"
            data-testid="example-prompt"
            disabled={disabled}
            onClick={() => onPick(example.prompt)}
            title={example.description}
            className="rounded-full border border-zinc-300 bg-white px-3 py-1 text-sm text-zinc-800 hover:border-maroon-700 hover:text-maroon-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-maroon-700 disabled:cursor-not-allowed disabled:opacity-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:border-maroon-300 dark:hover:text-maroon-100 dark:focus-visible:outline-maroon-300"
          >
            {example.label ?? example.prompt}
            {example.description && <span className="sr-only">: {example.description}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}
