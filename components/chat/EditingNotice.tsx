/** Above the question box while the last question is being edited: what Send will do, and Cancel. */
export function EditingNotice({ onCancel }: { onCancel: () => void }) {
  return (
    <div data-testid="editing-notice" className="mx-auto flex w-full max-w-3xl items-center justify-between gap-3 px-4 pt-2 text-sm text-zinc-700 dark:text-zinc-300">
      <p>Editing your last question: send it to get a new answer.</p>
      <button
        type="button"
        onClick={onCancel}
        className="shrink-0 rounded-md px-2 py-1 text-sm font-medium text-maroon-700 hover:bg-maroon-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-maroon-700 dark:text-maroon-300 dark:hover:bg-zinc-800 dark:focus-visible:outline-maroon-300"
      >
        Cancel
      </button>
    </div>
  );
}
