/** Shown when an answer has gone quiet for a while, with Stop close by. */
export function SlowAnswerNotice({ onStop }: { onStop: () => void }) {
  return (
    <div className="px-3 pb-1 sm:px-4">
      <div
        data-testid="slow-answer-notice"
        className="mx-auto flex max-w-3xl flex-wrap items-center gap-3 rounded-xl border border-amber-200 bg-amber-50 px-4 py-2.5 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-100"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-5 shrink-0 text-amber-600 dark:text-amber-400">
          <path fillRule="evenodd" d="M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm1-12a1 1 0 1 0-2 0v4a1 1 0 0 0 .3.7l2.5 2.5a1 1 0 0 0 1.4-1.4L11 9.6V6Z" clipRule="evenodd" />
        </svg>
        <p className="min-w-0 flex-1">This answer is taking longer than usual…</p>
        <button
          type="button"
          data-testid="slow-answer-stop"
          onClick={onStop}
          className="rounded-lg border border-amber-300 bg-white px-3 py-1.5 font-medium text-amber-900 hover:bg-amber-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-700 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100 dark:hover:bg-amber-900 dark:focus-visible:outline-amber-400"
        >
          Stop
        </button>
      </div>
    </div>
  );
}
